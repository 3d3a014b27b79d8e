import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listReferrals } from '../src/pathway/repository.js';
import { createTestContext, type TestContext } from './app.js';
import { referralRow } from './referrals.js';

/**
 * The referrals list reads its page in order from an index, whatever the filter: checked with
 * EXPLAIN, with sequential scans switched off so that the planner shows which index it would use
 * on a large table rather than scanning the test's small one.
 */

let context: TestContext;
const db = () => context.database.db;

beforeAll(async () => {
  context = await createTestContext();
  await db().insertInto('referrals').values(referralRow(context.demo.partnershipIds.northmoor, 'NM-INDEX-1')).execute();
});
afterAll(async () => context.close());

/** The statements listReferrals runs, as compiled. */
async function listStatements(filter: Parameters<typeof listReferrals>[2]): Promise<CompiledQuery[]> {
  const executor = db().getExecutor();
  const queries = vi.spyOn(executor, 'executeQuery');
  try {
    await listReferrals(db(), context.demo.partnershipIds.northmoor, filter, { offset: 0, limit: 25 });
    return queries.mock.calls.map(([query]) => query);
  } finally {
    queries.mockRestore();
  }
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

async function planOf(query: CompiledQuery): Promise<PlanNode[]> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw('SET LOCAL enable_seqscan = off'));
      const result = await trx.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> | string }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]));
      const raw = result.rows[0]?.['QUERY PLAN'];
      const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
      return nodesOf((plan[0] as { Plan: PlanNode }).Plan);
    });
}

describe('the referrals list', () => {
  it('is one statement for the page, the count and the decision target', async () => {
    expect(await listStatements({})).toHaveLength(1);
  });

  for (const [name, filter, index] of [
    ['everyone', {}, 'referrals_list_idx'],
    ['one stage', { stage: 'waiting' as const }, 'referrals_stage_list_idx'],
  ] as const) {
    it(`reads ${name} in order from ${index}, with no sort`, async () => {
      const [statement] = await listStatements(filter);
      const nodes = await planOf(statement as CompiledQuery);
      expect(nodes.map((node) => node['Index Name']).filter(Boolean)).toContain(index);
      expect(nodes.map((node) => node['Node Type'])).not.toContain('Sort');
    });
  }
});
