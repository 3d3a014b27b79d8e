import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, hiddenFieldsIn, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';
import type { Database } from '../platform/db/schema.js';

/**
 * Keeping the directory up to date: administrators' providers, services, packs and provider
 * accounts; provider accounts changing their own services and nothing else; every change audited.
 */

let context: TestContext;
let admin: Visitor;
let lead: Visitor;
let providerUser: Visitor;
let providerUserPassword: string;
let alderId: string;
let birchId: string;
let oakId: string;
let rowanId: string;
let firstAuditId: number;
const db = () => context.database.db;

const dates = (prefix: string, day: string, month: string, year: string) => ({ [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year });

/** The demo directory is cleared, so only this file's providers and services exist. */
async function clearDirectory(database: Kysely<Database>): Promise<void> {
  // Referrals keep their history; they just no longer point at a service.
  await sql`UPDATE referrals SET service_id = NULL WHERE service_id IS NOT NULL`.execute(database);
  for (const table of ['service_notes', 'preferred_service_reviews', 'preferred_services', 'contracts', 'service_information_packs', 'services', 'provider_users', 'provider_invitations', 'providers'] as const) {
    await database.deleteFrom(table).execute();
  }
}

function invitationLink(html: string): string {
  const match = /<code id="invitation-link">[^<]*(\/invitations\/[A-Za-z0-9_-]+)<\/code>/.exec(html);
  if (!match?.[1]) throw new Error('No invitation link on the page');
  return match[1];
}

function serviceFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    providerId: alderId,
    name: 'Oak House',
    kind: 'residential_rehab',
    approaches: ['therapeutic_community', 'twelve_step'],
    specialisms: ['women_only', 'pregnant_women'],
    detoxOnSite: 'yes',
    address: '1 Oak Lane',
    town: 'Leeds',
    postcode: 'ls14ap',
    region: 'Yorkshire and the Humber',
    beds: '20',
    weeklyCost: '£1,250.50',
    minimumWeeks: '6',
    typicalWeeks: '12',
    waitingWeeks: '3',
    ...dates('waitingUpdatedOn', '20', '11', '2026'),
    regulatorRating: 'good',
    ...dates('ratingDate', '1', '6', '2026'),
    eligibility: 'Adults who have completed a detox',
    exclusions: 'People who need nursing care',
    accessibility: ['step_free'],
    languages: 'English, Welsh, English',
    ...overrides,
  };
}

async function auditActions(): Promise<Array<{ action: string; partnership_id: string | null; summary: string }>> {
  return db().selectFrom('audit_events').select(['action', 'partnership_id', 'summary']).where('id', '>=', firstAuditId)
    .where('record_type', 'in', ['provider', 'service', 'information_pack', 'user'])
    .where('action', 'not like', 'sign%')
    .orderBy('id')
    .execute();
}

beforeAll(async () => {
  context = await createTestContext();
  admin = await signedInVisitor(context, 'admin@residential-pathways.example');
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  await clearDirectory(db());
  // The audit log cannot be emptied, so only entries after this point are looked at.
  const last = await db().selectFrom('audit_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  firstAuditId = Number(last?.id ?? 0) + 1;
});
afterAll(async () => context.close());

describe('providers', () => {
  it('refuses a provider without a name or with a bad website, keeping what was typed', async () => {
    const response = await admin.submit('/admin/providers/new', '/admin/providers/new', { name: '', website: 'alder.example' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the provider’s name');
    expect(response.body).toContain('Enter website in the correct format, starting with https://');
    expect(response.body).toContain('href="#name"');
    expect(response.body).toContain('value="alder.example"');
  });

  it('adds providers, refusing a second with the same name', async () => {
    const added = await admin.submit('/admin/providers/new', '/admin/providers/new', { name: 'Alder Recovery (test)', website: 'https://alder.example' });
    expect(added.statusCode).toBe(302);
    alderId = (added.headers.location as string).split('/').pop() as string;
    expect(added.headers.location).toBe(`/admin/providers/${alderId}`);
    const birch = await admin.submit('/admin/providers/new', '/admin/providers/new', { name: 'Birch Trust (test)', website: '' });
    birchId = (birch.headers.location as string).split('/').pop() as string;
    const duplicate = await admin.submit('/admin/providers/new', '/admin/providers/new', { name: 'ALDER recovery (TEST)', website: '' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('A provider with this name is already in the directory');
    const list = await admin.get('/admin/providers');
    expect(list.body).toContain('Alder Recovery (test)');
    expect(list.body).toContain('Birch Trust (test)');
    expect(list.body).toContain('<caption class="govuk-table__caption govuk-table__caption--m">Providers in the directory, A to Z</caption>');
  });

  it('changes a provider and detects a change made meanwhile, keeping the second person’s input', async () => {
    const path = `/admin/providers/${alderId}/edit`;
    const pageA = await admin.get(path);
    const pageB = await admin.get(path);
    const saved = await admin.post(path, { ...hiddenFieldsIn(pageA.body), name: 'Alder Recovery (test)', website: 'https://www.alder.example' });
    expect(saved.statusCode).toBe(302);
    const conflict = await admin.post(path, { ...hiddenFieldsIn(pageB.body), name: 'Alder Recovery Group (test)', website: '' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Someone else changed this while you were editing it');
    expect(conflict.body).toContain('value="Alder Recovery Group (test)"');
    expect(conflict.body).toContain('https://www.alder.example');
    const stored = await db().selectFrom('providers').select(['name', 'website', 'version']).where('id', '=', alderId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: 'Alder Recovery (test)', website: 'https://www.alder.example', version: 2 });
  });

  it('is for administrators only', async () => {
    expect((await lead.get('/admin/providers')).statusCode).toBe(403);
    expect((await lead.get(`/admin/providers/${alderId}`)).statusCode).toBe(403);
    expect((await lead.get('/admin/providers/new')).statusCode).toBe(403);
  });
});

describe('services', () => {
  it('refuses a service with missing or wrong details, keeping everything typed', async () => {
    const response = await admin.submit(
      `/services/new?provider=${alderId}`,
      '/services/new',
      serviceFields({ name: '', kind: '', region: '', weeklyCost: 'about 1000', postcode: 'nowhere', beds: 'twenty', ...dates('ratingDate', '31', '2', '2026') }),
    );
    expect(response.statusCode).toBe(400);
    for (const message of [
      'Enter the name of the service',
      'Select the kind of service',
      'Select the region',
      'Weekly cost must be an amount in pounds, like 1250 or 1250.50',
      'Enter a real postcode, like LS1 4AP',
      'Number of beds must be a whole number, like 24',
      'Date of the rating must be a real date',
    ]) {
      expect(response.body, message).toContain(message);
    }
    expect(response.body).toContain('<title>Error: Add a service');
    expect(response.body).toContain('href="#kind"');
    expect(response.body).toContain('href="#ratingDate-day"');
    expect(response.body).toContain('value="about 1000"');
    expect(response.body).toMatch(/name="specialisms" type="checkbox" value="pregnant_women" checked/);
    expect(response.body).toMatch(/name="accessibility" type="checkbox" value="step_free" checked/);
    expect(response.body).toContain('Adults who have completed a detox');
    expect(await db().selectFrom('services').select('id').execute()).toEqual([]);
  });

  it('checks the details against each other once each one is right', async () => {
    const response = await admin.submit(
      `/services/new?provider=${alderId}`,
      '/services/new',
      serviceFields({ minimumWeeks: '12', typicalWeeks: '6', ...dates('waitingUpdatedOn', '', '', ''), ...dates('ratingDate', '1', '6', '2027') }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Typical programme length must be the same as or longer than the minimum');
    expect(response.body).toContain('Enter the date the waiting time was checked');
    expect(response.body).toContain('href="#waitingUpdatedOn-day"');
    expect(response.body).toContain('Date of the rating must be today or in the past');
    expect(await db().selectFrom('services').select('id').execute()).toEqual([]);
  });

  it('adds a service under a provider, storing arrays, pence and dates', async () => {
    const page = await admin.get(`/services/new?provider=${alderId}`);
    expect(page.body).toMatch(new RegExp(`<option value="${alderId}" selected>`));
    const response = await admin.submit(`/services/new?provider=${alderId}`, '/services/new', serviceFields());
    expect(response.statusCode).toBe(302);
    oakId = (response.headers.location as string).split('/').pop() as string;
    expect(response.headers.location).toBe(`/services/${oakId}`);
    const stored = await db().selectFrom('services').selectAll().where('id', '=', oakId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      provider_id: alderId,
      name: 'Oak House',
      kind: 'residential_rehab',
      approaches: ['therapeutic_community', 'twelve_step'],
      specialisms: ['women_only', 'pregnant_women'],
      detox_on_site: true,
      postcode: 'LS1 4AP',
      region: 'Yorkshire and the Humber',
      beds: 20,
      weekly_cost_pence: 125_050,
      minimum_weeks: 6,
      typical_weeks: 12,
      waiting_weeks: 3,
      waiting_updated_on: '2026-11-20',
      regulator_rating: 'good',
      rating_date: '2026-06-01',
      step_free_access: true,
      adapted_rooms: false,
      languages: ['English', 'Welsh'],
    });
    const servicePage = await admin.get(`/services/${oakId}`);
    expect(servicePage.body).toContain('£1,250.50');
    expect(servicePage.body).toContain('Oak House has been added to the directory');
    const rowan = await admin.submit(`/services/new?provider=${birchId}`, '/services/new', serviceFields({ providerId: birchId, name: 'Rowan Lodge', kind: 'inpatient_detox', region: 'London' }));
    rowanId = (rowan.headers.location as string).split('/').pop() as string;
    expect(rowanId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('fills the change form from the service and saves a new waiting time', async () => {
    const form = await admin.get(`/services/${oakId}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Oak House"');
    expect(form.body).toContain('value="1250.50"');
    expect(form.body).toContain('value="English, Welsh"');
    expect(form.body).toMatch(/name="approaches" type="checkbox" value="twelve_step" checked/);
    const saved = await admin.submitWithHidden(`/services/${oakId}/edit`, `/services/${oakId}/edit`, serviceFields({ waitingWeeks: '5', ...dates('waitingUpdatedOn', '23', '11', '2026'), accessibility: ['step_free', 'adapted_rooms'] }));
    expect(saved.statusCode).toBe(302);
    const stored = await db().selectFrom('services').select(['waiting_weeks', 'waiting_updated_on', 'adapted_rooms', 'version']).where('id', '=', oakId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ waiting_weeks: 5, waiting_updated_on: '2026-11-23', adapted_rooms: true, version: 2 });
  });

  it('refuses a stale change with the GOV.UK message, keeping the input and showing the saved version', async () => {
    const path = `/services/${oakId}/edit`;
    const pageA = await admin.get(path);
    const pageB = await admin.get(path);
    const first = await admin.post(path, { ...hiddenFieldsIn(pageA.body), ...serviceFields({ waitingWeeks: '7' }) });
    expect(first.statusCode).toBe(302);
    const second = await admin.post(path, { ...hiddenFieldsIn(pageB.body), ...serviceFields({ name: 'Oak House (my wording)', waitingWeeks: '1' }) });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else changed this while you were editing it');
    expect(second.body).toContain('value="Oak House (my wording)"');
    expect(second.body).toContain('This is the service as it is saved now');
    expect(second.body).toContain('7 weeks');
    const stored = await db().selectFrom('services').select(['name', 'waiting_weeks']).where('id', '=', oakId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: 'Oak House', waiting_weeks: 7 });
  });

  it('refuses changes from partnership members', async () => {
    expect((await lead.get(`/services/${oakId}/edit`)).statusCode).toBe(403);
    expect((await lead.get('/services/new')).statusCode).toBe(403);
    const token = csrfTokenIn((await lead.get('/services')).body);
    expect((await lead.post(`/services/${oakId}/edit`, { _csrf: token, ...serviceFields({ name: 'Hijacked' }) })).statusCode).toBe(403);
    expect((await lead.get(`/services/${oakId}/packs`)).statusCode).toBe(403);
  });
});

describe('information packs', () => {
  let packPath: string;

  it('refuses a pack with missing or wrong details, keeping what was typed', async () => {
    const response = await admin.submit(`/services/${oakId}/packs/new`, `/services/${oakId}/packs/new`, {
      audience: '',
      title: '',
      link: 'javascript:alert(1)',
      ...dates('reviewOn', '', '', ''),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select who the pack is for');
    expect(response.body).toContain('Enter the title of the pack');
    expect(response.body).toContain('Enter link in the correct format, starting with https://');
    expect(response.body).toContain('Enter the date the pack is next due for review');
    expect(response.body).toContain('value="javascript:alert(1)"');
  });

  it('adds packs and flags the one past its review date', async () => {
    const first = await admin.submit(`/services/${oakId}/packs/new`, `/services/${oakId}/packs/new`, {
      audience: 'commissioners_and_referrers',
      title: 'Referral guide',
      link: 'https://alder.example/referral-guide.pdf',
      ...dates('reviewOn', '1', '10', '2026'),
    });
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe(`/services/${oakId}/packs`);
    await admin.submit(`/services/${oakId}/packs/new`, `/services/${oakId}/packs/new`, { audience: 'on_admission', title: 'Welcome pack', link: '', ...dates('reviewOn', '31', '3', '2027') });
    const list = await admin.get(`/services/${oakId}/packs`);
    expect(list.body).toContain('Referral guide');
    expect(list.body).toContain('Welcome pack');
    expect(list.body.match(/>\s*Review overdue\s*</g)).toHaveLength(1);
    expect(list.body).toContain('<caption class="govuk-table__caption govuk-table__caption--m">Information packs for Oak House</caption>');
    const service = await lead.get(`/services/${oakId}`);
    expect(service.body).toContain('Referral guide');
    expect(service.body).toContain('Review overdue');
    const pack = await db().selectFrom('service_information_packs').select('id').where('title', '=', 'Referral guide').executeTakeFirstOrThrow();
    packPath = `/services/${oakId}/packs/${pack.id}`;
  });

  it('changes a pack and refuses a stale change', async () => {
    const pageA = await admin.get(packPath);
    const pageB = await admin.get(packPath);
    const saved = await admin.post(packPath, { ...hiddenFieldsIn(pageA.body), audience: 'commissioners_and_referrers', title: 'Referral guide 2027', link: '', ...dates('reviewOn', '1', '10', '2027') });
    expect(saved.statusCode).toBe(302);
    const stale = await admin.post(packPath, { ...hiddenFieldsIn(pageB.body), audience: 'before_admission', title: 'My other title', link: '', ...dates('reviewOn', '1', '1', '2027') });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this while you were editing it');
    expect(stale.body).toContain('value="My other title"');
    expect(stale.body).toContain('Referral guide 2027');
    expect((await admin.get(`/services/${oakId}/packs`)).body).not.toContain('Review overdue');
  });

  it('deletes a pack after asking, refusing a stale request', async () => {
    const deletePath = `${packPath}/delete`;
    const page = await admin.get(deletePath);
    expect(page.body).toContain('Are you sure you want to delete the information pack “Referral guide 2027”?');
    const stale = await admin.post(deletePath, { _csrf: csrfTokenIn(page.body), version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this');
    const deleted = await admin.post(deletePath, hiddenFieldsIn(page.body));
    expect(deleted.statusCode).toBe(302);
    expect(await db().selectFrom('service_information_packs').select('title').where('service_id', '=', oakId).execute()).toEqual([{ title: 'Welcome pack' }]);
  });
});

describe('provider accounts', () => {
  it('refuses an account without a name or a proper email address', async () => {
    const response = await admin.submit(`/admin/providers/${alderId}/accounts/new`, `/admin/providers/${alderId}/accounts/new`, { name: '', email: 'not-an-email' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the person’s full name');
    expect(response.body).toContain('Enter an email address in the correct format');
    expect(response.body).toContain('value="not-an-email"');
  });

  it('invites a person without an account by a link, and makes their account only when they accept it', async () => {
    const url = `/admin/providers/${alderId}/accounts/new`;
    const response = await admin.submit(url, url, { name: 'Morgan Test', email: 'Morgan@Alder.example' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('Invitation created');
    expect(response.body).toContain('Send this link to morgan@alder.example yourself');
    expect(response.body).not.toContain('one-time-password');
    const link = invitationLink(response.body);
    expect(await db().selectFrom('users').select('id').where('email', '=', 'morgan@alder.example').execute()).toEqual([]);
    const stored = await db().selectFrom('provider_invitations').selectAll().where('email', '=', 'morgan@alder.example').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ provider_id: alderId, display_name: 'Morgan Test', accepted_at: null, withdrawn_at: null });
    expect(stored.token_hash).not.toContain(link.split('/').pop());
    const waiting = await admin.get(`/admin/providers/${alderId}`);
    expect(waiting.body).toContain('Invitations waiting to be accepted');
    expect(waiting.body).toContain('morgan@alder.example');
    expect(waiting.body).not.toContain(link);

    providerUser = new Visitor(context.app);
    const page = await providerUser.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Keep Alder Recovery (test)’s services up to date');
    expect(page.body).toContain('value="Morgan Test"');
    const bad = await providerUser.submit(link, link, { displayName: 'Morgan Tester', password: 'short', confirmPassword: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="password-error"[\s\S]*Password must be 12 characters or more/);
    expect(bad.body).toContain('href="#password"');
    expect(bad.body).toContain('value="Morgan Tester"');
    expect(await db().selectFrom('users').select('id').where('email', '=', 'morgan@alder.example').execute()).toEqual([]);

    providerUserPassword = 'morgan’s own passphrase';
    const accepted = await providerUser.submit(link, link, { displayName: 'Morgan Test', password: providerUserPassword, confirmPassword: providerUserPassword });
    expect(accepted.statusCode).toBe(302);
    expect(accepted.headers.location).toBe('/');
    const user = await db().selectFrom('users').selectAll().where('email', '=', 'morgan@alder.example').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ display_name: 'Morgan Test', is_admin: false, must_change_password: false, password_expires_at: null });
    expect(await db().selectFrom('provider_users').select('provider_id').where('user_id', '=', user.id).execute()).toEqual([{ provider_id: alderId }]);
    expect((await providerUser.get('/')).body).toContain('You can now keep Alder Recovery (test)’s services up to date');
    expect((await providerUser.get('/your-services')).statusCode).toBe(200);

    // The link works once.
    expect((await providerUser.get(link)).statusCode).toBe(410);
    const stranger = new Visitor(context.app);
    const again = await stranger.submit('/sign-in', link, { displayName: 'Someone else', password: 'another passphrase', confirmPassword: 'another passphrase' });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This invitation link cannot be used');
    const providerPage = await admin.get(`/admin/providers/${alderId}`);
    expect(providerPage.body).not.toContain('Invitations waiting to be accepted');
    expect(providerPage.body).toContain('morgan@alder.example');
    await new Visitor(context.app).signIn('morgan@alder.example', providerUserPassword);
  });

  it('gives an existing person the provider without a new password, once', async () => {
    const response = await admin.submit(`/admin/providers/${birchId}/accounts/new`, `/admin/providers/${birchId}/accounts/new`, { name: 'Anyone', email: 'contributor@northmoor.example' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('already had an account');
    expect(response.body).not.toContain('one-time-password');
    expect(response.body).not.toContain('invitation-link');
    const again = await admin.submit(`/admin/providers/${birchId}/accounts/new`, `/admin/providers/${birchId}/accounts/new`, { name: 'Anyone', email: 'contributor@northmoor.example' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already has an account for Birch Trust (test)');
  });

  it('lists the provider’s own services on Your services', async () => {
    const page = await providerUser.get('/your-services');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Alder Recovery (test)');
    expect(page.body).toContain('Oak House');
    expect(page.body).not.toContain('Rowan Lodge');
    expect(page.body).toContain('<caption class="govuk-table__caption govuk-visually-hidden">Services run by Alder Recovery (test)</caption>');
    expect((await lead.get('/your-services')).statusCode).toBe(403);
  });

  it('lets a provider account change its own service and packs', async () => {
    const page = await providerUser.get(`/services/${oakId}`);
    expect(page.body).toContain('Change this service');
    const saved = await providerUser.submitWithHidden(`/services/${oakId}/edit`, `/services/${oakId}/edit`, serviceFields({ waitingWeeks: '2', ...dates('waitingUpdatedOn', '23', '11', '2026') }));
    expect(saved.statusCode).toBe(302);
    expect((await db().selectFrom('services').select('waiting_weeks').where('id', '=', oakId).executeTakeFirstOrThrow()).waiting_weeks).toBe(2);
    const pack = await providerUser.submit(`/services/${oakId}/packs/new`, `/services/${oakId}/packs/new`, { audience: 'before_admission', title: 'Preparing to come', link: '', ...dates('reviewOn', '1', '6', '2027') });
    expect(pack.statusCode).toBe(302);
    const added = await providerUser.submit('/services/new', '/services/new', serviceFields({ providerId: alderId, name: 'Willow Annexe', kind: 'second_stage' }));
    expect(added.statusCode).toBe(302);
  });

  it('refuses a provider account anything for another provider’s service', async () => {
    expect((await providerUser.get(`/services/${rowanId}`)).body).not.toContain('Change this service');
    expect((await providerUser.get(`/services/${rowanId}/edit`)).statusCode).toBe(403);
    const token = csrfTokenIn((await providerUser.get(`/services/${oakId}/edit`)).body);
    expect((await providerUser.post(`/services/${rowanId}/edit`, { _csrf: token, version: '1', ...serviceFields({ providerId: birchId, name: 'Hijacked' }) })).statusCode).toBe(403);
    expect((await providerUser.get(`/services/${rowanId}/packs`)).statusCode).toBe(403);
    expect((await providerUser.get(`/services/${rowanId}/packs/new`)).statusCode).toBe(403);
    expect((await providerUser.post(`/services/${rowanId}/packs/new`, { _csrf: token, audience: 'on_admission', title: 'Sneaky', ...dates('reviewOn', '1', '1', '2027') })).statusCode).toBe(403);
    const elsewhere = await providerUser.submit('/services/new', '/services/new', serviceFields({ providerId: birchId, name: 'Not mine' }));
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.body).toContain('Select the provider');
    expect((await providerUser.get('/admin/providers')).statusCode).toBe(403);
    const rowan = await db().selectFrom('services').select(['name', 'version']).where('id', '=', rowanId).executeTakeFirstOrThrow();
    expect(rowan).toEqual({ name: 'Rowan Lodge', version: 1 });
    expect(await db().selectFrom('services').select('id').where('name', 'in', ['Not mine', 'Hijacked']).execute()).toEqual([]);
    expect(await db().selectFrom('service_information_packs').select('id').where('title', '=', 'Sneaky').execute()).toEqual([]);
  });

  it('removes a provider account, after which its changes are refused', async () => {
    const user = await db().selectFrom('users').select('id').where('email', '=', 'morgan@alder.example').executeTakeFirstOrThrow();
    const path = `/admin/providers/${alderId}/accounts/${user.id}/remove`;
    const page = await admin.get(path);
    expect(page.body).toContain('Are you sure you want to remove Morgan Test’s provider account?');
    const removed = await admin.post(path, hiddenFieldsIn(page.body));
    expect(removed.statusCode).toBe(302);
    expect((await providerUser.get(`/services/${oakId}/edit`)).statusCode).toBe(403);
    expect((await providerUser.get('/services')).statusCode).toBe(200);
  });
});

describe('the audit trail', () => {
  it('records every change to the directory, outside any partnership', async () => {
    const entries = await auditActions();
    expect(entries.every((entry) => entry.partnership_id === null)).toBe(true);
    expect(entries.map((entry) => entry.action)).toEqual([
      'provider_added',
      'provider_added',
      'provider_updated',
      'service_added',
      'service_added',
      'service_updated',
      'service_updated',
      'information_pack_added',
      'information_pack_added',
      'information_pack_updated',
      'information_pack_deleted',
      'provider_invitation_created',
      'account_created',
      'provider_invitation_accepted',
      'provider_account_added',
      'service_updated',
      'information_pack_added',
      'service_added',
      'provider_account_removed',
    ]);
    expect(entries.find((entry) => entry.action === 'provider_invitation_created')?.summary).toBe('Invited Morgan Test to keep Alder Recovery (test)’s services up to date');
    expect(entries.find((entry) => entry.action === 'provider_invitation_accepted')?.summary).toBe('Accepted the invitation to keep Alder Recovery (test)’s services up to date');
    expect(entries.some((entry) => entry.summary.includes(providerUserPassword))).toBe(false);
  });
});
