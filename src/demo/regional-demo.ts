import type { Transaction } from 'kysely';
import * as accounts from '../accounts/index.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Database } from '../platform/db/schema.js';
import { applyFigureSharing } from '../regional/index.js';
import { demoComparatorAreas } from './insight-demo.js';

/**
 * What the analysts' demo pages show: a second North West partnership (Harrowdale, one of the
 * invented comparator areas, which has published figures but has not started recording its
 * referrals here), and all three demo partnerships sharing their figures, through the same
 * audited change a lead commissioner makes. Everything is fictional.
 */

const harrowdaleArea = demoComparatorAreas.find((area) => area.name === 'Harrowdale (demo)');

export const demoSharingPartnership = { name: 'Harrowdale Recovery Partnership (demo)', onsCode: harrowdaleArea?.code ?? 'E06999904', region: 'North West' } as const;

export interface RegionalDemoPeople {
  adminUserId: string;
  /** Each sharing partnership with the person recorded as choosing to share (its lead, or the administrator who set it up). */
  sharing: Array<{ partnershipId: string; userId: string }>;
}

export async function seedDemoRegional(trx: Transaction<Database>, people: RegionalDemoPeople, today: Date): Promise<void> {
  const harrowdale = await accounts.insertPartnership(trx, demoSharingPartnership);
  await recordAudit(trx, {
    partnershipId: harrowdale.id,
    actorUserId: null,
    action: 'partnership_created',
    recordType: 'partnership',
    recordId: harrowdale.id,
    summary: 'Created with the demo data',
  });
  for (const { partnershipId, userId } of [...people.sharing, { partnershipId: harrowdale.id, userId: people.adminUserId }]) {
    await applyFigureSharing(trx, partnershipId, { userId }, { sharesFigures: true, expectedVersion: 0 }, today);
  }
}
