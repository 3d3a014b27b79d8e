import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, hiddenFieldsIn, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';
import { demoProviderAccount } from '../demo/provider-demo.js';
import { hashPassword } from '../platform/auth/passwords.js';

/**
 * Live bed availability through the pages: the provider's one-step form, its freshness stamp,
 * the "beds available now" filter dropping figures older than 14 days, and the commissioners'
 * list of their contracted and preferred services with space today.
 */

let context: TestContext;
let provider: Visitor;
let otherProvider: Visitor;
const services: Record<string, string> = {};
const day = 24 * 60 * 60 * 1000;
const bedsPage = (key: string) => `/your-services/${services[key]}/beds`;

const fillIn = async (visitor: Visitor, key: string, fields: Record<string, string>) => {
  const page = await visitor.get(bedsPage(key));
  return visitor.post(bedsPage(key), { ...hiddenFieldsIn(page.body), ...fields });
};

beforeAll(async () => {
  context = await createTestContext();
  const db = context.database.db;
  const hillside = await db.selectFrom('providers').select('id').where('name', '=', demoProviderAccount.providerName).executeTakeFirstOrThrow();
  const other = await db.insertInto('providers').values({ name: 'Rowanlea Test Provider (demo)' }).returning('id').executeTakeFirstOrThrow();
  for (const [key, providerId, name] of [
    ['house', hillside.id, 'Hillside Bed Test House'],
    ['detox', hillside.id, 'Hillside Bed Test Detox'],
    ['other', other.id, 'Rowanlea Bed Test House'],
  ] as const) {
    const service = await db.insertInto('services').values({ provider_id: providerId, name, kind: 'residential_rehab', region: 'North West' }).returning('id').executeTakeFirstOrThrow();
    services[key] = service.id;
  }
  const { northmoor } = context.demo.partnershipIds;
  const lead = context.demo.userIds['lead@northmoor.example'] as string;
  await db
    .insertInto('contracts')
    .values({ partnership_id: northmoor, service_id: services.house as string, contract_type: 'block', starts_on: '2026-01-01', ends_on: '2027-12-31', created_by: lead })
    .execute();
  await db.insertInto('preferred_services').values({ partnership_id: northmoor, service_id: services.other as string, added_on: '2026-01-01', created_by: lead }).execute();
  const user = await db
    .insertInto('users')
    .values({ email: 'beds@rowanlea.example', display_name: 'Rowan Bedkeeper (test)', password_hash: await hashPassword('pale winter orchard bells') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('provider_users').values({ provider_id: other.id, user_id: user.id }).execute();
  provider = await signedInVisitor(context, demoProviderAccount.email);
  otherProvider = new Visitor(context.app);
  await otherProvider.signIn('beds@rowanlea.example', 'pale winter orchard bells');
});
afterAll(async () => context.close());

describe('the provider’s bed form', () => {
  it('is only for an account of the service’s own provider', async () => {
    expect((await otherProvider.get(bedsPage('house'))).statusCode).toBe(403);
    for (const email of ['lead@northmoor.example', 'admin@residential-pathways.example', 'staff@northmoor.example']) {
      const visitor = await signedInVisitor(context, email);
      expect((await visitor.get(bedsPage('house'))).statusCode).toBe(403);
    }
    const refused = await fillIn(otherProvider, 'other', {});
    expect(refused.statusCode).toBe(400);
    const page = await otherProvider.get(bedsPage('other'));
    const forged = await otherProvider.post(bedsPage('house'), { ...hiddenFieldsIn(page.body), bedsAvailable: '9', waitingListLength: '0' });
    expect(forged.statusCode).toBe(403);
    expect(await context.database.db.selectFrom('service_bed_availability').selectAll().where('service_id', '=', services.house as string).execute()).toEqual([]);
  });

  it('shows GOV.UK errors and keeps what was typed', async () => {
    const response = await fillIn(provider, 'house', { bedsAvailable: 'two', waitingListLength: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: ');
    expect(response.body).toContain('Beds available now must be a whole number, like 2');
    expect(response.body).toContain('Enter how many people are on the waiting list, or 0');
    expect(response.body).toContain('value="two"');
    const past = await fillIn(provider, 'house', { bedsAvailable: '1', waitingListLength: '0', 'nextAdmissionOn-day': '1', 'nextAdmissionOn-month': '1', 'nextAdmissionOn-year': '2020' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('Next admission date must be today or in the future');
    expect(past.body).toContain('href="#nextAdmissionOn-day"');
  });

  it('saves all three figures in one step, with who and when, and audits it', async () => {
    const response = await fillIn(provider, 'house', {
      bedsAvailable: '2',
      waitingListLength: '4',
      'nextAdmissionOn-day': '30',
      'nextAdmissionOn-month': '11',
      'nextAdmissionOn-year': '2026',
    });
    expect(response.statusCode).toBe(302);
    const stored = await context.database.db.selectFrom('service_bed_availability').selectAll().where('service_id', '=', services.house as string).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ beds_available: 2, waiting_list_length: 4, next_admission_on: '2026-11-30', version: 1 });
    const audit = await context.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'bed_availability_updated').where('record_id', '=', services.house as string).execute();
    expect(audit).toHaveLength(1);
    const page = await provider.get(`/services/${services.house}`);
    expect(page.body).toContain('2 beds available now');
    expect(page.body).toContain('4 people waiting');
    expect(page.body).toContain('30 November 2026');
    expect(page.body).toMatch(/Updated 23 November 2026 at 9:00am by [^<]+/);
  });

  it('refuses a save over a figure someone changed meanwhile', async () => {
    const first = await provider.get(bedsPage('house'));
    const second = await provider.get(bedsPage('house'));
    expect((await provider.post(bedsPage('house'), { ...hiddenFieldsIn(first.body), bedsAvailable: '1', waitingListLength: '4' })).statusCode).toBe(302);
    const late = await provider.post(bedsPage('house'), { ...hiddenFieldsIn(second.body), bedsAvailable: '3', waitingListLength: '4' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Someone else changed the beds for this service');
    const stored = await context.database.db.selectFrom('service_bed_availability').select('beds_available').where('service_id', '=', services.house as string).executeTakeFirstOrThrow();
    expect(stored.beds_available).toBe(1);
  });
});

describe('freshness and the "beds available now" filter', () => {
  it('lists a service with a fresh free bed, and drops it once the figure is more than 14 days old', async () => {
    await fillIn(otherProvider, 'other', { bedsAvailable: '0', waitingListLength: '2' });
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const search = async () => (await lead.get('/services?beds=now')).body;
    let body = await search();
    expect(body).toContain('Hillside Bed Test House');
    expect(body).not.toContain('Rowanlea Bed Test House'); // no free bed
    expect(body).not.toContain('Hillside Bed Test Detox'); // never recorded
    expect((await lead.get('/services')).body).toContain('Rowanlea Bed Test House');

    context.clock.advance(14 * day);
    body = await search();
    expect(body).toContain('Hillside Bed Test House');

    context.clock.advance(1 * day);
    body = await search();
    expect(body).not.toContain('Hillside Bed Test House');
    const servicePage = await lead.get(`/services/${services.house}`);
    expect(servicePage.body).toContain('Out of date');
    expect(servicePage.body).toContain('These figures are more than 14 days old');
  });

  it('refuses a value the filter does not offer', async () => {
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const response = await lead.get('/services?beds=lots');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select beds available now from the list');
  });
});

describe('space today for commissioners', () => {
  it('lists the partnership’s contracted and preferred services with their beds, space first', async () => {
    await fillIn(provider, 'house', { bedsAvailable: '2', waitingListLength: '1' });
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const response = await lead.get('/commissioning/space-today');
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('1 of 2 services has space today');
    expect(body.indexOf('Hillside Bed Test House')).toBeGreaterThan(-1);
    expect(body.indexOf('Hillside Bed Test House')).toBeLessThan(body.indexOf('Rowanlea Bed Test House'));
    expect(body).not.toContain('Hillside Bed Test Detox');
    expect(body).toContain('Out of date'); // Rowanlea's figure is 15 days old now
  });

  it('shows another partnership none of it, and is refused to provider accounts', async () => {
    // Robin leads Eastfield, which has no contracts or preferred services.
    const eastfield = await signedInVisitor(context, 'peer@eastfield.example');
    const body = (await eastfield.get('/commissioning/space-today')).body;
    expect(body).toContain('Your partnership has no running contracts and no preferred services yet.');
    expect(body).not.toContain('Hillside Bed Test House');
    expect((await provider.get('/commissioning/space-today')).statusCode).toBe(403);
  });
});
