import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { textArray } from './arrays.js';
import { createTestDatabase } from '../../../test/database.js';

it('stores, reads and searches text arrays the same way on both databases', async () => {
  const database = await createTestDatabase();
  const provider = await database.db.insertInto('providers').values({ name: 'Array Check (fictional)', website: null }).returning('id').executeTakeFirstOrThrow();
  await database.db
    .insertInto('services')
    .values({
      provider_id: provider.id, name: 'X', kind: 'crisis', region: 'London', beds: 1, weekly_cost_pence: 1, minimum_weeks: null, typical_weeks: null, waiting_weeks: null,
      waiting_updated_on: null, regulator_rating: null, rating_date: null,
      specialisms: textArray(['women_only', 'alcohol_only']), approaches: textArray([]), languages: textArray(['English', 'Polish']),
    })
    .execute();
  const row = await database.db
    .selectFrom('services')
    .select(['specialisms', 'languages', 'approaches'])
    .where(sql<boolean>`specialisms @> ${textArray(['women_only'])}`)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ specialisms: ['women_only', 'alcohol_only'], languages: ['English', 'Polish'], approaches: [] });
  const none = await database.db.selectFrom('services').select('id').where(sql<boolean>`specialisms @> ${textArray(['men_only'])}`).execute();
  expect(none).toHaveLength(0);
  await database.close();
});
