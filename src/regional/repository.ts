import { sql } from 'kysely';
import type { Executor } from '../platform/db/executor.js';

/**
 * All SQL of the regional capability: whether a partnership shares its figures with regional and
 * national analysts. Which sharing partnerships lie in an analyst's scope is insight's
 * `sharingPartnerships` (insight pools the same partnerships for comparisons); everything an
 * analyst sees is built on it, so a partnership that has not opted in is never in the list.
 */

export interface FigureSharing {
  sharesFigures: boolean;
  /** 0 when the partnership has never chosen (and so does not share). */
  version: number;
  changedAt: Date | null;
}

export async function figureSharing(db: Executor, partnershipId: string, options: { forUpdate?: boolean } = {}): Promise<FigureSharing> {
  let query = db.selectFrom('figure_sharing').select(['shares_figures', 'version', 'changed_at']).where('partnership_id', '=', partnershipId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? { sharesFigures: row.shares_figures, version: row.version, changedAt: row.changed_at } : { sharesFigures: false, version: 0, changedAt: null };
}

/**
 * Saves the choice if the version is still the one the person saw; false when someone changed it
 * meanwhile. The first choice inserts the row, and a parallel first choice finds it taken.
 */
export async function saveFigureSharing(
  db: Executor,
  partnershipId: string,
  change: { sharesFigures: boolean; expectedVersion: number; userId: string; now: Date },
): Promise<boolean> {
  if (change.expectedVersion === 0) {
    const inserted = await db
      .insertInto('figure_sharing')
      .values({ partnership_id: partnershipId, shares_figures: change.sharesFigures, changed_by: change.userId, changed_at: change.now })
      .onConflict((conflict) => conflict.column('partnership_id').doNothing())
      .returning('partnership_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const updated = await db
    .updateTable('figure_sharing')
    .set({ shares_figures: change.sharesFigures, changed_by: change.userId, changed_at: change.now, version: sql<number>`version + 1` })
    .where('partnership_id', '=', partnershipId)
    .where('version', '=', change.expectedVersion)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

