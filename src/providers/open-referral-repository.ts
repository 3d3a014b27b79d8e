import type { Executor } from '../platform/db/executor.js';

/**
 * The SQL the Open Referral UK export needs beyond the directory search: the web addresses of
 * the providers on one page of services. The directory belongs to no partnership, so nothing
 * here takes a partnership id.
 */
export async function providerWebsites(db: Executor, providerIds: readonly string[]): Promise<Map<string, string | null>> {
  if (!providerIds.length) return new Map();
  const rows = await db.selectFrom('providers').select(['id', 'website']).where('id', 'in', [...new Set(providerIds)]).execute();
  return new Map(rows.map((row) => [row.id, row.website]));
}
