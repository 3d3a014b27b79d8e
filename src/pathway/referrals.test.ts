import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, hiddenFieldsIn, type TestContext, Visitor, signedInVisitor } from '../../test/app.js';
import * as accounts from '../accounts/repository.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { pathwayPaths as paths } from './paths.js';
import { createPathwayService } from './service.js';

/** The referral record and its stages, through the routes (and the service, as a provider page would use it). */

let context: TestContext;
let staff: Visitor;
let lead: Visitor;
let contributor: Visitor;
let viewer: Visitor;
let peerReviewer: Visitor;
let eastfield: Visitor;
let serviceId: string;
let serviceCostPence: number | null;

const db = () => context.database.db;
const dates = (prefix: string, day: string, month: string, year: string) => ({ [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year });
const idFrom = (location: unknown) => String(location).split('/').pop() as string;

async function addAccount(email: string, role: 'pathway_staff' | 'peer_reviewer', password: string): Promise<Visitor> {
  const user = await accounts.insertUser(db(), { email, displayName: `Test ${role}`, passwordHash: await hashPassword(password) });
  await accounts.insertMembership(db(), context.demo.partnershipIds.northmoor, { userId: user.id, role, organisation: null, partnerType: null });
  const visitor = new Visitor(context.app);
  await visitor.signIn(email, password);
  return visitor;
}

function detailFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    localReference: 'NM-2026-0001',
    identifiedVia: 'care_plan_review',
    ...dates('identifiedOn', '1', '9', '2026'),
    referringService: 'Northmoor community recovery service',
    keyworkerRole: 'Recovery worker, north team',
    ageBand: '35-44',
    sex: 'female',
    ethnicityGroup: 'white',
    disability: 'no',
    pregnant: 'no',
    parentalResponsibility: 'yes',
    mainSubstance: 'alcohol',
    complexity: ['mental_health', 'community_treatment_not_worked'],
    eligibilityInformationGiven: 'yes',
    ...overrides,
  };
}

async function createReferral(reference: string, overrides: Record<string, string | string[]> = {}): Promise<string> {
  const response = await staff.submit(paths.newReferral(), paths.newReferral(), detailFields({ localReference: reference, ...overrides }));
  expect(response.statusCode).toBe(302);
  return idFrom(response.headers.location);
}

/** Opens a stage form and sends it with its hidden fields (security token, version). */
function moveTo(visitor: Visitor, referralId: string, stage: string, fields: Record<string, string | string[]>) {
  const path = stage === 'withdrawn' ? paths.withdraw(referralId) : paths.stage(referralId, stage);
  return visitor.submitWithHidden(path, path, fields);
}

async function expectMoved(referralId: string, stage: string, fields: Record<string, string | string[]>) {
  const response = await moveTo(staff, referralId, stage, fields);
  if (response.statusCode !== 302) throw new Error(`Moving to ${stage} failed with ${response.statusCode}: ${/govuk-error-summary__list[\s\S]*?<\/ul>/.exec(response.body)?.[0]}`);
  return response;
}

const stored = (referralId: string) => db().selectFrom('referrals').selectAll().where('id', '=', referralId).executeTakeFirstOrThrow();

/** Takes a referral up to "waiting for admission" with funding approved. */
async function toWaiting(referralId: string) {
  await expectMoved(referralId, 'referred', dates('date', '2', '9', '2026'));
  await expectMoved(referralId, 'assessed', { ...dates('date', '10', '9', '2026'), eligibilityDecision: 'eligible' });
  await expectMoved(referralId, 'preparing', { ...dates('date', '15', '9', '2026'), preparation: ['preparation_group'], serviceId });
  await expectMoved(referralId, 'funding_requested', { ...dates('date', '1', '10', '2026'), fundingRoute: 'standard', serviceId });
  await expectMoved(referralId, 'funding_decided', { ...dates('date', '12', '10', '2026'), fundingDecision: 'approved', fundingDecidedBy: 'panel' });
  await expectMoved(referralId, 'waiting', dates('date', '12', '10', '2026'));
}

beforeAll(async () => {
  context = await createTestContext();
  staff = await addAccount('keyworker@northmoor.example', 'pathway_staff', 'pathway-staff-password');
  peerReviewer = await addAccount('reviewer-only@northmoor.example', 'peer_reviewer', 'peer-reviewer-password');
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  contributor = await signedInVisitor(context, 'contributor@northmoor.example');
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
  eastfield = await signedInVisitor(context, 'peer@eastfield.example');
  // The directory is empty without the sample work: add a fictional service to choose.
  const provider = await db().insertInto('providers').values({ name: 'Harbour Recovery (test)' }).returning('id').executeTakeFirstOrThrow();
  const service = await db()
    .insertInto('services')
    .values({ provider_id: provider.id, name: 'Harbour House (test)', kind: 'residential_rehab', town: 'Northmoor', region: 'North West', weekly_cost_pence: 68500 })
    .returning(['id', 'weekly_cost_pence'])
    .executeTakeFirstOrThrow();
  serviceId = service.id;
  serviceCostPence = service.weekly_cost_pence;
});
afterAll(async () => context.close());

describe('starting a referral record', () => {
  it('says plainly that no name, NHS number or date of birth may be entered, and offers every field', async () => {
    const page = await staff.get(paths.newReferral());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Do not enter the person’s name, NHS number, date of birth or address');
    expect(page.body).toContain('Do not give the keyworker’s name');
    for (const name of ['localReference', 'identifiedVia', 'identifiedOn-day', 'referringService', 'keyworkerRole', 'ageBand', 'sex', 'ethnicityGroup', 'disability', 'pregnant', 'parentalResponsibility', 'mainSubstance', 'complexity', 'eligibilityInformationGiven']) {
      expect(page.body).toContain(`name="${name}"`);
    }
    expect(page.body).toContain('value="under_18"');
    expect(page.body).not.toMatch(/name="(name|nhsNumber|dateOfBirth)/);
  });

  it('refuses missing answers, keeping what was typed', async () => {
    const response = await staff.submit(paths.newReferral(), paths.newReferral(), detailFields({ sex: '', mainSubstance: '', referringService: '', ...dates('identifiedOn', '31', '2', '2026') }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Start a referral record');
    expect(response.body).toContain('Select the person’s sex');
    expect(response.body).toContain('Select the main substance the person needs treatment for');
    expect(response.body).toContain('Enter the referring service');
    expect(response.body).toContain('Date identified must be a real date');
    expect(response.body).toContain('href="#identifiedOn-day"');
    expect(response.body).toContain('value="NM-2026-0001"');
    expect(response.body).toContain('value="Recovery worker, north team"');
    expect(response.body).toMatch(/value="mental_health" checked/);
    expect(await db().selectFrom('referrals').select('id').execute()).toEqual([]);
  });

  it('refuses an under-18, pointing to young people’s services', async () => {
    const response = await staff.submit(paths.newReferral(), paths.newReferral(), detailFields({ ageBand: 'under_18' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('is for adults aged 18 or over. Refer someone under 18 to your local young people’s drug and alcohol service instead');
    expect(await db().selectFrom('referrals').select('id').execute()).toEqual([]);
  });

  it('refuses a reference that looks like a name, an NHS number or a date of birth', async () => {
    for (const reference of ['Jane Smith', '485 777 3456', '01/02/1980']) {
      const response = await staff.submit(paths.newReferral(), paths.newReferral(), detailFields({ localReference: reference }));
      expect(response.statusCode, reference).toBe(400);
      expect(response.body).toContain('Use your local reference, not the person’s name, NHS number or date of birth');
    }
    // Said even when other answers are missing, so one round of corrections is enough.
    const both = await staff.submit(paths.newReferral(), paths.newReferral(), detailFields({ localReference: 'Jane Smith', sex: '' }));
    expect(both.body).toContain('Use your local reference, not the person’s name');
    expect(both.body).toContain('Select the person’s sex');
    expect(await db().selectFrom('referrals').select('id').execute()).toEqual([]);
  });

  it('starts the record at "identified", with a timeline entry and an audit entry naming only the reference', async () => {
    const referralId = await createReferral('NM-2026-0001');
    const referral = await stored(referralId);
    expect(referral).toMatchObject({ stage: 'identified', identified_on: '2026-09-01', complexity: ['mental_health', 'community_treatment_not_worked'], eligibility_information_given: true });
    const page = await staff.get(paths.referral(referralId));
    expect(page.body).toContain('Record the referral');
    expect(page.body).toContain('Record started. Identified: at a care-plan review.');
    const audit = await db().selectFrom('audit_events').select(['action', 'summary']).where('record_id', '=', referralId).execute();
    expect(audit).toEqual([{ action: 'referral_created', summary: 'Started the referral NM-2026-0001' }]);
  });

  it('refuses a second record with the same reference', async () => {
    const response = await staff.submit(paths.newReferral(), paths.newReferral(), detailFields({ localReference: 'nm-2026-0001' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('A referral with this local reference already exists');
  });
});

describe('one referral through every stage', () => {
  let referralId: string;

  it('walks from identified to closed, recording each stage’s details', async () => {
    referralId = await createReferral('NM-2026-0002');
    await toWaiting(referralId);

    const waiting = await staff.get(paths.referral(referralId));
    expect(waiting.body).toContain('Contact while waiting');
    const contact = await staff.submit(paths.referral(referralId), paths.contacts(referralId), { ...dates('contactedOn', '20', '10', '2026'), note: 'Phoned; still keen' });
    expect(contact.statusCode).toBe(302);

    const admissionPage = await staff.get(paths.stage(referralId, 'admitted'));
    expect(admissionPage.body).toContain(`value="${serviceId}" selected`);
    // The date is not filled in with today's unless asked for, with a link that works without JavaScript.
    const dayBox = (html: string) => /<input[^>]*name="date-day"[^>]*>/.exec(html)?.[0] ?? '';
    expect(dayBox(admissionPage.body)).not.toMatch(/value="[^"]+"/);
    expect(admissionPage.body).toContain(`href="${paths.stage(referralId, 'admitted')}?today=1#date-day"`);
    const withToday = await staff.get(`${paths.stage(referralId, 'admitted')}?today=1`);
    expect(dayBox(withToday.body)).toContain('value="23"');
    expect(/<input[^>]*name="date-year"[^>]*>/.exec(withToday.body)?.[0]).toContain('value="2026"');
    // The "if yes" and "if no" questions are revealed by their answer (and all shown without JavaScript).
    const afterYes = admissionPage.body.split('id="conditional-aftercarePlan"')[1] ?? '';
    const [yesReveal = '', noReveal = ''] = afterYes.split('id="conditional-aftercarePlan-2"');
    expect(admissionPage.body).toContain('data-aria-controls="conditional-aftercarePlan"');
    expect(yesReveal).toContain('id="aftercarePlanAgreedOn-day"');
    expect(yesReveal).not.toContain('noAftercarePlanReason');
    expect(noReveal).toContain('id="noAftercarePlanReason"');
    expect(admissionPage.body).not.toContain('If yes');
    await expectMoved(referralId, 'admitted', {
      ...dates('date', '2', '11', '2026'),
      serviceId,
      plannedWeeks: '12',
      detoxIncluded: 'yes',
      weeklyCost: '',
      aftercarePlan: 'agreed',
      ...dates('aftercarePlanAgreedOn', '30', '10', '2026'),
    });
    const admitted = await stored(referralId);
    expect(admitted).toMatchObject({ stage: 'admitted', admitted_on: '2026-11-02', planned_weeks: 12, detox_included: true, weekly_cost_pence: serviceCostPence, aftercare_plan_agreed_on: '2026-10-30' });
    const stayReviews = await db().selectFrom('referral_reviews').select(['id', 'kind', 'due_on', 'not_recorded', 'version']).where('referral_id', '=', referralId).orderBy('due_on').execute();
    // Admitted on 2 November, recorded on 23 November: the first two reviews had passed already.
    expect(stayReviews.map((review) => [review.kind, review.due_on, review.not_recorded])).toEqual([
      ['risk', '2026-11-09', true],
      ['care_plan', '2026-11-16', true],
      ['risk', '2026-12-07', false],
      ['care_plan', '2026-12-14', false],
      ['risk', '2027-01-04', false],
      ['care_plan', '2027-01-11', false],
    ]);

    const record = await staff.get(paths.referral(referralId));
    expect(record.body).toContain('Not recorded at the time');
    expect(record.body).not.toContain('Overdue');
    expect(record.body).toContain('Estimated cost of the stay');
    expect(record.body).toContain('£8,220, at the planned length'); // 12 weeks at £685
    const first = stayReviews[0]!;
    const done = await staff.submitWithHidden(`/referrals/${referralId}/reviews/${first.id}`, `/referrals/${referralId}/reviews/${first.id}`, { ...dates('completedOn', '9', '11', '2026'), notes: 'Settling in' });
    expect(done.statusCode).toBe(302);
    expect((await db().selectFrom('referral_reviews').select('completed_on').where('id', '=', first.id).executeTakeFirstOrThrow()).completed_on).toBe('2026-11-09');

    await expectMoved(referralId, 'discharged', { ...dates('date', '20', '11', '2026'), dischargeOutcome: 'completed' });
    const reviews = await db().selectFrom('referral_reviews').select(['kind', 'due_on', 'completed_on']).where('referral_id', '=', referralId).orderBy('due_on').execute();
    expect(reviews.map((review) => [review.kind, review.due_on])).toEqual([
      ['risk', '2026-11-09'],
      ['care_plan', '2026-11-16'],
      ['follow_up_3_months', '2027-02-20'],
      ['follow_up_6_months', '2027-05-20'],
      ['follow_up_12_months', '2027-11-20'],
    ]);

    await expectMoved(referralId, 'aftercare', dates('date', '21', '11', '2026'));
    await expectMoved(referralId, 'closed', dates('date', '23', '11', '2026'));
    expect(await stored(referralId)).toMatchObject({
      stage: 'closed',
      referred_on: '2026-09-02',
      assessed_on: '2026-09-10',
      eligibility_decision: 'eligible',
      preparing_on: '2026-09-15',
      preparation_group: true,
      service_id: serviceId,
      funding_requested_on: '2026-10-01',
      funding_route: 'standard',
      funding_decision: 'approved',
      funding_decided_by: 'panel',
      funding_decided_on: '2026-10-12',
      waiting_since: '2026-10-12',
      discharged_on: '2026-11-20',
      discharge_outcome: 'completed',
      aftercare_started_on: '2026-11-21',
      closed_on: '2026-11-23',
    });
  });

  it('keeps every transition and edit on the timeline, newest first, and audits each', async () => {
    const events = await db().selectFrom('referral_events').select(['event_type', 'stage']).where('referral_id', '=', referralId).orderBy('id').execute();
    expect(events.map((event) => event.stage ?? event.event_type)).toEqual([
      'identified',
      'referred',
      'assessed',
      'preparing',
      'funding_requested',
      'funding_decided',
      'waiting',
      'contact_added',
      'admitted',
      'review_done',
      'discharged',
      'aftercare',
      'closed',
    ]);
    const page = await staff.get(paths.referral(referralId));
    expect(page.body.indexOf('Referral closed.')).toBeLessThan(page.body.indexOf('Record started.'));
    expect(page.body).toContain('Funding approved by the funding panel after 7 working days.');
    expect(page.body).not.toContain('Record the'); // nothing more can happen to a closed referral
    const audit = await db().selectFrom('audit_events').select(['action', 'summary']).where('record_id', '=', referralId).orderBy('id').execute();
    expect(audit).toHaveLength(13);
    expect(audit.every((entry) => entry.summary.includes('NM-2026-0002'))).toBe(true);
    expect(audit.some((entry) => /keen|Settling/.test(entry.summary))).toBe(false);
  });

  it('lists, filters and searches referrals', async () => {
    const list = await staff.get(paths.referrals());
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('NM-2026-0001');
    expect(list.body).toContain('NM-2026-0002');
    const closed = await staff.get(`${paths.referrals()}?stage=closed`);
    expect(closed.body).toContain('NM-2026-0002');
    expect(closed.body).not.toContain('NM-2026-0001<');
    const search = await staff.get(`${paths.referrals()}?q=0001`);
    expect(search.body).toContain('NM-2026-0001');
    expect(search.body).not.toContain('NM-2026-0002');
    expect((await staff.get(`${paths.referrals()}?stage=nonsense`)).statusCode).toBe(400);
    const pathway = createPathwayService({ db: db(), now: () => context.clock.now });
    for (let number = 1; number <= 26; number += 1) {
      const created = await pathway.createReferral(context.demo.partnershipIds.northmoor, { userId: null }, {
        localReference: `BULK-${String(number).padStart(3, '0')}`,
        identifiedVia: 'presentation',
        identifiedOn: '2026-08-01',
        referringService: 'Test service',
        keyworkerRole: '',
        ageBand: '25-34',
        sex: 'not_stated',
        ethnicityGroup: 'not_stated',
        disability: 'not_stated',
        pregnant: 'not_stated',
        parentalResponsibility: 'not_stated',
        mainSubstance: 'drugs',
        complexity: [],
        eligibilityInformationGiven: false,
      });
      expect(created.ok).toBe(true);
    }
    const first = await staff.get(`${paths.referrals()}?q=bulk`);
    expect(first.body).toContain('Referrals 1 to 25 of 26 matching your search');
    expect(first.body).toContain('href="/referrals?q=bulk&amp;page=2"');
    const second = await staff.get(`${paths.referrals()}?q=bulk&page=2`);
    expect(second.body).toContain('Referrals 26 to 26 of 26 matching your search');
    const pastTheEnd = await staff.get(`${paths.referrals()}?stage=closed&page=9`);
    expect(pastTheEnd.headers.location).toBe(`${paths.referrals()}?stage=closed`);
  });
});

describe('refused moves', () => {
  let referralId: string;

  beforeAll(async () => {
    referralId = await createReferral('NM-2026-0003');
  });

  it('refuses a move the pathway does not allow, from the form and from the record', async () => {
    const page = await staff.get(paths.stage(referralId, 'admitted'));
    expect(page.statusCode).toBe(302);
    expect((await staff.get(paths.referral(referralId))).body).toContain('You cannot record an admission until funding has been decided.');
    const fields = hiddenFieldsIn((await staff.get(paths.referral(referralId))).body);
    const response = await staff.post(paths.stage(referralId, 'admitted'), { _csrf: fields._csrf as string, version: '1', ...dates('date', '1', '11', '2026'), serviceId, plannedWeeks: '12' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('You cannot record an admission until funding has been decided.');
    expect((await stored(referralId)).stage).toBe('identified');
    expect((await staff.get(paths.stage(referralId, 'nonsense'))).statusCode).toBe(404);
  });

  it('refuses impossible dates beside the field, keeping what was typed', async () => {
    const impossible = await moveTo(staff, referralId, 'referred', dates('date', '31', '2', '2026'));
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('Date of referral must be a real date');
    expect(impossible.body).toContain('value="31"');
    const before = await moveTo(staff, referralId, 'referred', dates('date', '31', '8', '2026'));
    expect(before.body).toContain('Date of referral must be the same as or after the date the person was identified (1 September 2026)');
    const future = await moveTo(staff, referralId, 'referred', dates('date', '24', '11', '2026'));
    expect(future.body).toContain('Date of referral must be today or in the past');
    expect(future.body).toContain('href="#date-day"');
    await expectMoved(referralId, 'referred', dates('date', '2', '9', '2026'));
    const notEligible = await moveTo(staff, referralId, 'assessed', { ...dates('date', '3', '9', '2026'), eligibilityDecision: 'not_eligible', eligibilityReasons: '' });
    expect(notEligible.statusCode).toBe(400);
    expect(notEligible.body).toContain('Enter the reasons the person is not eligible');
    expect(notEligible.body).toMatch(/value="not_eligible" checked/);
  });

  it('sends a not-eligible assessment straight to closed', async () => {
    await expectMoved(referralId, 'assessed', { ...dates('date', '3', '9', '2026'), eligibilityDecision: 'not_eligible', eligibilityReasons: 'Needs can be met in the community' });
    const page = await staff.get(paths.referral(referralId));
    expect(page.body).toContain('Close the referral');
    expect(page.body).not.toContain('Record preparation');
    expect((await staff.get(paths.stage(referralId, 'preparing'))).statusCode).toBe(302);
  });

  it('withdraws a referral with a reason', async () => {
    const other = await createReferral('NM-2026-0004');
    const noReason = await moveTo(staff, other, 'withdrawn', { ...dates('date', '5', '9', '2026'), withdrawnReason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter the reason the referral is being withdrawn');
    await expectMoved(other, 'withdrawn', { ...dates('date', '5', '9', '2026'), withdrawnReason: 'Chose to stay in community treatment' });
    expect(await stored(other)).toMatchObject({ stage: 'withdrawn', withdrawn_from_stage: 'identified', withdrawn_reason: 'Chose to stay in community treatment' });
  });
});

describe('the safety rules', () => {
  it('allows admission without an aftercare plan only with a reason, and flags it until a plan is recorded', async () => {
    const referralId = await createReferral('NM-2026-0005');
    await toWaiting(referralId);
    const neither = await moveTo(staff, referralId, 'admitted', { ...dates('date', '2', '11', '2026'), serviceId, plannedWeeks: '6', aftercarePlan: 'not_agreed', noAftercarePlanReason: '' });
    expect(neither.statusCode).toBe(400);
    expect(neither.body).toContain('Enter why the person is being admitted without an agreed aftercare plan');
    const late = await moveTo(staff, referralId, 'admitted', { ...dates('date', '2', '11', '2026'), serviceId, plannedWeeks: '6', aftercarePlan: 'agreed', ...dates('aftercarePlanAgreedOn', '3', '11', '2026') });
    expect(late.body).toContain('Date the aftercare plan was agreed must be the same as or before the date of admission');
    await expectMoved(referralId, 'admitted', {
      ...dates('date', '2', '11', '2026'),
      serviceId,
      plannedWeeks: '6',
      weeklyCost: '725.50',
      aftercarePlan: 'not_agreed',
      noAftercarePlanReason: 'A bed came up at short notice',
    });
    expect(await stored(referralId)).toMatchObject({ aftercare_plan_agreed_on: null, admitted_without_aftercare_reason: 'A bed came up at short notice', weekly_cost_pence: 72550 });
    const flagged = await staff.get(paths.referral(referralId));
    expect(flagged.body).toContain('Admitted without an agreed aftercare plan. Agree one and record it before the person leaves.');
    expect(flagged.body).toContain('Record the agreed aftercare plan');
    const listed = await staff.get(`${paths.referrals()}?q=0005`);
    expect(listed.body).toContain('1 safety flag');

    const recorded = await staff.submitWithHidden(`/referrals/${referralId}/aftercare-plan`, `/referrals/${referralId}/aftercare-plan`, dates('agreedOn', '10', '11', '2026'));
    expect(recorded.statusCode).toBe(302);
    const cleared = await staff.get(paths.referral(referralId));
    expect(cleared.body).not.toContain('Agree one and record it before the person leaves');
    expect(cleared.body).toContain('Aftercare plan agreed on 10 November 2026 (after admission).');
  });

  it('requires a risk assessment and when the referrer was told for an unplanned discharge', async () => {
    const referralId = await createReferral('NM-2026-0006');
    await toWaiting(referralId);
    await expectMoved(referralId, 'admitted', { ...dates('date', '2', '11', '2026'), serviceId, plannedWeeks: '12', aftercarePlan: 'agreed', ...dates('aftercarePlanAgreedOn', '1', '11', '2026') });

    const bare = await moveTo(staff, referralId, 'discharged', { ...dates('date', '22', '11', '2026'), dischargeOutcome: 'left_early', riskAssessmentSummary: '' });
    expect(bare.statusCode).toBe(400);
    expect(bare.body).toContain('Enter a summary of the risk assessment made when the person left');
    expect(bare.body).toContain('Enter the date and time the referrer was told, or say that they have not been told yet');
    expect(bare.body).toContain('href="#referrerTold"');
    const noTime = await moveTo(staff, referralId, 'discharged', {
      ...dates('date', '22', '11', '2026'),
      dischargeOutcome: 'left_early',
      riskAssessmentSummary: 'Tolerance low; naloxone given',
      referrerTold: 'yes',
      ...dates('referrerNotifiedOn', '22', '11', '2026'),
      referrerNotifiedTime: '25:00',
    });
    expect(noTime.body).toContain('Time the referrer was told must be a real time, like 14:30 or 2:30pm');
    expect(noTime.body).toContain('Tolerance low; naloxone given');
    // "Yes" was chosen, so its reveal with the date and time is open.
    expect(noTime.body).toMatch(/class="govuk-radios__conditional" id="conditional-referrerTold">[\s\S]*?id="referrerNotifiedOn-day"[\s\S]*?id="referrerNotifiedTime"/);

    await expectMoved(referralId, 'discharged', {
      ...dates('date', '22', '11', '2026'),
      dischargeOutcome: 'left_early',
      riskAssessmentSummary: 'Tolerance low; naloxone given',
      referrerTold: 'not_yet',
    });
    const flagged = await staff.get(paths.referral(referralId));
    expect(flagged.body).toContain('Unplanned discharge: the referrer has not been told yet.');
    expect(flagged.body).toContain('Record when the referrer was told');

    context.clock.advance(24 * 60 * 60 * 1000); // 24 November, 9am: past the end of the day after the discharge
    const overdue = await staff.get(paths.referral(referralId));
    expect(overdue.body).toContain('the 24 hours to tell them have passed');

    const told = await staff.submitWithHidden(`/referrals/${referralId}/referrer-told`, `/referrals/${referralId}/referrer-told`, { ...dates('toldOn', '24', '11', '2026'), toldTime: '8:15am' });
    expect(told.statusCode).toBe(302);
    expect((await stored(referralId)).referrer_notified_at).toEqual(new Date('2026-11-24T08:15:00Z'));
    const late = await staff.get(paths.referral(referralId));
    expect(late.body).toContain('the referrer was told more than 24 hours after the person left');
    context.clock.advance(-24 * 60 * 60 * 1000);

    const audit = await db().selectFrom('audit_events').select('summary').where('record_id', '=', referralId).execute();
    expect(audit.some((entry) => entry.summary.includes('naloxone'))).toBe(false);
  });

  it('flags a funding decision waited for longer than the partnership’s target', async () => {
    const referralId = await createReferral('NM-2026-0007');
    await expectMoved(referralId, 'referred', dates('date', '2', '9', '2026'));
    await expectMoved(referralId, 'assessed', { ...dates('date', '10', '9', '2026'), eligibilityDecision: 'eligible' });
    await expectMoved(referralId, 'funding_requested', { ...dates('date', '2', '11', '2026'), fundingRoute: 'fast_track_detox' });
    const page = await staff.get(paths.referral(referralId));
    expect(page.body).toContain('Waiting 15 working days for a funding decision. The partnership’s target is 10 working days.');
  });
});

describe('records entered after the event', () => {
  /** Takes a referral up to "waiting for admission" in the summer. */
  async function toWaitingInSummer(referralId: string) {
    await expectMoved(referralId, 'referred', dates('date', '1', '7', '2026'));
    await expectMoved(referralId, 'assessed', { ...dates('date', '6', '7', '2026'), eligibilityDecision: 'eligible' });
    await expectMoved(referralId, 'funding_requested', { ...dates('date', '10', '7', '2026'), fundingRoute: 'standard', serviceId });
    await expectMoved(referralId, 'funding_decided', { ...dates('date', '20', '7', '2026'), fundingDecision: 'approved', fundingDecidedBy: 'panel' });
  }

  const section = (html: string, id: string) => new RegExp(`<section class="app-queue" aria-labelledby="${id}">[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

  it('keep reviews already past off the queue, listed on the record as not recorded at the time', async () => {
    const referralId = await createReferral('NM-2026-0030', dates('identifiedOn', '20', '6', '2026'));
    await toWaitingInSummer(referralId);
    // Admitted on 24 August for 12 weeks, recorded on 23 November: every in-stay review has passed.
    await expectMoved(referralId, 'admitted', { ...dates('date', '24', '8', '2026'), serviceId, plannedWeeks: '12', aftercarePlan: 'agreed', ...dates('aftercarePlanAgreedOn', '20', '8', '2026') });
    const reviews = await db().selectFrom('referral_reviews').select(['due_on', 'not_recorded']).where('referral_id', '=', referralId).execute();
    expect(reviews).toHaveLength(6);
    expect(reviews.every((review) => review.not_recorded)).toBe(true);

    const queues = await staff.get(paths.queues());
    expect(section(queues.body, 'reviews-due')).not.toBe('');
    expect(section(queues.body, 'reviews-due')).not.toContain('NM-2026-0030');

    const record = await staff.get(paths.referral(referralId));
    expect(record.body.match(/govuk-tag--yellow">\s*Not recorded at the time/g)?.length).toBe(6);
    expect(record.body).toContain('were already due when their stage was recorded, so they are not on the work queues');
    expect(record.body).not.toMatch(/govuk-tag--red">\s*Overdue/);
  });

  it('schedule only the follow-ups still to come after a discharge recorded late', async () => {
    const referralId = await createReferral('NM-2026-0031', dates('identifiedOn', '20', '6', '2026'));
    await toWaitingInSummer(referralId);
    await expectMoved(referralId, 'admitted', { ...dates('date', '3', '8', '2026'), serviceId, plannedWeeks: '4', aftercarePlan: 'agreed', ...dates('aftercarePlanAgreedOn', '1', '8', '2026') });
    await expectMoved(referralId, 'discharged', { ...dates('date', '31', '8', '2026'), dischargeOutcome: 'completed' });
    const followUps = await db()
      .selectFrom('referral_reviews')
      .select(['kind', 'due_on', 'not_recorded'])
      .where('referral_id', '=', referralId)
      .where('kind', 'in', ['follow_up_3_months', 'follow_up_6_months', 'follow_up_12_months'])
      .orderBy('due_on')
      .execute();
    expect(followUps.map((review) => [review.kind, review.due_on, review.not_recorded])).toEqual([
      ['follow_up_3_months', '2026-11-30', false],
      ['follow_up_6_months', '2027-02-28', false],
      ['follow_up_12_months', '2027-08-31', false],
    ]);
    // The 3-month follow-up is due within the week: on the queue, as it should be.
    expect(section((await staff.get(paths.queues())).body, 'reviews-due')).toContain('NM-2026-0031');
  });

  it('flag a stay past its planned length on the record, the list and the queue, costed from the days stayed so far', async () => {
    const referralId = (await db().selectFrom('referrals').select('id').where('local_reference', '=', 'NM-2026-0030').executeTakeFirstOrThrow()).id;
    const record = await staff.get(paths.referral(referralId));
    expect(record.body).toContain('Past the planned length of stay: planned for 12 weeks, to end on 16 November 2026, and 7 days longer so far.');
    expect(record.body).toContain('£8,905 so far, from the 91 days stayed so far (past the planned length)'); // 13 weeks at £685
    expect((await staff.get(`${paths.referrals()}?q=0030`)).body).toContain('1 safety flag');
    const queue = section((await staff.get(paths.queues())).body, 'stays-past-planned-length');
    expect(queue).toContain(`href="/referrals/${referralId}">NM-2026-0030</a>`);
    expect(queue).toContain('16 November 2026');
  });
});

describe('two people changing one referral', () => {
  it('refuses a stale edit of the details, keeping the second person’s input and the first person’s save', async () => {
    const referralId = await createReferral('NM-2026-0008');
    const path = paths.editReferral(referralId);
    const pageA = await staff.get(path);
    const pageB = await lead.get(path);
    const saved = await staff.post(path, { ...hiddenFieldsIn(pageA.body), ...detailFields({ localReference: 'NM-2026-0008', mainSubstance: 'both' }) });
    expect(saved.statusCode).toBe(302);
    const stale = await lead.post(path, { ...hiddenFieldsIn(pageB.body), ...detailFields({ localReference: 'NM-2026-0008', ageBand: '45-54', keyworkerRole: 'Care manager' }) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this referral while you were editing it');
    expect(stale.body).toContain('value="Care manager"');
    expect(stale.body).toContain('Drugs and alcohol'); // the saved version is shown
    expect(await stored(referralId)).toMatchObject({ main_substance: 'both', age_band: '35-44', keyworker_role: 'Recovery worker, north team' });
    const events = await db().selectFrom('referral_events').select('summary').where('referral_id', '=', referralId).where('event_type', '=', 'details_changed').execute();
    expect(events).toEqual([{ summary: 'Details changed: main substance.' }]);
  });

  it('refuses a stage move made from an out-of-date page', async () => {
    const referralId = await createReferral('NM-2026-0009');
    const path = paths.stage(referralId, 'referred');
    const pageA = await staff.get(path);
    const pageB = await lead.get(path);
    expect((await staff.post(path, { ...hiddenFieldsIn(pageA.body), ...dates('date', '2', '9', '2026') })).statusCode).toBe(302);
    const stale = await lead.post(path, { ...hiddenFieldsIn(pageB.body), ...dates('date', '3', '9', '2026') });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this referral while you were editing it');
    expect((await stored(referralId)).referred_on).toBe('2026-09-02');
  });
});

describe('the service, as a provider page would call it', () => {
  it('moves a referral without going through these routes, with the same rules', async () => {
    const referralId = await createReferral('NM-2026-0010');
    const pathway = createPathwayService({ db: db(), now: () => context.clock.now });
    const partnershipId = context.demo.partnershipIds.northmoor;
    const actor = { userId: null, requestId: 'provider-test' };
    const refused = await pathway.moveStage(partnershipId, actor, referralId, 1, 'admitted', { date: '2026-11-01' });
    expect(refused).toEqual({ ok: false, reason: 'invalid', problems: [['stage', 'You cannot record an admission until funding has been decided.']] });
    const moved = await pathway.moveStage(partnershipId, actor, referralId, 1, 'referred', { date: '2026-09-02' });
    expect(moved).toEqual({ ok: true, stage: 'referred' });
    expect((await pathway.moveStage(partnershipId, actor, referralId, 1, 'assessed', { date: '2026-09-03', eligibilityDecision: 'eligible' })).ok).toBe(false);
    expect(await pathway.moveStage(context.demo.partnershipIds.eastfield, actor, referralId, 2, 'assessed', { date: '2026-09-03', eligibilityDecision: 'eligible' })).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });
});

describe('who may do what', () => {
  let referralId: string;
  let reviewId: string;

  beforeAll(async () => {
    referralId = await createReferral('NM-2026-0011');
    await toWaiting(referralId);
    await expectMoved(referralId, 'admitted', { ...dates('date', '2', '11', '2026'), serviceId, plannedWeeks: '12', aftercarePlan: 'agreed', ...dates('aftercarePlanAgreedOn', '1', '11', '2026') });
    reviewId = (await db().selectFrom('referral_reviews').select('id').where('referral_id', '=', referralId).executeTakeFirstOrThrow()).id;
  });

  const readPages = () => [paths.referrals(), paths.referral(referralId)];
  const changePages = () => [
    paths.newReferral(),
    paths.editReferral(referralId),
    paths.stage(referralId, 'discharged'),
    paths.withdraw(referralId),
    `/referrals/${referralId}/reviews/${reviewId}`,
    `/referrals/${referralId}/aftercare-plan`,
    `/referrals/${referralId}/referrer-told`,
  ];

  it('lets the lead commissioner and pathway staff make changes', async () => {
    for (const visitor of [lead, staff]) {
      expect((await visitor.get(paths.newReferral())).statusCode).toBe(200);
      expect((await visitor.get(paths.stage(referralId, 'discharged'))).statusCode).toBe(200);
    }
    expect((await lead.get(paths.referral(referralId))).body).toContain('Record the discharge');
  });

  it('shows contributors and viewers no referral records at all (403), only the figures', async () => {
    for (const visitor of [contributor, viewer]) {
      for (const path of [...readPages(), ...changePages()]) expect((await visitor.get(path)).statusCode, path).toBe(403);
      expect((await visitor.get('/pathway/summary')).statusCode).toBe(200);
    }
    const token = hiddenFieldsIn((await contributor.get('/account')).body)._csrf;
    const create = await contributor.post(paths.newReferral(), { _csrf: token as string, ...detailFields({ localReference: 'NM-BY-CONTRIBUTOR' }) });
    expect(create.statusCode).toBe(403);
    expect(await db().selectFrom('referrals').select('id').where('local_reference', '=', 'NM-BY-CONTRIBUTOR').execute()).toEqual([]);
  });

  it('refuses peer reviewers everything in the tracker (403)', async () => {
    for (const path of [...readPages(), ...changePages()]) expect((await peerReviewer.get(path)).statusCode, path).toBe(403);
  });

  it('does not show another partnership’s referrals, events, contacts or reviews (404)', async () => {
    for (const path of [paths.referral(referralId), ...changePages().slice(1)]) {
      expect((await eastfield.get(path)).statusCode, path).toBe(404);
    }
    const token = hiddenFieldsIn((await eastfield.get(paths.newReferral())).body)._csrf as string;
    const posts: Array<[string, Record<string, string>]> = [
      [paths.stage(referralId, 'discharged'), { version: '8', ...dates('date', '20', '11', '2026'), dischargeOutcome: 'completed' }],
      [paths.withdraw(referralId), { version: '8', ...dates('date', '20', '11', '2026'), withdrawnReason: 'x' }],
      [paths.editReferral(referralId), { version: '8', ...detailFields({ localReference: 'NM-2026-0011' }) } as Record<string, string>],
      [paths.contacts(referralId), dates('contactedOn', '20', '11', '2026')],
      [`/referrals/${referralId}/reviews/${reviewId}`, { version: '1', ...dates('completedOn', '20', '11', '2026') }],
      [`/referrals/${referralId}/aftercare-plan`, { version: '8', ...dates('agreedOn', '20', '11', '2026') }],
      [`/referrals/${referralId}/referrer-told`, { version: '8', ...dates('toldOn', '20', '11', '2026'), toldTime: '10:00' }],
    ];
    for (const [path, fields] of posts) expect((await eastfield.post(path, { _csrf: token, ...fields })).statusCode, path).toBe(404);
    expect((await eastfield.get(paths.referrals())).body).not.toContain('NM-2026-0011');
    expect((await stored(referralId)).stage).toBe('admitted');
    expect(await db().selectFrom('referral_reviews').select('id').where('referral_id', '=', referralId).where('completed_on', 'is not', null).execute()).toEqual([]);
  });

  it('does not find a review through another referral’s address', async () => {
    const other = await createReferral('NM-2026-0012');
    expect((await staff.get(`/referrals/${other}/reviews/${reviewId}`)).statusCode).toBe(404);
    expect((await staff.get('/referrals/not-an-id')).statusCode).toBe(404);
  });
});
