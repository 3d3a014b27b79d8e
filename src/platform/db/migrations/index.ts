import type { Migration } from 'kysely';
import * as foundation from './2026-11-23-0001-foundation.js';
import * as assessment from './2026-11-23-0002-assessment.js';
import * as providers from './2026-11-23-0003-providers.js';
import * as pathway from './2026-11-23-0004-pathway.js';
import * as passwordExpiry from './2026-12-02-0005-password-expiry.js';
import * as referralImportStaging from './2026-12-02-0006-referral-import-staging.js';
import * as providerInvitations from './2026-12-02-0007-provider-invitations.js';
import * as insight from './2026-12-02-0008-insight.js';
import * as measureLinks from './2026-12-02-0009-measure-links.js';
import * as regionalSharing from './2026-12-02-0010-regional-sharing.js';
import * as statementEvidence from './2026-12-02-0011-statement-evidence.js';
import * as actionTargets from './2026-12-02-0012-action-targets.js';
import * as listIndexes from './2026-12-02-0013-list-indexes.js';
import * as reviewsNotRecorded from './2026-12-03-0014-reviews-not-recorded.js';
import * as apiTokens from './2026-12-03-0016-api-tokens.js';
import * as bedsAndPlacementRequests from './2026-12-03-0017-beds-and-placement-requests.js';
import * as weeklyDigests from './2026-12-03-0019-weekly-digests.js';
import * as typedImportStaging from './2026-12-03-0020-typed-import-staging.js';
import * as timelineInItsPartnership from './2026-12-04-0021-timeline-in-its-partnership.js';

/**
 * Every migration, in order. Listed explicitly (not read from the folder) so that the list
 * is checked by the compiler and survives bundling.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23-0001-foundation': foundation,
  '2026-11-23-0002-assessment': assessment,
  '2026-11-23-0003-providers': providers,
  '2026-11-23-0004-pathway': pathway,
  '2026-12-02-0005-password-expiry': passwordExpiry,
  '2026-12-02-0006-referral-import-staging': referralImportStaging,
  '2026-12-02-0007-provider-invitations': providerInvitations,
  '2026-12-02-0008-insight': insight,
  '2026-12-02-0009-measure-links': measureLinks,
  '2026-12-02-0010-regional-sharing': regionalSharing,
  '2026-12-02-0011-statement-evidence': statementEvidence,
  '2026-12-02-0012-action-targets': actionTargets,
  '2026-12-02-0013-list-indexes': listIndexes,
  '2026-12-03-0014-reviews-not-recorded': reviewsNotRecorded,
  '2026-12-03-0016-api-tokens': apiTokens,
  '2026-12-03-0017-beds-and-placement-requests': bedsAndPlacementRequests,
  '2026-12-03-0019-weekly-digests': weeklyDigests,
  '2026-12-03-0020-typed-import-staging': typedImportStaging,
  '2026-12-04-0021-timeline-in-its-partnership': timelineInItsPartnership,
};
