import { CompiledQuery, type Insertable, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';
import { textArray } from '../platform/db/arrays.js';
import type { ReferralTable } from '../platform/db/schema.js';
import {
  admittedWithoutAftercareQuery,
  changeFundingDecisionTarget,
  fundingDecisionOverdue,
  fundingDecisionOverdueQuery,
  loadWorkQueues,
  notificationStatus,
  reviewsDueQuery,
  staysPastPlannedLengthQuery,
  unplannedDischargesQuery,
  waitingForAdmissionQuery,
} from './queues.js';
import { isStayPastPlannedLength } from './rules/stays.js';

/**
 * The work queues and the funding decision target, through the loaders and the pages.
 * Today is Monday 23 November 2026; with the default target of 10 working days, a funding
 * request made on or before Sunday 8 November has waited too long.
 */

let context: TestContext;
let lead: Visitor;
let staff: Visitor;
let contributor: Visitor;
let viewer: Visitor;
let peer: Visitor;
let eastfieldLead: Visitor;
let northmoor: string;
let eastfield: string;
let serviceId: string;
const ids: Record<string, string> = {};

const db = () => context.database.db;
const now = () => context.clock.now;

type ReferralValues = Partial<Omit<Insertable<ReferralTable>, 'complexity'>>;

async function insertReferral(partnershipId: string, reference: string, values: ReferralValues): Promise<string> {
  const row = await db()
    .insertInto('referrals')
    .values({
      partnership_id: partnershipId,
      local_reference: reference,
      identified_via: 'presentation',
      age_band: '35-44',
      sex: 'female',
      ethnicity_group: 'white',
      disability: 'no',
      pregnant: 'no',
      parental_responsibility: 'no',
      main_substance: 'alcohol',
      complexity: textArray(['mental_health']),
      identified_on: '2026-09-01',
      referred_on: '2026-09-02',
      updated_at: new Date(),
      ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[reference] = row.id;
  return row.id;
}

async function addReview(referralId: string, kind: 'care_plan' | 'risk' | 'follow_up_3_months', dueOn: string, completedOn: string | null = null) {
  await db().insertInto('referral_reviews').values({ partnership_id: northmoor, referral_id: referralId, kind, due_on: dueOn, completed_on: completedOn, updated_at: new Date() }).execute();
}

beforeAll(async () => {
  context = await createTestContext();
  northmoor = context.demo.partnershipIds.northmoor;
  eastfield = context.demo.partnershipIds.eastfield;
  // Start from no referrals at all, whatever the demo data holds, so the counts are exact.
  await db().deleteFrom('referral_reviews').execute();
  await db().deleteFrom('referral_contacts').execute();
  await db().deleteFrom('referral_events').execute();
  await db().deleteFrom('referrals').execute();

  const provider = await db().insertInto('providers').values({ name: 'Queue Test Provider (fictional)', updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  serviceId = (
    await db()
      .insertInto('services')
      .values({ provider_id: provider.id, name: 'Hillside House (fictional)', kind: 'residential_rehab', region: 'North West', town: 'Northmoor', specialisms: textArray([]), updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  // Funding decisions.
  await insertReferral(northmoor, 'NM-F1', { stage: 'funding_requested', funding_requested_on: '2026-11-06', funding_route: 'standard' }); // Friday: 11 working days
  await insertReferral(northmoor, 'NM-F2', { stage: 'funding_requested', funding_requested_on: '2026-11-09' }); // Monday: exactly 10
  await insertReferral(northmoor, 'NM-F3', { stage: 'funding_requested', funding_requested_on: '2026-10-01', funding_route: 'fast_track_detox' });
  await insertReferral(northmoor, 'NM-F4', { stage: 'funding_decided', funding_requested_on: '2026-10-01', funding_decision: 'declined', funding_decided_on: '2026-10-20' });
  // Waiting for admission.
  const waiting = await insertReferral(northmoor, 'NM-W1', {
    stage: 'waiting',
    funding_requested_on: '2026-10-10',
    funding_decision: 'approved',
    funding_decided_on: '2026-10-28',
    waiting_since: '2026-11-01',
    service_id: serviceId,
  });
  await insertReferral(northmoor, 'NM-W2', { stage: 'funding_decided', funding_requested_on: '2026-11-10', funding_decision: 'approved', funding_decided_on: '2026-11-20' });
  await insertReferral(northmoor, 'NM-W3', { stage: 'funding_decided', funding_requested_on: '2026-11-10', funding_decision: 'declined', funding_decided_on: '2026-11-20' });
  await insertReferral(northmoor, 'NM-W4', { stage: 'waiting', funding_decision: 'approved', funding_decided_on: '2026-11-02', waiting_since: '2026-11-03' });
  await db()
    .insertInto('referral_contacts')
    .values([
      { partnership_id: northmoor, referral_id: waiting, contacted_on: '2026-11-05', note: 'Phoned' },
      { partnership_id: northmoor, referral_id: waiting, contacted_on: '2026-11-15', note: 'Met at the hub' },
    ])
    .execute();
  // Admitted without an aftercare plan.
  const admitted = await insertReferral(northmoor, 'NM-A1', {
    stage: 'admitted',
    admitted_on: '2026-11-01',
    planned_weeks: 12,
    service_id: serviceId,
    admitted_without_aftercare_reason: 'Urgent detox admission',
  });
  await insertReferral(northmoor, 'NM-A2', { stage: 'admitted', admitted_on: '2026-11-01', aftercare_plan_agreed_on: '2026-10-25' });
  await insertReferral(northmoor, 'NM-A3', { stage: 'discharged', admitted_on: '2026-08-01', discharged_on: '2026-11-01', discharge_outcome: 'completed' });
  // Stays past their planned length: 12 weeks from 24 August ended on 16 November; from 31 August, it ends today.
  await insertReferral(northmoor, 'NM-S1', { stage: 'admitted', admitted_on: '2026-08-24', planned_weeks: 12, aftercare_plan_agreed_on: '2026-08-20', service_id: serviceId });
  await insertReferral(northmoor, 'NM-S2', { stage: 'admitted', admitted_on: '2026-08-31', planned_weeks: 12, aftercare_plan_agreed_on: '2026-08-20' });
  await insertReferral(northmoor, 'NM-S3', { stage: 'admitted', admitted_on: '2026-07-01', planned_weeks: 4, aftercare_plan_agreed_on: '2026-06-20' });
  // Unplanned discharges.
  await insertReferral(northmoor, 'NM-U1', { stage: 'discharged', admitted_on: '2026-10-01', aftercare_plan_agreed_on: '2026-09-20', discharged_on: '2026-11-20', discharge_outcome: 'left_early' });
  await insertReferral(northmoor, 'NM-U2', { stage: 'discharged', admitted_on: '2026-10-01', aftercare_plan_agreed_on: '2026-09-20', discharged_on: '2026-11-22', discharge_outcome: 'asked_to_leave' });
  await insertReferral(northmoor, 'NM-U3', {
    stage: 'aftercare',
    admitted_on: '2026-10-01',
    aftercare_plan_agreed_on: '2026-09-20',
    discharged_on: '2026-11-10',
    discharge_outcome: 'left_early',
    referrer_notified_at: new Date('2026-11-13T10:00:00Z'),
  });
  await insertReferral(northmoor, 'NM-U4', {
    stage: 'discharged',
    admitted_on: '2026-10-01',
    aftercare_plan_agreed_on: '2026-09-20',
    discharged_on: '2026-11-10',
    discharge_outcome: 'left_early',
    referrer_notified_at: new Date('2026-11-11T23:30:00Z'), // 23:30 UK time the next day: on time
  });
  await insertReferral(northmoor, 'NM-U5', { stage: 'discharged', admitted_on: '2026-10-01', aftercare_plan_agreed_on: '2026-09-20', discharged_on: '2026-11-10', discharge_outcome: 'completed' });
  const closed = await insertReferral(northmoor, 'NM-U6', {
    stage: 'closed',
    admitted_on: '2026-08-01',
    aftercare_plan_agreed_on: '2026-07-20',
    discharged_on: '2026-09-10',
    discharge_outcome: 'left_early',
    closed_on: '2026-11-01',
  });
  // Reviews and follow-ups.
  await addReview(admitted, 'care_plan', '2026-11-16');
  await addReview(admitted, 'risk', '2026-11-30');
  await addReview(admitted, 'care_plan', '2026-12-01');
  await addReview(admitted, 'risk', '2026-11-10', '2026-11-10');
  await addReview(closed, 'follow_up_3_months', '2026-11-01');
  // Already past when a backdated admission was recorded: kept on the record, off the queue.
  await db().insertInto('referral_reviews').values({ partnership_id: northmoor, referral_id: admitted, kind: 'risk', due_on: '2026-11-08', not_recorded: true, updated_at: new Date() }).execute();

  // Another partnership's referrals, in every queue: they must never appear in Northmoor's.
  const other = await insertReferral(eastfield, 'EF-SECRET-1', { stage: 'funding_requested', funding_requested_on: '2026-10-01' });
  await insertReferral(eastfield, 'EF-SECRET-2', { stage: 'waiting', funding_decision: 'approved', funding_decided_on: '2026-11-02', waiting_since: '2026-11-03' });
  await insertReferral(eastfield, 'EF-SECRET-3', { stage: 'admitted', admitted_on: '2026-11-01' });
  await insertReferral(eastfield, 'EF-SECRET-4', { stage: 'discharged', admitted_on: '2026-10-01', aftercare_plan_agreed_on: '2026-09-01', discharged_on: '2026-11-01', discharge_outcome: 'left_early' });
  await db().insertInto('referral_reviews').values({ partnership_id: eastfield, referral_id: other, kind: 'risk', due_on: '2026-11-01', updated_at: new Date() }).execute();
  await insertReferral(eastfield, 'EF-SECRET-5', { stage: 'admitted', admitted_on: '2026-06-01', planned_weeks: 6, aftercare_plan_agreed_on: '2026-05-20' });

  lead = await signedInVisitor(context, 'lead@northmoor.example');
  contributor = await signedInVisitor(context, 'contributor@northmoor.example');
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
  staff = await signedInVisitor(context, 'staff@northmoor.example');
  // peer@eastfield.example leads Eastfield (where they start) and is Northmoor's peer reviewer.
  eastfieldLead = await signedInVisitor(context, 'peer@eastfield.example');
  peer = await signedInVisitor(context, 'peer@eastfield.example');
  const switched = await peer.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: northmoor });
  expect(switched.statusCode).toBe(302);
});

afterAll(async () => {
  await context?.close();
});

const references = (rows: Array<{ local_reference: string }>) => rows.map((row) => row.local_reference);

describe('the queue loaders', () => {
  it('list funding requests waiting longer than the target in working days, longest first', async () => {
    const queues = await loadWorkQueues(db(), northmoor, now());
    expect(queues.today).toBe('2026-11-23');
    expect(queues.fundingDecisionTargetDays).toBe(10);
    expect(queues.fundingDecisionOverdue.count).toBe(2);
    expect(references(queues.fundingDecisionOverdue.rows)).toEqual(['NM-F3', 'NM-F1']);
    expect(queues.fundingDecisionOverdue.rows[1]).toMatchObject({ id: ids['NM-F1'], stage: 'funding_requested', funding_requested_on: '2026-11-06', workingDaysWaiting: 11 });
  });

  it('list people waiting for admission with days waiting and their last contact', async () => {
    const { waitingForAdmission } = await loadWorkQueues(db(), northmoor, now());
    expect(waitingForAdmission.count).toBe(3);
    expect(references(waitingForAdmission.rows)).toEqual(['NM-W1', 'NM-W4', 'NM-W2']);
    expect(waitingForAdmission.rows[0]).toMatchObject({ daysWaiting: 22, last_contact_on: '2026-11-15', service_name: 'Hillside House (fictional)' });
    expect(waitingForAdmission.rows[1]).toMatchObject({ daysWaiting: 20, last_contact_on: null });
    expect(waitingForAdmission.rows[2]).toMatchObject({ stage: 'funding_decided', daysWaiting: 3 });
  });

  it('list admissions without an aftercare plan', async () => {
    const { admittedWithoutAftercare } = await loadWorkQueues(db(), northmoor, now());
    expect(references(admittedWithoutAftercare.rows)).toEqual(['NM-A3', 'NM-A1']);
    expect(admittedWithoutAftercare.rows[1]).toMatchObject({ admitted_without_aftercare_reason: 'Urgent detox admission', planned_weeks: 12 });
  });

  it('list stays past their planned length, longest past it first, by the same rule as the record’s flag', async () => {
    const { staysPastPlannedLength } = await loadWorkQueues(db(), northmoor, now());
    expect(staysPastPlannedLength.rows.map((row) => [row.local_reference, row.plannedEnd, row.daysOver])).toEqual([
      ['NM-S3', '2026-07-29', 117],
      ['NM-S1', '2026-11-16', 7],
    ]);
    expect(staysPastPlannedLength.rows[1]).toMatchObject({ admitted_on: '2026-08-24', planned_weeks: 12, service_name: 'Hillside House (fictional)' });
    // Everyone admitted and still in is listed exactly when the plain rule says their stay has overrun.
    const inPlacement = await db().selectFrom('referrals').select(['local_reference', 'stage', 'admitted_on', 'planned_weeks', 'discharged_on']).where('partnership_id', '=', northmoor).where('stage', '=', 'admitted').execute();
    expect(inPlacement.filter((stay) => isStayPastPlannedLength(stay, '2026-11-23')).map((stay) => stay.local_reference).sort()).toEqual(['NM-S1', 'NM-S3']);
  });

  it('list unplanned discharges not told yet (first) or told late, leaving out closed records', async () => {
    const { unplannedDischarges } = await loadWorkQueues(db(), northmoor, now());
    expect(unplannedDischarges.count).toBe(3);
    expect(unplannedDischarges.rows.map((row) => [row.local_reference, row.status, row.dueBy])).toEqual([
      ['NM-U1', 'overdue', '2026-11-21'],
      ['NM-U2', 'due', '2026-11-23'],
      ['NM-U3', 'late', '2026-11-11'],
    ]);
    expect(notificationStatus('2026-11-22', null, '2026-11-23')).toBe('due');
    expect(notificationStatus('2026-11-21', null, '2026-11-23')).toBe('overdue');
  });

  it('list reviews overdue or due within a week, overdue first, leaving out closed records, done reviews and those not recorded at the time', async () => {
    const { reviewsDue } = await loadWorkQueues(db(), northmoor, now());
    expect(reviewsDue.rows.map((row) => [row.local_reference, row.kind, row.due_on, row.overdue])).toEqual([
      ['NM-A1', 'care_plan', '2026-11-16', true],
      ['NM-A1', 'risk', '2026-11-30', false],
    ]);
    expect(reviewsDue.rows[0]?.referral_id).toBe(ids['NM-A1']);
  });

  it('never include another partnership’s referrals', async () => {
    const queues = await loadWorkQueues(db(), northmoor, now());
    const all = [
      ...queues.fundingDecisionOverdue.rows,
      ...queues.waitingForAdmission.rows,
      ...queues.admittedWithoutAftercare.rows,
      ...queues.staysPastPlannedLength.rows,
      ...queues.unplannedDischarges.rows,
      ...queues.reviewsDue.rows,
    ];
    expect(all.some((row) => row.local_reference.startsWith('EF-'))).toBe(false);
    const theirs = await loadWorkQueues(db(), eastfield, now());
    expect([
      theirs.fundingDecisionOverdue.count,
      theirs.waitingForAdmission.count,
      theirs.admittedWithoutAftercare.count,
      theirs.staysPastPlannedLength.count,
      theirs.unplannedDischarges.count,
      theirs.reviewsDue.count,
    ]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('cut a long queue to its first rows but keep the full count', async () => {
    const queue = await fundingDecisionOverdue(db(), northmoor, '2026-11-23', 10, { limit: 1 });
    expect(queue.count).toBe(2);
    expect(references(queue.rows)).toEqual(['NM-F3']);
  });

  it('answer each queue from the partnership and stage index (and reviews from their due index)', async () => {
    const queries = [
      fundingDecisionOverdueQuery(db(), northmoor, '2026-11-23', 10),
      waitingForAdmissionQuery(db(), northmoor),
      admittedWithoutAftercareQuery(db(), northmoor),
      unplannedDischargesQuery(db(), northmoor),
      staysPastPlannedLengthQuery(db(), northmoor, '2026-11-23'),
      reviewsDueQuery(db(), northmoor, '2026-11-23'),
    ];
    const plans: string[] = [];
    const rolledBack = new Error('roll back');
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          // With so few rows the planner would rightly read the whole table, or pick either
          // index that starts with partnership_id. Forbid the first and hide the other indexes
          // (only inside this transaction, which is rolled back) to see the plan used at scale.
          await sql`SET LOCAL enable_seqscan = off`.execute(trx);
          await sql`DROP INDEX referrals_partnership_referred_idx`.execute(trx);
          await sql`DROP INDEX referrals_partnership_admitted_idx`.execute(trx);
          await sql`DROP INDEX referrals_list_idx`.execute(trx);
          // This one backs the timeline's and reviews' key to their referral, which goes with it.
          await sql`ALTER TABLE referrals DROP CONSTRAINT referrals_partnership_id_id_key CASCADE`.execute(trx);
          for (const query of queries) {
            const compiled = query.compile();
            const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]));
            plans.push(result.rows.map((row) => row['QUERY PLAN']).join('\n'));
          }
          throw rolledBack;
        }),
    ).rejects.toBe(rolledBack);
    for (const plan of plans.slice(0, 5)) {
      // (With one row to go on, PostgreSQL may check the stage as a filter on the index scan rather than in the index condition.)
      expect(plan).toMatch(/Index Scan using referrals_stage_list_idx on referrals[^\n]*\n\s*Index Cond: \(+partnership_id = /);
      expect(plan).not.toMatch(/Seq Scan/);
    }
    expect(plans[5]).toMatch(/Index Scan using referral_reviews_due_idx on referral_reviews[^\n]*\n\s*Index Cond: \(\(partnership_id = [^)]*\) AND \(completed_on IS NULL\) AND \(due_on <= /);
    // The index is back.
    const indexes = await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'referrals'`.execute(db());
    expect(indexes.rows.map((row) => row.indexname)).toContain('referrals_partnership_referred_idx');
  });
});

describe('the work queues page', () => {
  it('shows each queue with its count, references linking to the referral, stage tags and key dates', async () => {
    const response = await staff.get('/pathway/queues');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('Waiting more than 10 working days for a funding decision (2)');
    expect(html).toContain('Waiting for admission (3)');
    expect(html).toContain('Admitted without an aftercare plan (2)');
    expect(html).toContain('Unplanned discharges: referrer not told, or told late (3)');
    expect(html).toContain('Reviews and follow-ups due (2)');
    expect(html).toContain('Stays past their planned length (2)');
    expect(html).toContain(`href="/referrals/${ids['NM-S1']}">NM-S1</a>`);
    expect(html).toContain('16 November 2026');
    expect(html).toContain('Until then their cost is estimated from the days stayed so far.');
    expect(html).toContain(`<a class="govuk-link" href="/referrals/${ids['NM-F1']}">NM-F1</a>`);
    expect(html).toContain(`href="/referrals/${ids['NM-A1']}">NM-A1</a>`);
    expect(html).toMatch(/<strong class="govuk-tag govuk-tag--orange">\s*Funding requested\s*<\/strong>/);
    expect(html).toContain('6 November 2026');
    expect(html).toContain('15 November 2026');
    expect(html).toContain('No contact recorded');
    expect(html).toContain('Urgent detox admission');
    expect(html).toContain('Overdue: not told yet');
    expect(html).toContain('Told late');
    expect(html).toContain('Care-plan review');
    expect(html).toContain('<caption class="govuk-table__caption govuk-visually-hidden">People waiting for admission</caption>');
    expect(html).not.toContain('EF-SECRET');
    // Pathway staff cannot change the target.
    expect(html).not.toContain('href="/pathway/settings"');
  });

  it('says so when a queue is empty', async () => {
    await db().updateTable('referrals').set({ stage: 'closed' }).where('partnership_id', '=', eastfield).where('local_reference', '=', 'EF-SECRET-2').execute();
    const response = await eastfieldLead.get('/pathway/queues');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Waiting for admission (0)');
    expect(response.body).toContain('Nobody is waiting for admission.');
    expect(response.body).toContain('EF-SECRET-1');
    expect(response.body).not.toContain('NM-');
  });

  it('is open to the lead and pathway staff, and closed to contributors, viewers and peer reviewers', async () => {
    for (const visitor of [lead, staff]) expect((await visitor.get('/pathway/queues')).statusCode).toBe(200);
    for (const visitor of [contributor, viewer]) expect((await visitor.get('/pathway/queues')).statusCode).toBe(403);
    expect((await lead.get('/pathway/queues')).body).toContain('href="/pathway/settings"');
    expect((await peer.get('/pathway/queues')).statusCode).toBe(403);
    expect((await peer.get('/pathway/settings')).statusCode).toBe(403);
  });
});

describe('the funding decision target', () => {
  it('can be changed only by the lead commissioner', async () => {
    for (const visitor of [staff, contributor, viewer, peer]) {
      expect((await visitor.get('/pathway/settings')).statusCode).toBe(403);
      expect((await visitor.submit('/pathway/queues', '/pathway/settings', { fundingDecisionTargetDays: '20' })).statusCode).toBe(403);
    }
    const page = await lead.get('/pathway/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('How many working days should a funding decision take?');
    expect(page.body).toContain('value="10"');
  });

  it('must be a whole number from 1 to 100', async () => {
    const cases: Array<[string, string]> = [
      ['', 'Enter the number of working days'],
      ['ten', 'The number of working days must be a whole number, like 10'],
      ['2.5', 'The number of working days must be a whole number, like 10'],
      ['0', 'The number of working days must be 1 or more'],
      ['101', 'The number of working days must be 100 or fewer'],
    ];
    for (const [value, message] of cases) {
      const response = await lead.submit('/pathway/settings', '/pathway/settings', { fundingDecisionTargetDays: value });
      expect(response.statusCode, value).toBe(400);
      expect(response.body).toContain(message);
      expect(response.body).toContain('There is a problem');
    }
    expect((await db().selectFrom('partnerships').select('funding_decision_target_days').where('id', '=', northmoor).executeTakeFirstOrThrow()).funding_decision_target_days).toBe(10);
  });

  it('is saved with an audit record and changes the queue', async () => {
    const response = await lead.submit('/pathway/settings', '/pathway/settings', { fundingDecisionTargetDays: ' 15 ' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/pathway/queues');
    const queues = await lead.get('/pathway/queues');
    expect(queues.body).toContain('The funding decision target is now 15 working days.');
    expect(queues.body).toContain('Waiting more than 15 working days for a funding decision (1)');
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'summary', 'record_type', 'actor_user_id'])
      .where('partnership_id', '=', northmoor)
      .where('action', '=', 'funding_decision_target_changed')
      .execute();
    expect(audit).toEqual([
      { action: 'funding_decision_target_changed', summary: 'Funding decision target changed from 10 to 15 working days', record_type: 'partnership', actor_user_id: context.demo.userIds['lead@northmoor.example'] },
    ]);
    // The other partnership keeps its own target.
    expect((await loadWorkQueues(db(), eastfield, now())).fundingDecisionTargetDays).toBe(10);
  });

  it('is not audited again when saved unchanged', async () => {
    const result = await changeFundingDecisionTarget(db(), northmoor, { userId: context.demo.userIds['lead@northmoor.example'] as string }, 15, now());
    expect(result.previous).toBe(15);
    const count = await db().selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'funding_decision_target_changed').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
