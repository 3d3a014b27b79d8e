import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.js';
import { referralRow } from '../../test/referrals.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { seedDemo } from '../demo/seed.js';

/** A referral's timeline entries and reviews can only be written in the referral's own partnership: the database refuses any other. */

let database: DatabaseHandle;
let northmoor: string;
let eastfield: string;
let referralId: string;
const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase();
  const demo = await seedDemo(db());
  northmoor = demo.partnershipIds.northmoor;
  eastfield = demo.partnershipIds.eastfield;
  referralId = (await db().insertInto('referrals').values(referralRow(northmoor, 'KEYS-1')).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => database.close());

const event = (partnershipId: string) => ({ partnership_id: partnershipId, referral_id: referralId, event_on: '2026-06-01', event_type: 'note', summary: 'A note' });
const review = (partnershipId: string) => ({ partnership_id: partnershipId, referral_id: referralId, kind: 'risk' as const, due_on: '2026-07-01' });

it('keeps a timeline entry in its referral’s partnership', async () => {
  await expect(db().insertInto('referral_events').values(event(eastfield)).execute()).rejects.toMatchObject({ code: '23503' });
  await db().insertInto('referral_events').values(event(northmoor)).execute();
  const entries = await db().selectFrom('referral_events').select('partnership_id').where('referral_id', '=', referralId).execute();
  expect(entries).toEqual([{ partnership_id: northmoor }]);
});

it('keeps a review in its referral’s partnership', async () => {
  await expect(db().insertInto('referral_reviews').values(review(eastfield)).execute()).rejects.toMatchObject({ code: '23503' });
  await db().insertInto('referral_reviews').values(review(northmoor)).execute();
  const reviews = await db().selectFrom('referral_reviews').select('partnership_id').where('referral_id', '=', referralId).execute();
  expect(reviews).toEqual([{ partnership_id: northmoor }]);
});

it('still refuses a partnership that does not exist', async () => {
  await expect(db().insertInto('referral_events').values(event('00000000-0000-4000-8000-000000000000')).execute()).rejects.toMatchObject({ code: '23503' });
});
