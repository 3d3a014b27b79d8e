import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Database } from '../platform/db/schema.js';
import type { Executor } from '../platform/db/executor.js';
import type { Actor } from '../platform/values/outcome.js';
import { figureSharing, saveFigureSharing } from './repository.js';
import { sharingSummary } from './sharing-rules.js';

/**
 * Changes whether the partnership shares its figures, if nobody changed it since the lead
 * commissioner saw it, with its audit record in the same transaction.
 */
export async function changeFigureSharing(
  db: Kysely<Database>,
  partnershipId: string,
  actor: Actor,
  change: { sharesFigures: boolean; expectedVersion: number },
  now: Date,
): Promise<{ ok: true } | { ok: false; conflict: true }> {
  return db.transaction().execute((trx) => applyFigureSharing(trx, partnershipId, actor, change, now));
}

/** The same change inside a transaction the caller already holds (the demo data's). */
export async function applyFigureSharing(
  trx: Executor,
  partnershipId: string,
  actor: Actor,
  change: { sharesFigures: boolean; expectedVersion: number },
  now: Date,
): Promise<{ ok: true } | { ok: false; conflict: true }> {
  const before = await figureSharing(trx, partnershipId, { forUpdate: true });
  if (before.version !== change.expectedVersion) return { ok: false as const, conflict: true as const };
  if (!(await saveFigureSharing(trx, partnershipId, { ...change, userId: actor.userId, now }))) return { ok: false as const, conflict: true as const };
  await recordAudit(trx, {
    partnershipId,
    actorUserId: actor.userId,
    action: 'figure_sharing_changed',
    recordType: 'partnership',
    recordId: partnershipId,
    summary: sharingSummary(before.sharesFigures, change.sharesFigures),
    requestId: actor.requestId ?? null,
  });
  return { ok: true as const };
}
