import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import { referralRow, waitingForAdmission } from '../../test/referrals.js';
import { demoProviderAccount } from '../demo/provider-demo.js';
import { textArray } from '../platform/db/arrays.js';

/**
 * Each role's home page lists its own urgent work, with counts and links, and nothing of another
 * role's. Today is Monday 23 November 2026 (the test clock). The records below are made for it.
 */

let context: TestContext;
const visitors = {} as Record<'lead' | 'staff' | 'contributor' | 'housing' | 'viewer' | 'peer' | 'admin' | 'provider', Visitor>;
const rounds = {} as Record<'open' | 'agreeing' | 'peerReview' | 'signedOff', string>;
let northmoor: string;

const db = () => context.database.db;

const pathwayKeys = [
  'pathway.unplanned-not-told',
  'pathway.reviews-overdue',
  'pathway.funding-over-target',
  'pathway.waiting-no-contact',
  'pathway.stays-past-planned-length',
  'pathway.reviews-due-soon',
];
const leadAssessmentKeys = ['assessment.answers-awaited', 'assessment.statements-to-agree', 'assessment.comments-to-answer', 'assessment.actions-overdue'];
const commissioningKeys = ['commissioning.contract-reviews-overdue'];
const contributorKeys = ['assessment.statements-to-answer', 'assessment.my-actions-overdue', 'assessment.my-actions-due'];
const peerKeys = ['assessment.peer-review-waiting'];
const viewerKeys = ['assessment.latest-results', 'figures.where-you-stand', 'figures.pathway-summary'];
const adminKeys = ['admin.partnerships-without-lead', 'admin.providers-out-of-date', 'admin.services-import', 'admin.question-banks'];
const providerKeys = ['placements.referrer-not-told', 'placements.needing-discharge', 'placements.reviews-due', 'placements.needing-admission'];
const everyKey = [...pathwayKeys, ...leadAssessmentKeys, ...commissioningKeys, ...contributorKeys, ...peerKeys, ...viewerKeys, ...adminKeys, ...providerKeys];

/** The task keys on a home page, in the order shown. */
function taskKeys(html: string): string[] {
  return [...html.matchAll(/data-task="([^"]+)"/g)].map((match) => match[1] as string);
}

async function homeOf(visitor: Visitor) {
  const response = await visitor.get('/');
  expect(response.statusCode).toBe(200);
  return { html: response.body, keys: taskKeys(response.body) };
}

function expectOnly(keys: string[], own: string[]) {
  for (const key of own) expect(keys, key).toContain(key);
  for (const key of everyKey.filter((candidate) => !own.includes(candidate))) expect(keys, key).not.toContain(key);
}

beforeAll(async () => {
  context = await createTestContext();
  northmoor = context.demo.partnershipIds.northmoor;
  const leadId = context.demo.userIds['lead@northmoor.example'] as string;
  const contributorId = context.demo.userIds['contributor@northmoor.example'] as string;
  const peerId = context.demo.userIds['peer@eastfield.example'] as string;

  // The pathway, at Northmoor, with a service of the demo provider account's own.
  const provider = await db().selectFrom('providers').select('id').where('name', '=', demoProviderAccount.providerName).executeTakeFirstOrThrow();
  const service = await db()
    .insertInto('services')
    .values({ provider_id: provider.id, name: 'Hillside House (home test)', kind: 'residential_rehab', region: 'North West', town: 'Northmoor', specialisms: textArray([]), updated_at: new Date(), waiting_weeks: 3, waiting_updated_on: '2026-09-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const insert = async (reference: string, values: Parameters<typeof referralRow>[2]) =>
    (await db().insertInto('referrals').values(referralRow(northmoor, reference, values)).returning('id').executeTakeFirstOrThrow()).id;
  await insert('HM-U1', { stage: 'discharged', service_id: service.id, admitted_on: '2026-10-01', aftercare_plan_agreed_on: '2026-09-20', discharged_on: '2026-11-21', discharge_outcome: 'left_early' });
  await insert('HM-F1', { stage: 'funding_requested', funding_requested_on: '2026-10-01' });
  await insert('HM-W1', { ...waitingForAdmission(service.id), waiting_since: '2026-10-20' });
  const recentlyContacted = await insert('HM-W2', { ...waitingForAdmission(service.id), waiting_since: '2026-10-20' });
  await db().insertInto('referral_contacts').values({ partnership_id: northmoor, referral_id: recentlyContacted, contacted_on: '2026-11-20', note: 'Phoned' }).execute();
  const longStay = await insert('HM-A1', { stage: 'admitted', service_id: service.id, admitted_on: '2026-08-01', planned_weeks: 12, aftercare_plan_agreed_on: '2026-07-20' });
  await insert('HM-A2', { stage: 'admitted', service_id: service.id, admitted_on: '2026-11-01', planned_weeks: 12, aftercare_plan_agreed_on: '2026-10-20' });
  await db()
    .insertInto('referral_reviews')
    .values([
      { partnership_id: northmoor, referral_id: longStay, kind: 'care_plan', due_on: '2026-11-10', updated_at: new Date() },
      { partnership_id: northmoor, referral_id: longStay, kind: 'risk', due_on: '2026-11-26', updated_at: new Date() },
    ])
    .execute();

  // Self-assessment rounds, one at each stage that asks something of someone.
  const template = await db().selectFrom('assessment_templates').select('id').executeTakeFirstOrThrow();
  const statement = await db().selectFrom('template_statements').select('id').where('template_id', '=', template.id).executeTakeFirstOrThrow();
  const round = async (title: string, status: 'open' | 'agreeing' | 'peer_review' | 'signed_off', responsesDueOn: string) =>
    (
      await db()
        .insertInto('assessment_rounds')
        .values({ partnership_id: northmoor, template_id: template.id, title, status, starts_on: '2025-01-01', responses_due_on: responsesDueOn, created_by: leadId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  rounds.open = await round('Open round (home test)', 'open', '2026-12-18');
  rounds.agreeing = await round('Agreeing round (home test)', 'agreeing', '2026-11-10');
  rounds.peerReview = await round('Peer review round (home test)', 'peer_review', '2026-10-10');
  rounds.signedOff = await round('Signed-off round (home test)', 'signed_off', '2025-10-10');
  const contributorMembership = await db().selectFrom('memberships').select('id').where('user_id', '=', contributorId).executeTakeFirstOrThrow();
  await db()
    .insertInto('round_participants')
    .values({ partnership_id: northmoor, round_id: rounds.open, membership_id: contributorMembership.id, name: 'Sam', organisation: 'Northmoor Community Recovery Service (demo)', partner_type: 'community_treatment' })
    .execute();
  await db()
    .insertInto('responses')
    .values({ partnership_id: northmoor, round_id: rounds.open, statement_id: statement.id, respondent_user_id: contributorId, rating: 'partly', updated_at: new Date() })
    .execute();
  await db().insertInto('peer_review_comments').values({ partnership_id: northmoor, round_id: rounds.agreeing, reviewer_user_id: peerId, comment: 'Say who checks this.' }).execute();
  const action = (description: string, organisation: string, dueOn: string) => ({
    partnership_id: northmoor,
    round_id: rounds.signedOff,
    description,
    purpose: 'address_concern' as const,
    lead_person: 'Service manager',
    lead_organisation: organisation,
    due_on: dueOn,
    created_by: leadId,
    updated_at: new Date(),
  });
  await db()
    .insertInto('actions')
    .values([
      action('Publish the criteria (home test)', 'Northmoor Community Recovery Service (demo)', '2026-11-01'),
      action('Train keyworkers (home test)', ' northmoor community recovery service (DEMO) ', '2026-11-27'),
      action('Housing plan (home test)', 'Northmoor Housing Trust (demo)', '2026-11-02'),
    ])
    .execute();

  // Commissioning: a contract whose review is overdue.
  await db()
    .insertInto('contracts')
    .values({ partnership_id: northmoor, service_id: service.id, contract_type: 'block', starts_on: '2026-01-01', ends_on: '2027-12-31', next_review_on: '2026-11-01', created_by: leadId, updated_at: new Date() })
    .execute();

  // The administrator: a partnership nobody leads yet.
  await db().insertInto('partnerships').values({ name: 'Westvale Partnership (home test)', region: 'South West', updated_at: new Date() }).execute();

  visitors.lead = await signedInVisitor(context, 'lead@northmoor.example');
  visitors.staff = await signedInVisitor(context, 'staff@northmoor.example');
  visitors.contributor = await signedInVisitor(context, 'contributor@northmoor.example');
  visitors.housing = await signedInVisitor(context, 'housing@northmoor.example');
  visitors.viewer = await signedInVisitor(context, 'viewer@northmoor.example');
  visitors.peer = await signedInVisitor(context, 'peer@eastfield.example');
  visitors.admin = await signedInVisitor(context, 'admin@residential-pathways.example');
  visitors.provider = await signedInVisitor(context, demoProviderAccount.email);
});

afterAll(async () => {
  await context.close();
});

describe('the home page by role', () => {
  it('shows pathway staff the pathway’s safety items, unplanned discharges first, with counts and links to the queues', async () => {
    const { html, keys } = await homeOf(visitors.staff);
    expectOnly(keys, pathwayKeys);
    expect(keys[0]).toBe('pathway.unplanned-not-told');
    expect(keys.at(-1)).toBe('pathway.reviews-due-soon');
    expect(html).toContain('href="/pathway/queues#unplanned-discharges">1 unplanned discharge: the referrer has not been told</a>');
    expect(html).toContain('href="/pathway/queues#funding-decisions">1 funding decision has waited more than 10 working days</a>');
    // HM-W2 was phoned three days ago, so only HM-W1 is waiting without contact.
    expect(html).toContain('1 person waiting for admission with no contact for 14 days or more');
    expect(html).toContain('1 stay has run past the planned length');
    expect(html).toContain('1 review or follow-up is overdue');
    expect(html).toContain('1 review or follow-up is due in the next 7 days');
  });

  it('shows the lead commissioner the safety items, the assessment tasks and the commissioning alerts, most urgent first', async () => {
    const { html, keys } = await homeOf(visitors.lead);
    expectOnly(keys, [...pathwayKeys, ...leadAssessmentKeys, ...commissioningKeys]);
    expect(keys[0]).toBe('pathway.unplanned-not-told');
    expect(keys.indexOf('assessment.actions-overdue')).toBeLessThan(keys.indexOf('assessment.statements-to-agree'));
    expect(html).toContain(`href="/assessments/${rounds.open}/partners">1 partner has not answered every statement yet</a>`);
    expect(html).toContain(`href="/assessments/${rounds.agreeing}/agree">`);
    expect(html).toContain(`href="/assessments/${rounds.agreeing}/peer-review">1 peer review comment needs an answer</a>`);
    expect(html).toContain(`href="/assessments/${rounds.signedOff}/actions">2 actions are overdue</a>`);
    expect(html).toContain('href="/commissioning/contracts?review=overdue">1 contract has an overdue review</a>');
  });

  it('shows a contributor the statements still to answer with the due date, their own actions, and what happens next', async () => {
    const { html, keys } = await homeOf(visitors.contributor);
    expectOnly(keys, contributorKeys);
    expect(html).toMatch(/statements still to answer<\/a>/);
    expect(html).toContain('Open round (home test): responses are due by 18 December 2026');
    expect(html).toContain('When responses close, the lead commissioner agrees one answer for each statement');
    // Their organisation leads one overdue action and one due this week; the housing trust's is not theirs.
    expect(html).toContain(`href="/assessments/${rounds.signedOff}/actions">1 action you lead is overdue</a>`);
    expect(html).toContain('1 action you lead is due in the next 7 days');
  });

  it('shows another contributor only the actions their own organisation leads', async () => {
    const { html, keys } = await homeOf(visitors.housing);
    expect(keys).toContain('assessment.my-actions-overdue');
    expect(keys).not.toContain('assessment.my-actions-due');
    expect(html).toContain('1 action you lead is overdue');
  });

  it('shows a peer reviewer the rounds waiting for their review, by partnership, with a way to change to it', async () => {
    let { html, keys } = await homeOf(visitors.peer);
    // Working in Eastfield (as its lead, with nothing there), Northmoor's round waits for them.
    expect(keys).toEqual(['assessment.peer-review-waiting']);
    expect(html).toContain('1 self-assessment is waiting for your peer review');
    expect(html).toContain('Northmoor Drug and Alcohol Partnership (demo): Peer review round (home test)');
    expect(html).toContain(`name="partnershipId" value="${northmoor}"`);
    expect(html).not.toContain(`href="/assessments/${rounds.peerReview}/peer-review"`);

    expect((await visitors.peer.submit('/', '/partnerships/switch', { partnershipId: northmoor })).statusCode).toBe(302);
    ({ html, keys } = await homeOf(visitors.peer));
    expectOnly(keys, peerKeys);
    expect(html).toContain(`href="/assessments/${rounds.peerReview}/peer-review">1 self-assessment is waiting for your peer review</a>`);
  });

  it('shows a viewer the latest figures and round results, and no work to do', async () => {
    const { html, keys } = await homeOf(visitors.viewer);
    expectOnly(keys, viewerKeys);
    expect(html).toContain(`href="/assessments/${rounds.signedOff}/results">Results of Signed-off round (home test)</a>`);
    expect(html).toContain('Nothing needs you today.');
  });

  it('shows the administrator partnerships without a lead, providers out of date, question banks and the services import', async () => {
    const { html, keys } = await homeOf(visitors.admin);
    expectOnly(keys, adminKeys);
    expect(html).toContain('href="/admin/partnerships">1 partnership has no lead commissioner: invite one</a>');
    expect(html).toMatch(/href="\/admin\/providers">\d+ providers? (has|have) out-of-date information/);
    expect(html).toContain('href="/admin/services/import"');
    expect(html).toContain('href="/admin/templates"');
  });

  it('shows a provider account the placements at its own services that need an admission, discharge or review', async () => {
    const { html, keys } = await homeOf(visitors.provider);
    expectOnly(keys, providerKeys);
    expect(keys[0]).toBe('placements.referrer-not-told');
    expect(html).toContain('href="/your-placements">2 people are funded and waiting: record the admission when they arrive</a>');
    expect(html).toContain('1 stay has reached the planned end: record the discharge');
    expect(html).toContain('2 care-plan or risk reviews are overdue or due in the next 7 days');
  });

  it('keeps one partnership’s work off another partnership’s home page', async () => {
    // The peer reviewer is Eastfield's lead: Eastfield has none of Northmoor's referrals, rounds or contracts.
    await visitors.peer.submit('/', '/partnerships/switch', { partnershipId: context.demo.partnershipIds.eastfield });
    const { keys } = await homeOf(visitors.peer);
    expect(keys).toEqual(['assessment.peer-review-waiting']);
  });
});

describe('the lead commissioner’s home page', () => {
  it('reads its work in one statement for each capability, and who is signed in in one more (none again on the embedded database)', async () => {
    await homeOf(visitors.lead);
    await homeOf(visitors.lead);
    const queries = vi.spyOn(db().getExecutor(), 'executeQuery');
    try {
      await homeOf(visitors.lead);
      // The pathway's counts, the assessment rounds' and the commissioning alerts.
      expect(queries.mock.calls.length).toBe(context.database.kind === 'postgres' ? 4 : 3);
    } finally {
      queries.mockRestore();
    }
  });
});
