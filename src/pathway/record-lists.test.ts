import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/database.js';
import { referralRow } from '../../test/referrals.js';
import type { DatabaseHandle } from '../platform/db/connect.js';
import { seedDemo } from '../demo/seed.js';
import { findReferral, findReferralRecord, recordLists } from './repository.js';

/** The referral record's four lists come in one statement (with the referral itself, for showing it), each in its own order, with moments as Dates. */

let database: DatabaseHandle;
let partnershipId: string;
let referralId: string;
let otherReferralId: string;
const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase();
  const demo = await seedDemo(db());
  partnershipId = demo.partnershipIds.northmoor;
  const userId = demo.userIds['staff@northmoor.example'] as string;
  [referralId, otherReferralId] = (await db().insertInto('referrals').values([referralRow(partnershipId, 'LISTS-1'), referralRow(partnershipId, 'LISTS-2')]).returning('id').execute()).map((row) => row.id) as [string, string];
  const event = (referral: string, summary: string, occurredAt: string) => ({
    partnership_id: partnershipId,
    referral_id: referral,
    occurred_at: new Date(occurredAt),
    event_on: occurredAt.slice(0, 10),
    event_type: 'note',
    summary,
    actor_user_id: userId,
  });
  await db().insertInto('referral_events').values([event(referralId, 'first', '2026-06-01T09:00:00.123Z'), event(referralId, 'second', '2026-06-02T10:30:00.456Z'), event(otherReferralId, 'not this one', '2026-06-03T09:00:00Z')]).execute();
  const contact = (referral: string, contactedOn: string, note: string) => ({ partnership_id: partnershipId, referral_id: referral, contacted_on: contactedOn, note, created_by: userId, created_at: new Date(`${contactedOn}T12:00:00Z`) });
  await db().insertInto('referral_contacts').values([contact(referralId, '2026-06-10', 'older'), contact(referralId, '2026-06-12', 'newer'), contact(otherReferralId, '2026-06-11', 'not this one')]).execute();
  const review = (kind: 'care_plan' | 'risk', dueOn: string) => ({ partnership_id: partnershipId, referral_id: referralId, kind, due_on: dueOn });
  await db().insertInto('referral_reviews').values([review('risk', '2026-07-01'), review('care_plan', '2026-06-20')]).execute();
});
afterAll(async () => database.close());

it('reads the timeline, contacts, reviews and placement requests of one referral in one statement', async () => {
  const spy = vi.spyOn(db().getExecutor(), 'executeQuery');
  const lists = await recordLists(db(), partnershipId, referralId);
  expect(spy).toHaveBeenCalledTimes(1);
  spy.mockRestore();

  expect(lists.events.map((event) => event.summary)).toEqual(['second', 'first']);
  expect(lists.events[0]?.occurred_at).toEqual(new Date('2026-06-02T10:30:00.456Z'));
  expect(lists.events[0]?.actor_name).toBeTruthy();
  expect(lists.contacts.map((contact) => [contact.note, contact.contacted_on])).toEqual([
    ['newer', '2026-06-12'],
    ['older', '2026-06-10'],
  ]);
  expect(lists.contacts[0]?.created_at).toEqual(new Date('2026-06-12T12:00:00Z'));
  expect(lists.reviews.map((review) => [review.kind, review.due_on, review.completed_on])).toEqual([
    ['care_plan', '2026-06-20', null],
    ['risk', '2026-07-01', null],
  ]);
  expect(lists.reviews[0]?.created_at).toBeInstanceOf(Date);
  expect(lists.requests).toEqual([]);
});

it('reads nothing of another partnership’s referral', async () => {
  const lists = await recordLists(db(), '00000000-0000-4000-8000-000000000000', referralId);
  expect(lists).toEqual({ events: [], contacts: [], reviews: [], requests: [] });
});

it('reads the referral itself with its lists in one statement, as the two reads would give them', async () => {
  const [referral, lists] = [await findReferral(db(), partnershipId, referralId), await recordLists(db(), partnershipId, referralId)];
  const spy = vi.spyOn(db().getExecutor(), 'executeQuery');
  const record = await findReferralRecord(db(), partnershipId, referralId);
  expect(spy).toHaveBeenCalledTimes(1);
  spy.mockRestore();
  expect(record).toEqual({ referral, lists });
  expect(record?.referral.local_reference).toBe('LISTS-1');
  expect(await findReferralRecord(db(), '00000000-0000-4000-8000-000000000000', referralId)).toBeUndefined();
});
