import type { Selectable } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { ReferralTable } from '../platform/db/schema.js';

/** One referral as exported: everything stored about it, with its service's and provider's names. */
export type ExportedReferral = Selectable<ReferralTable> & { serviceName: string | null; providerName: string | null };

/** Rows per query when going through a partnership's referrals. */
export const exportPageSize = 2_000;

/**
 * The partnership's referrals in order of reference, a page at a time (after the last reference
 * of the page before), so a large partnership never needs one huge query or one huge array.
 * Only ever this partnership's records.
 */
export async function* referralsForExport(db: Executor, partnershipId: string): AsyncGenerator<ExportedReferral> {
  let after: string | null = null;
  for (;;) {
    let query = db
      .selectFrom('referrals')
      .leftJoin('services', 'services.id', 'referrals.service_id')
      .leftJoin('providers', 'providers.id', 'services.provider_id')
      .selectAll('referrals')
      .select(['services.name as serviceName', 'providers.name as providerName'])
      .where('referrals.partnership_id', '=', partnershipId)
      .orderBy('referrals.local_reference')
      .limit(exportPageSize);
    if (after !== null) query = query.where('referrals.local_reference', '>', after);
    const rows = await query.execute();
    for (const row of rows) yield row;
    if (rows.length < exportPageSize) return;
    after = (rows.at(-1) as ExportedReferral).local_reference;
  }
}

export async function countReferrals(db: Executor, partnershipId: string): Promise<number> {
  const row = await db
    .selectFrom('referrals')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
