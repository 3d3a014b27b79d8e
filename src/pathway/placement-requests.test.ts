import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, hiddenFieldsIn, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';
import { referralRow, waitingForAdmission } from '../../test/referrals.js';
import { demoProviderAccount } from '../demo/provider-demo.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { textArray } from '../platform/db/arrays.js';

/**
 * Placement requests end to end through the pages: staff send one with only the shared
 * details; the provider answers; the referral's timeline, its page and the work queue show it;
 * a provider never reaches a request (or referral) that was not sent to one of its services.
 */

let context: TestContext;
let staff: Visitor;
let provider: Visitor;
let otherProvider: Visitor;
const services: Record<string, string> = {};
const referrals: Record<string, string> = {};
const day = 24 * 60 * 60 * 1000;

const sendPage = (key: string) => `/referrals/${referrals[key]}/placement-requests/new`;

async function send(key: string, serviceKey: string) {
  const page = await staff.get(sendPage(key));
  return staff.post(sendPage(key), { ...hiddenFieldsIn(page.body), serviceId: services[serviceKey] as string });
}

async function requestIdFor(key: string, serviceKey: string) {
  const row = await context.database.db
    .selectFrom('placement_requests')
    .select('id')
    .where('referral_id', '=', referrals[key] as string)
    .where('service_id', '=', services[serviceKey] as string)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function answer(visitor: Visitor, requestId: string, fields: Record<string, string>) {
  const page = await visitor.get(`/placement-requests/${requestId}`);
  return visitor.post(`/placement-requests/${requestId}`, { ...hiddenFieldsIn(page.body), ...fields });
}

beforeAll(async () => {
  context = await createTestContext({ withMailer: true });
  const db = context.database.db;
  const hillside = await db.selectFrom('providers').select('id').where('name', '=', demoProviderAccount.providerName).executeTakeFirstOrThrow();
  const other = await db.insertInto('providers').values({ name: 'Thornbury Placement Test Provider (demo)' }).returning('id').executeTakeFirstOrThrow();
  for (const [key, providerId, name] of [
    ['hillside', hillside.id, 'Hillside Request Test House'],
    ['other', other.id, 'Thornbury Request Test House'],
  ] as const) {
    services[key] = (await db.insertInto('services').values({ provider_id: providerId, name, kind: 'residential_rehab', region: 'North West' }).returning('id').executeTakeFirstOrThrow()).id;
  }
  const { northmoor, eastfield } = context.demo.partnershipIds;
  const add = async (key: string, partnershipId: string, values: Parameters<typeof referralRow>[2]) => {
    referrals[key] = (await db.insertInto('referrals').values(referralRow(partnershipId, key, values)).returning('id').executeTakeFirstOrThrow()).id;
  };
  await add('NM-REQ-1', northmoor, {
    ...waitingForAdmission(services.hillside as string),
    ethnicity_group: 'black',
    disability: 'yes',
    complexity: textArray(['mental_health', 'homelessness']),
    referring_service: 'Secret Community Team (demo)',
    eligibility_reasons: 'Private clinical reasons nobody outside may read',
  });
  await add('NM-REQ-2', northmoor, { stage: 'funding_requested', referred_on: '2026-06-05', assessed_on: '2026-06-20', eligibility_decision: 'eligible', funding_requested_on: '2026-11-01', funding_route: 'fast_track_detox' });
  await add('NM-REQ-3', northmoor, { stage: 'assessed', referred_on: '2026-06-05', assessed_on: '2026-06-20', eligibility_decision: 'eligible' });
  await add('EF-REQ-1', eastfield, waitingForAdmission(services.hillside as string));
  const user = await db
    .insertInto('users')
    .values({ email: 'requests@thornbury.example', display_name: 'Thea Thornbury (test)', password_hash: await hashPassword('quiet river copper lamp') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('provider_users').values({ provider_id: other.id, user_id: user.id }).execute();
  staff = await signedInVisitor(context, 'staff@northmoor.example');
  provider = await signedInVisitor(context, demoProviderAccount.email);
  otherProvider = new Visitor(context.app);
  await otherProvider.signIn('requests@thornbury.example', 'quiet river copper lamp');
});
afterAll(async () => context.close());

describe('sending a placement request', () => {
  it('shows exactly what the provider will see', async () => {
    const page = await staff.get(sendPage('NM-REQ-1'));
    expect(page.statusCode).toBe(200);
    for (const shown of ['Age band', 'Main substance', 'Mental health problems', 'Homeless or at risk of homelessness', 'Approved']) expect(page.body).toContain(shown);
    for (const hidden of ['Ethnic group', 'Disability', 'Secret Community Team', 'Private clinical reasons']) expect(page.body).not.toContain(hidden);
  });

  it('is refused before the funding stage, and needs a service', async () => {
    expect((await staff.get(sendPage('NM-REQ-3'))).body).toContain('You can send a placement request only while funding is asked for');
    const refused = await send('NM-REQ-3', 'hillside');
    expect(refused.statusCode).toBe(400);
    const page = await staff.get(sendPage('NM-REQ-1'));
    const empty = await staff.post(sendPage('NM-REQ-1'), { ...hiddenFieldsIn(page.body), serviceId: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Select a service');
    expect(empty.body).toContain('<title>Error: ');
    expect(await context.database.db.selectFrom('placement_requests').select('id').execute()).toEqual([]);
  });

  it('is refused to people who only read records, and to another partnership', async () => {
    const viewer = await signedInVisitor(context, 'viewer@northmoor.example');
    expect((await viewer.get(sendPage('NM-REQ-1'))).statusCode).toBe(403);
    expect((await provider.get(sendPage('NM-REQ-1'))).statusCode).toBe(403);
    expect((await staff.get(sendPage('EF-REQ-1'))).statusCode).toBe(404);
  });

  it('saves the request with the shared details only, puts it on the timeline, audits it and emails the provider nothing about the person', async () => {
    const response = await send('NM-REQ-1', 'hillside');
    expect(response.statusCode).toBe(302);
    const stored = await context.database.db.selectFrom('placement_requests').selectAll().where('referral_id', '=', referrals['NM-REQ-1'] as string).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'sent', local_reference: 'NM-REQ-1', sent_on: '2026-11-23', version: 1 });
    expect(Object.keys(stored.shared_details as object).sort()).toEqual(['ageBand', 'complexity', 'funding', 'fundingRoute', 'mainSubstance', 'parentalResponsibility', 'pregnant', 'sex']);
    const events = await context.database.db.selectFrom('referral_events').select('summary').where('referral_id', '=', referrals['NM-REQ-1'] as string).execute();
    expect(events.map((event) => event.summary)).toContain(`Placement request sent to Hillside Request Test House (${demoProviderAccount.providerName}).`);
    expect(await context.database.db.selectFrom('audit_events').select('id').where('action', '=', 'placement_request_sent').execute()).toHaveLength(1);
    const mail = context.sentMail.find((sent) => sent.to === demoProviderAccount.email);
    expect(mail?.subject).toBe('New placement request for Hillside Request Test House');
    expect(mail?.text).toContain(`/placement-requests/${stored.id}`);
    expect(mail?.text).not.toContain('NM-REQ-1');
    const referralPage = await staff.get(`/referrals/${referrals['NM-REQ-1']}`);
    expect(referralPage.body).toContain('Placement requests');
    expect(referralPage.body).toContain('Waiting for an answer');
  });

  it('refuses a second open request to the same service', async () => {
    const again = await send('NM-REQ-1', 'hillside');
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already has a request for this referral waiting for an answer');
  });
});

describe('what a provider can reach', () => {
  it('lists only requests to its own services, by reference', async () => {
    await send('NM-REQ-2', 'other');
    const list = await provider.get('/placement-requests');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('NM-REQ-1');
    expect(list.body).not.toContain('NM-REQ-2');
    const otherList = await otherProvider.get('/placement-requests');
    expect(otherList.body).toContain('NM-REQ-2');
    expect(otherList.body).not.toContain('NM-REQ-1');
  });

  it('finds nothing for another provider’s request, a referral id, or a guessed id, and cannot answer them', async () => {
    const theirs = await requestIdFor('NM-REQ-2', 'other');
    const mine = await requestIdFor('NM-REQ-1', 'hillside');
    for (const id of [theirs, referrals['NM-REQ-1'] as string, referrals['EF-REQ-1'] as string, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      expect((await provider.get(`/placement-requests/${id}`)).statusCode).toBe(404);
    }
    const page = await provider.get(`/placement-requests/${mine}`);
    const forged = await provider.post(`/placement-requests/${theirs}`, { ...hiddenFieldsIn(page.body), answer: 'decline', reason: 'Forged' });
    expect(forged.statusCode).toBe(404);
    const stored = await context.database.db.selectFrom('placement_requests').select('status').where('id', '=', theirs).executeTakeFirstOrThrow();
    expect(stored.status).toBe('sent');
    // Nor does it see the referral record itself.
    expect((await provider.get(`/referrals/${referrals['NM-REQ-2']}`)).statusCode).toBe(403);
  });

  it('sees the shared details and nothing else of the record', async () => {
    const page = await provider.get(`/placement-requests/${await requestIdFor('NM-REQ-1', 'hillside')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mental health problems');
    for (const hidden of ['Black', 'Secret Community Team', 'Private clinical reasons', 'Disability']) expect(page.body).not.toContain(hidden);
  });

  it('is for provider accounts only', async () => {
    for (const email of ['lead@northmoor.example', 'staff@northmoor.example', 'admin@residential-pathways.example']) {
      expect((await (await signedInVisitor(context, email)).get('/placement-requests')).statusCode).toBe(403);
    }
  });
});

describe('answering', () => {
  it('asks for a visit, then accepts with a date that staff see on the referral', async () => {
    const id = await requestIdFor('NM-REQ-1', 'hillside');
    const missing = await answer(provider, id, { answer: 'accept', 'admissionOn-day': '', 'admissionOn-month': '', 'admissionOn-year': '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter the admission date');
    expect(missing.body).toContain('href="#admissionOn-day"');

    expect((await answer(provider, id, { answer: 'visit', visitNote: 'Any weekday morning next week' })).statusCode).toBe(302);
    const accepted = await answer(provider, id, { answer: 'accept', 'admissionOn-day': '7', 'admissionOn-month': '12', 'admissionOn-year': '2026' });
    expect(accepted.statusCode).toBe(302);
    const stored = await context.database.db.selectFrom('placement_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'accepted', admission_on: '2026-12-07', visit_note: 'Any weekday morning next week', version: 3 });
    const referralPage = await staff.get(`/referrals/${referrals['NM-REQ-1']}`);
    expect(referralPage.body).toContain('Accepted. Admission date: 7 December 2026');
    expect(referralPage.body).toContain('Hillside Request Test House accepted the placement request. Admission date: 7 December 2026.');
    expect(referralPage.body).toContain('Hillside Request Test House asked for a pre-admission visit.');
    const audits = await context.database.db.selectFrom('audit_events').select('action').where('record_id', '=', id).orderBy('id').execute();
    expect(audits.map((row) => row.action)).toEqual(['placement_request_sent', 'placement_request_visit_requested', 'placement_request_accepted']);
    // Answered: no more answers.
    expect((await provider.get(`/placement-requests/${id}`)).body).not.toContain('Send answer');
  });

  it('detects two answers made at the same time', async () => {
    const send2 = await send('NM-REQ-1', 'other');
    expect(send2.statusCode).toBe(302);
    const id = await requestIdFor('NM-REQ-1', 'other');
    const first = await otherProvider.get(`/placement-requests/${id}`);
    const second = await otherProvider.get(`/placement-requests/${id}`);
    expect((await otherProvider.post(`/placement-requests/${id}`, { ...hiddenFieldsIn(first.body), answer: 'decline', reason: 'No women’s beds until March' })).statusCode).toBe(302);
    const late = await otherProvider.post(`/placement-requests/${id}`, { ...hiddenFieldsIn(second.body), answer: 'accept', 'admissionOn-day': '1', 'admissionOn-month': '12', 'admissionOn-year': '2026' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Someone else changed this request');
    const stored = await context.database.db.selectFrom('placement_requests').select(['status', 'decline_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'declined', decline_reason: 'No women’s beds until March' });
  });
});

describe('the work queue', () => {
  it('lists a request unanswered for 3 or more working days', async () => {
    const queue = async () => (await staff.get('/pathway/queues')).body;
    const section = (body: string) => {
      const start = body.indexOf('id="placement-requests-unanswered"');
      expect(start).toBeGreaterThan(-1);
      return body.slice(start, body.indexOf('</section>', start));
    };
    // NM-REQ-2 was sent to Thornbury on Monday 23 November and not answered.
    expect(section(await queue())).not.toContain('NM-REQ-2');
    context.clock.advance(2 * day); // Wednesday: 2 working days
    expect(section(await queue())).not.toContain('NM-REQ-2');
    context.clock.advance(1 * day); // Thursday: 3 working days
    const body = section(await queue());
    expect(body).toContain('NM-REQ-2');
    expect(body).toContain('Thornbury Request Test House');
    expect(body).not.toContain('NM-REQ-1'); // its requests were answered
    const eastfieldLead = await signedInVisitor(context, 'peer@eastfield.example');
    expect(section((await eastfieldLead.get('/pathway/queues')).body)).not.toContain('NM-REQ-2');
  });
});
