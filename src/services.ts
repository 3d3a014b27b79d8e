import type { Kysely } from 'kysely';
import { createAccountsService } from './accounts/index.js';
import { createApiTokenService } from './api/index.js';
import { createAssessmentService, createEvidenceService, createPlanService, createReviewService } from './assessment/index.js';
import { createPathwayService, createPlacementService } from './pathway/index.js';
import type { Database } from './platform/db/schema.js';
import type { Messenger } from './platform/messages.js';
import { createBedService, createCommissioningService, createDirectoryService, providerInvitationStore } from './providers/index.js';

export interface ServiceDependencies {
  db: Kysely<Database>;
  now: () => Date;
  /** How invitations and alerts are sent: GOV.UK Notify, SMTP or on screen. */
  messenger: Messenger;
  /** Where invitation links point; unset means the address the inviter is using. */
  publicUrl: string | undefined;
  /** Where large uploads are kept while they are imported. */
  uploadsFolder: string;
}

/**
 * The composition root: every service is built once, here, and handed to the routes that
 * use it. Tests build the app with their own services when they need to.
 */
export function createServices({ db, now, messenger, publicUrl, uploadsFolder }: ServiceDependencies) {
  return {
    db,
    now,
    uploadsFolder,
    messenger,
    accounts: createAccountsService({ db, now, messenger, publicUrl, providerInvitations: providerInvitationStore }),
    assessments: createAssessmentService({ db, now }),
    plans: createPlanService({ db, now }),
    peerReviews: createReviewService({ db, now }),
    evidence: createEvidenceService({ db, now }),
    directory: createDirectoryService({ db, now, messenger, publicUrl }),
    commissioning: createCommissioningService({ db, now }),
    beds: createBedService({ db, now }),
    pathway: createPathwayService({ db, now }),
    apiTokens: createApiTokenService({ db, now }),
    placements: createPlacementService({ db, now, messenger, publicUrl }),
  };
}

export type Services = ReturnType<typeof createServices>;
