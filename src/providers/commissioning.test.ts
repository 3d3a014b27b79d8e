import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import { textArray } from '../platform/db/arrays.js';
import { addDays, ukToday } from '../platform/values/calendar.js';

/**
 * Contracts, the preferred-provider list with its reviews, local notes, the service's
 * commissioning page and the home page alerts, through the routes. Today is 23 November 2026.
 */

let context: TestContext;
let lead: Visitor;
let contributor: Visitor;
let viewer: Visitor;
let eastfield: Visitor;
let peer: Visitor;
let serviceA: string;
let serviceB: string;
let serviceC: string;

const db = () => context.database.db;
const dates = (prefix: string, day: string, month: string, year: string) => ({ [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year });
const idOf = (location: unknown) => String(location).split('/').pop() as string;
const versionIn = (html: string) => /<input type="hidden" name="version" value="(\d+)">/.exec(html)?.[1] as string;

async function addService(providerName: string, name: string, town: string): Promise<string> {
  const provider = await db().insertInto('providers').values({ name: providerName, updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  const service = await db()
    .insertInto('services')
    .values({
      provider_id: provider.id,
      name,
      kind: 'residential_rehab',
      region: 'North West',
      town,
      specialisms: textArray(['women_only', 'co_occurring_mental_health']),
      weekly_cost_pence: 95000,
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return service.id;
}

function contractFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    serviceId: serviceA,
    contractType: 'block',
    reference: 'NM-BLOCK-2026',
    ...dates('startsOn', '1', '4', '2026'),
    ...dates('endsOn', '31', '1', '2027'),
    bedNightsPurchased: '365',
    bedNightsUsed: '240',
    weeklyPrice: '£1,250.50',
    requirements: ['ndtms_reporting', 'feedback_surveys'],
    ...dates('nextReviewOn', '1', '11', '2026'),
    notes: 'Quarterly meetings with the provider.\nReview the bed-night use in January.',
    ...overrides,
  };
}

function reviewFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    ...dates('reviewedOn', '10', '11', '2026'),
    dataConsidered: 'Completion 58% over 40 placements; waiting time 3 weeks',
    serviceUserFeedback: 'People valued the family work',
    visitMade: 'yes',
    decision: 'keep',
    decisionNotes: '',
    ...dates('nextReviewOn', '', '', ''),
    ...overrides,
  };
}

beforeAll(async () => {
  context = await createTestContext();
  // The demo data may hold contracts and reviews of its own: start each kind from empty so counts are exact.
  await db().deleteFrom('preferred_service_reviews').execute();
  await db().deleteFrom('preferred_services').execute();
  await db().deleteFrom('service_notes').execute();
  await db().deleteFrom('contracts').execute();
  serviceA = await addService('Commissioning Test Provider Alpha', 'Alpha House (test)', 'Lakeford');
  serviceB = await addService('Commissioning Test Provider Beta', 'Beta Lodge (test)', 'Hillbury');
  serviceC = await addService('Commissioning Test Provider Gamma', 'Gamma Court (test)', '');
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  contributor = await signedInVisitor(context, 'contributor@northmoor.example');
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
  // peer@eastfield.example leads Eastfield (where they start) and is Northmoor's peer reviewer.
  eastfield = await signedInVisitor(context, 'peer@eastfield.example');
  peer = await signedInVisitor(context, 'peer@eastfield.example');
  const switched = await peer.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: context.demo.partnershipIds.northmoor });
  expect(switched.statusCode).toBe(302);
});
afterAll(async () => context.close());

let blockContract: string;
let spotContract: string;

describe('contracts', () => {
  it('refuses a contract with missing details, keeping everything typed', async () => {
    const response = await lead.submit('/commissioning/contracts/new', '/commissioning/contracts/new', {
      serviceId: '',
      reference: 'Kept reference',
      ...dates('startsOn', '', '', ''),
      ...dates('endsOn', '', '', ''),
      bedNightsPurchased: 'lots',
      bedNightsUsed: '-3',
      weeklyPrice: '650.555',
      requirements: 'user_involvement',
      notes: 'Kept notes',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Add a contract');
    for (const message of [
      'Select a service from the list',
      'Select whether this is a spot purchase or a block contract',
      'Enter the start date',
      'Enter the end date',
      'Bed nights purchased must be a whole number, like 365',
      'Bed nights used must be 0 or more',
      'Weekly price must be an amount in pounds, like 650 or 650.50',
    ]) {
      expect(response.body).toContain(message);
    }
    expect(response.body).toContain('href="#serviceId"');
    expect(response.body).toContain('href="#startsOn-day"');
    expect(response.body).toContain('value="Kept reference"');
    expect(response.body).toContain('value="lots"');
    expect(response.body).toContain('value="650.555"');
    expect(response.body).toContain('Kept notes');
    expect(response.body).toMatch(/value="user_involvement" checked/);
    expect(await db().selectFrom('contracts').select('id').execute()).toEqual([]);
  });

  it('needs the end date to be the same as or after the start date, reported with other problems', async () => {
    const response = await lead.submit(
      '/commissioning/contracts/new',
      '/commissioning/contracts/new',
      contractFields({ reference: 'r'.repeat(101), ...dates('startsOn', '1', '4', '2026'), ...dates('endsOn', '31', '3', '2026') }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Reference must be 100 characters or fewer');
    expect(response.body).toContain('The end date must be the same as or after the start date');
    expect(response.body).toContain('href="#endsOn-day"');
    expect(response.body.indexOf('href="#reference"')).toBeLessThan(response.body.indexOf('href="#endsOn-day"'));
    expect(response.body).toMatch(/name="endsOn-day" type="text" value="31"/);
    const real = await lead.submit('/commissioning/contracts/new', '/commissioning/contracts/new', contractFields({ ...dates('endsOn', '31', '2', '2027') }));
    expect(real.body).toContain('End date must be a real date');
  });

  it('adds a block contract and shows its figures and flags', async () => {
    const response = await lead.submit('/commissioning/contracts/new', '/commissioning/contracts/new', contractFields());
    expect(response.statusCode).toBe(302);
    blockContract = idOf(response.headers.location);
    expect(response.headers.location).toBe(`/commissioning/contracts/${blockContract}`);
    const page = await lead.get(`/commissioning/contracts/${blockContract}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The contract has been added.');
    expect(page.body).toContain('Alpha House (test)');
    expect(page.body).toContain('Block contract');
    expect(page.body).toContain('NM-BLOCK-2026');
    expect(page.body).toContain('£1,250.50');
    expect(page.body).toContain('240 of 365 used (66%)');
    expect(page.body).toContain('Report to NDTMS');
    expect(page.body).toContain('Run feedback surveys');
    expect(page.body).not.toContain('Involve people who use the service');
    expect(page.body).toContain('1 November 2026');
    expect(page.body).toMatch(/govuk-tag--red">\s*Review overdue/);
    expect(page.body).toMatch(/govuk-tag--orange">\s*Ends within 90 days/);
    expect(page.body).toContain('Change this contract');
    const stored = await db().selectFrom('contracts').selectAll().where('id', '=', blockContract).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      partnership_id: context.demo.partnershipIds.northmoor,
      service_id: serviceA,
      contract_type: 'block',
      starts_on: '2026-04-01',
      ends_on: '2027-01-31',
      bed_nights_purchased: 365,
      bed_nights_used: 240,
      weekly_price_pence: 125050,
      requires_ndtms_reporting: true,
      requires_user_involvement: false,
      requires_feedback_surveys: true,
      next_review_on: '2026-11-01',
      version: 1,
    });

    const spot = await lead.submit(
      '/commissioning/contracts/new',
      '/commissioning/contracts/new',
      contractFields({
        serviceId: serviceB,
        contractType: 'spot',
        reference: '',
        ...dates('startsOn', '1', '1', '2026'),
        ...dates('endsOn', '31', '12', '2027'),
        bedNightsPurchased: '',
        bedNightsUsed: '',
        weeklyPrice: '',
        requirements: [],
        ...dates('nextReviewOn', '', '', ''),
        notes: '',
      }),
    );
    expect(spot.statusCode).toBe(302);
    spotContract = idOf(spot.headers.location);
    const spotPage = await lead.get(`/commissioning/contracts/${spotContract}`);
    expect(spotPage.body).toContain('Spot purchase');
    expect(spotPage.body).toContain('Not recorded');
    expect(spotPage.body).toContain('Not known');
    expect(spotPage.body).not.toContain('Review overdue');
    const audit = await db().selectFrom('audit_events').select(['partnership_id', 'summary']).where('action', '=', 'contract_created').execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((entry) => entry.partnership_id === context.demo.partnershipIds.northmoor)).toBe(true);
    expect(audit.map((entry) => entry.summary)).toContain('Added a block contract with Alpha House (test) (Commissioning Test Provider Alpha), 2026-04-01 to 2027-01-31, reference NM-BLOCK-2026');
  });

  it('lists contracts with their flags and filters them through the address', async () => {
    const list = await viewer.get('/commissioning/contracts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Contracts, soonest ending first');
    expect(list.body).toContain('1 contract has an overdue review.');
    expect(list.body).toContain('1 contract ends within 90 days.');
    expect(list.body.indexOf('Alpha House (test)')).toBeLessThan(list.body.indexOf('Beta Lodge (test)'));
    expect(list.body).not.toContain('Add a contract');
    const count = async (query: string) => /Showing (\d+) of (\d+) contracts/.exec((await viewer.get(`/commissioning/contracts${query}`)).body)?.slice(1, 3);
    expect(await count('?type=spot')).toEqual(['1', '2']);
    expect(await count('?type=block&review=overdue')).toEqual(['1', '2']);
    expect(await count('?ending=soon')).toEqual(['1', '2']);
    expect(await count('?type=spot&ending=soon')).toEqual(['0', '2']);
    const filtered = await viewer.get('/commissioning/contracts?type=spot');
    expect(filtered.body).toContain('<option value="spot" selected>Spot purchase</option>');
    expect(filtered.body).toContain('Beta Lodge (test)');
    expect(filtered.body).not.toContain('Alpha House (test)');
    const checked = await viewer.get('/commissioning/contracts?review=overdue&ending=soon');
    expect(checked.body).toMatch(/name="ending" type="checkbox" value="soon" checked/);
    expect(checked.body).toMatch(/name="review" type="checkbox" value="overdue" checked/);
    const bad = await viewer.get('/commissioning/contracts?type=lease');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select a type of contract from the list');
  });

  it('changes a contract and detects a change made meanwhile, keeping the second person’s input', async () => {
    const edit = `/commissioning/contracts/${blockContract}/edit`;
    const pageA = await lead.get(edit);
    const pageB = await lead.get(edit);
    expect(pageA.body).toContain('value="1250.50"');
    expect(pageA.body).toMatch(/value="ndtms_reporting" checked/);
    expect(pageA.body).toMatch(new RegExp(`<option value="${serviceA}" selected>`));
    const saved = await lead.post(edit, {
      _csrf: csrfTokenIn(pageA.body),
      version: versionIn(pageA.body),
      ...contractFields({ bedNightsUsed: '300', ...dates('nextReviewOn', '1', '12', '2026') }),
    });
    expect(saved.statusCode).toBe(302);
    const conflict = await lead.post(edit, { _csrf: csrfTokenIn(pageB.body), version: versionIn(pageB.body), ...contractFields({ reference: 'MY-OTHER-REF' }) });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Someone else changed this while you were editing it');
    expect(conflict.body).toContain('value="MY-OTHER-REF"');
    expect(conflict.body).toContain('300 of 365 used (82%)');
    expect(conflict.body).toContain('<input type="hidden" name="version" value="2">');
    const stored = await db().selectFrom('contracts').select(['reference', 'bed_nights_used', 'next_review_on', 'version']).where('id', '=', blockContract).executeTakeFirstOrThrow();
    expect(stored).toEqual({ reference: 'NM-BLOCK-2026', bed_nights_used: 300, next_review_on: '2026-12-01', version: 2 });
    const page = await lead.get(`/commissioning/contracts/${blockContract}`);
    expect(page.body).not.toContain('Review overdue');
    const invalid = await lead.submit(edit, edit, { version: '2', ...contractFields({ ...dates('endsOn', '1', '1', '2026') }) });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('The end date must be the same as or after the start date');
  });

  it('deletes a contract after confirmation, refusing a stale page', async () => {
    const extra = await lead.submit('/commissioning/contracts/new', '/commissioning/contracts/new', contractFields({ reference: 'TO-DELETE' }));
    const contractId = idOf(extra.headers.location);
    const confirm = await lead.get(`/commissioning/contracts/${contractId}/delete`);
    expect(confirm.body).toContain('Are you sure you want to delete the contract with Alpha House (test)?');
    expect(confirm.body).toContain('Block contract, reference TO-DELETE, from 1 April 2026 to 31 January 2027');
    // Showing the confirmation page deletes nothing.
    expect(await db().selectFrom('contracts').select('id').where('id', '=', contractId).execute()).toHaveLength(1);
    const stale = await lead.post(`/commissioning/contracts/${contractId}/delete`, { _csrf: csrfTokenIn(confirm.body), version: '99' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this');
    const deleted = await lead.post(`/commissioning/contracts/${contractId}/delete`, { _csrf: csrfTokenIn(confirm.body), version: versionIn(confirm.body) });
    expect(deleted.statusCode).toBe(302);
    expect(deleted.headers.location).toBe('/commissioning/contracts');
    expect((await lead.get('/commissioning/contracts')).body).toContain('The contract with Alpha House (test) has been deleted.');
    expect(await db().selectFrom('contracts').select('id').where('id', '=', contractId).execute()).toEqual([]);
    expect((await lead.get(`/commissioning/contracts/${contractId}`)).statusCode).toBe(404);
    const audit = await db().selectFrom('audit_events').select('partnership_id').where('action', '=', 'contract_deleted').where('record_id', '=', contractId).execute();
    expect(audit).toEqual([{ partnership_id: context.demo.partnershipIds.northmoor }]);
  });

  it('lets contributors and viewers read contracts but not change them', async () => {
    for (const reader of [contributor, viewer]) {
      const page = await reader.get(`/commissioning/contracts/${blockContract}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('Change this contract');
      expect((await reader.get('/commissioning/contracts/new')).statusCode).toBe(403);
      expect((await reader.get(`/commissioning/contracts/${blockContract}/edit`)).statusCode).toBe(403);
      expect((await reader.get(`/commissioning/contracts/${blockContract}/delete`)).statusCode).toBe(403);
      expect((await reader.submit('/commissioning/contracts', '/commissioning/contracts/new', contractFields())).statusCode).toBe(403);
      expect((await reader.submit('/commissioning/contracts', `/commissioning/contracts/${blockContract}/edit`, { version: '2', ...contractFields({ reference: 'X' }) })).statusCode).toBe(403);
      expect((await reader.submit('/commissioning/contracts', `/commissioning/contracts/${blockContract}/delete`, { version: '2' })).statusCode).toBe(403);
    }
    expect(await db().selectFrom('contracts').select('id').execute()).toHaveLength(2);
  });
});

let preferredA: string;
let preferredB: string;
let reviewA: string;

describe('the preferred provider list', () => {
  it('adds a service to the list, flagged as due for its first review', async () => {
    const form = await lead.get(`/commissioning/preferred/new?service=${serviceA}`);
    expect(form.body).toMatch(new RegExp(`<option value="${serviceA}" selected>Alpha House \\(test\\) – Commissioning Test Provider Alpha, Lakeford</option>`));
    const empty = await lead.submit('/commissioning/preferred/new', '/commissioning/preferred/new', { serviceId: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Select a service from the list');
    const unknown = await lead.submit('/commissioning/preferred/new', '/commissioning/preferred/new', { serviceId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Select a service from the list');

    const added = await lead.submit('/commissioning/preferred/new', '/commissioning/preferred/new', { serviceId: serviceA });
    expect(added.statusCode).toBe(302);
    preferredA = idOf(added.headers.location);
    const page = await lead.get(`/commissioning/preferred/${preferredA}`);
    expect(page.body).toContain('Alpha House (test) has been added to the preferred provider list.');
    expect(page.body).toContain('On the preferred list');
    expect(page.body).toMatch(/govuk-tag--red">\s*Review due/);
    expect(page.body).toContain('Now: it has not been reviewed yet');
    const stored = await db().selectFrom('preferred_services').selectAll().where('id', '=', preferredA).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ partnership_id: context.demo.partnershipIds.northmoor, service_id: serviceA, added_on: '2026-11-23' });

    const again = await lead.submit('/commissioning/preferred/new', '/commissioning/preferred/new', { serviceId: serviceA });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Alpha House (test) is already on the preferred provider list');
    expect((await lead.get('/commissioning/preferred/new')).body).not.toContain(`<option value="${serviceA}"`);

    const second = await lead.submit('/commissioning/preferred/new', '/commissioning/preferred/new', { serviceId: serviceB });
    preferredB = idOf(second.headers.location);
    const list = await viewer.get('/commissioning/preferred');
    expect(list.body).toContain('2 services on the list are due for review.');
    expect(list.body).toContain('Not reviewed yet');
  });

  it('refuses a review with missing or wrong details, keeping what was typed', async () => {
    const url = `/commissioning/preferred/${preferredA}/reviews/new`;
    const form = await lead.get(url);
    expect(form.body).toMatch(/name="reviewedOn-day" type="text" value="23"/);
    const empty = await lead.submit(url, url, { ...dates('reviewedOn', '', '', ''), dataConsidered: '', serviceUserFeedback: 'Kept feedback' });
    expect(empty.statusCode).toBe(400);
    for (const message of ['Enter the date of the review', 'Enter the data you looked at', 'Select yes if someone visited the service for this review', 'Select the decision']) {
      expect(empty.body).toContain(message);
    }
    expect(empty.body).toContain('Kept feedback');
    const wrong = await lead.submit(url, url, reviewFields({ ...dates('reviewedOn', '24', '11', '2026'), decision: 'keep_with_conditions', ...dates('nextReviewOn', '1', '1', '2026') }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The date of the review must be today or in the past');
    expect(wrong.body).toContain('Enter the conditions the service must meet');
    expect(wrong.body).toContain('The next review date must be after the date of the review');
    expect(wrong.body).toMatch(/value="keep_with_conditions" checked/);
    expect(wrong.body).toMatch(/value="yes" checked/);
    const removal = await lead.submit(url, url, reviewFields({ decision: 'remove', dataConsidered: '' }));
    expect(removal.body).toContain('Enter the data you looked at');
    expect(removal.body).toContain('Enter why the service is being taken off the list');
    expect(await db().selectFrom('preferred_service_reviews').select('id').execute()).toEqual([]);
  });

  it('records reviews; a recent one clears the flag and an old one does not', async () => {
    const url = `/commissioning/preferred/${preferredA}/reviews/new`;
    const recorded = await lead.submit(url, url, reviewFields());
    expect(recorded.statusCode).toBe(302);
    expect(recorded.headers.location).toBe(`/commissioning/preferred/${preferredA}`);
    const page = await lead.get(`/commissioning/preferred/${preferredA}`);
    expect(page.body).toContain('The review has been recorded.');
    expect(page.body).not.toMatch(/govuk-tag--red">\s*Review due/);
    expect(page.body).toContain('10 November 2027');
    reviewA = (await db().selectFrom('preferred_service_reviews').select('id').where('preferred_service_id', '=', preferredA).executeTakeFirstOrThrow()).id;

    const urlB = `/commissioning/preferred/${preferredB}/reviews/new`;
    expect((await lead.submit(urlB, urlB, reviewFields({ ...dates('reviewedOn', '20', '11', '2025'), visitMade: 'no' }))).statusCode).toBe(302);
    const list = await viewer.get('/commissioning/preferred');
    expect(list.body).toContain('1 service on the list is due for review.');
    const due = await viewer.get('/commissioning/preferred?due=yes');
    expect(due.body).toContain('Services due for review, by name');
    expect(due.body).toContain('Beta Lodge (test)');
    expect(due.body).not.toContain('Alpha House (test)');

    const review = await viewer.get(`/commissioning/preferred/${preferredA}/reviews/${reviewA}`);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('Completion 58% over 40 placements; waiting time 3 weeks');
    expect(review.body).toContain('People valued the family work');
    expect(review.body).toContain('Keep as preferred');
    expect(review.body).not.toContain('Delete this review');
    const audit = await db().selectFrom('audit_events').select('partnership_id').where('action', '=', 'preferred_service_reviewed').execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((entry) => entry.partnership_id === context.demo.partnershipIds.northmoor)).toBe(true);
  });

  it('takes a service off the list after a review deciding to remove it, keeping its history', async () => {
    const url = `/commissioning/preferred/${preferredB}/reviews/new`;
    const removed = await lead.submit(url, url, reviewFields({ ...dates('reviewedOn', '21', '11', '2026'), decision: 'remove', decisionNotes: 'Completion fell below 30% for two years' }));
    expect(removed.statusCode).toBe(302);
    const page = await lead.get(`/commissioning/preferred/${preferredB}`);
    expect(page.body).toContain('has been taken off the preferred provider list. Its reviews are kept below.');
    expect(page.body).toContain('Taken off the list');
    expect(page.body).toContain('No more reviews are due while it is off the list');
    expect(page.body).toContain('20 November 2025');
    expect(await db().selectFrom('preferred_service_reviews').select('id').where('preferred_service_id', '=', preferredB).execute()).toHaveLength(2);

    const list = await viewer.get('/commissioning/preferred');
    expect(list.body).toContain('Services taken off the list after a review');
    expect(list.body).not.toContain('due for review.');
    expect(list.body.indexOf('Beta Lodge (test)')).toBeGreaterThan(list.body.indexOf('Services taken off the list after a review'));

    const readd = await lead.submit('/commissioning/preferred/new', '/commissioning/preferred/new', { serviceId: serviceB });
    expect(readd.statusCode).toBe(400);
    expect(readd.body).toContain('Beta Lodge (test) was taken off the list after a review. To put it back, record a new review of it and decide to keep it');

    const back = await lead.submit(url, url, reviewFields({ ...dates('reviewedOn', '22', '11', '2026'), decision: 'keep' }));
    expect(back.statusCode).toBe(302);
    expect((await lead.get(`/commissioning/preferred/${preferredB}`)).body).toContain('is back on the preferred provider list');
  });

  it('deletes a review after confirmation, and the one before it decides again', async () => {
    const latest = await db()
      .selectFrom('preferred_service_reviews')
      .select('id')
      .where('preferred_service_id', '=', preferredB)
      .where('reviewed_on', '=', '2026-11-22')
      .executeTakeFirstOrThrow();
    const confirm = await lead.get(`/commissioning/preferred/${preferredB}/reviews/${latest.id}/delete`);
    expect(confirm.body).toContain('Are you sure you want to delete this review of Beta Lodge (test)?');
    expect(confirm.body).toContain('This is the latest review');
    const deleted = await lead.post(`/commissioning/preferred/${preferredB}/reviews/${latest.id}/delete`, { _csrf: csrfTokenIn(confirm.body) });
    expect(deleted.statusCode).toBe(302);
    const page = await lead.get(`/commissioning/preferred/${preferredB}`);
    expect(page.body).toContain('The review of 22 November 2026 has been deleted.');
    expect(page.body).toContain('Taken off the list');
    expect((await lead.get(`/commissioning/preferred/${preferredB}/reviews/${latest.id}`)).statusCode).toBe(404);
  });

  it('removes a service from the list after confirmation, refusing a stale page', async () => {
    const added = await lead.submit('/commissioning/preferred/new', '/commissioning/preferred/new', { serviceId: serviceC });
    const preferredC = idOf(added.headers.location);
    const confirm = await lead.get(`/commissioning/preferred/${preferredC}/remove`);
    expect(confirm.body).toContain('Are you sure you want to remove Gamma Court (test) from the preferred provider list?');
    expect(confirm.body).toContain('It has no review records.');
    const stale = await lead.post(`/commissioning/preferred/${preferredC}/remove`, { _csrf: csrfTokenIn(confirm.body), version: '7' });
    expect(stale.statusCode).toBe(409);
    const removed = await lead.post(`/commissioning/preferred/${preferredC}/remove`, { _csrf: csrfTokenIn(confirm.body), version: versionIn(confirm.body) });
    expect(removed.statusCode).toBe(302);
    expect((await lead.get('/commissioning/preferred')).body).toContain('Gamma Court (test) has been removed from the preferred provider list.');
    expect((await lead.get(`/commissioning/preferred/${preferredC}`)).statusCode).toBe(404);

    // With reviews, the page offers recording a review instead, and a review recorded meanwhile makes the page stale.
    const withReviews = await lead.get(`/commissioning/preferred/${preferredA}/remove`);
    expect(withReviews.body).toContain('This also deletes its 1 review record.');
    expect(withReviews.body).toContain('Record a review instead');
    const url = `/commissioning/preferred/${preferredA}/reviews/new`;
    await lead.submit(url, url, reviewFields({ ...dates('reviewedOn', '11', '11', '2026') }));
    const late = await lead.post(`/commissioning/preferred/${preferredA}/remove`, { _csrf: csrfTokenIn(withReviews.body), version: versionIn(withReviews.body) });
    expect(late.statusCode).toBe(409);
    expect(await db().selectFrom('preferred_services').select('id').where('id', '=', preferredA).execute()).toHaveLength(1);
  });

  it('lets contributors and viewers read the list but not change it', async () => {
    for (const reader of [contributor, viewer]) {
      const page = await reader.get(`/commissioning/preferred/${preferredA}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('Record a review');
      expect((await reader.get('/commissioning/preferred')).body).not.toContain('Add a service to the list');
      expect((await reader.get('/commissioning/preferred/new')).statusCode).toBe(403);
      expect((await reader.submit('/commissioning/preferred', '/commissioning/preferred/new', { serviceId: serviceC })).statusCode).toBe(403);
      expect((await reader.get(`/commissioning/preferred/${preferredA}/reviews/new`)).statusCode).toBe(403);
      expect((await reader.submit('/commissioning/preferred', `/commissioning/preferred/${preferredA}/reviews/new`, reviewFields())).statusCode).toBe(403);
      expect((await reader.submit('/commissioning/preferred', `/commissioning/preferred/${preferredA}/remove`, { version: '1' })).statusCode).toBe(403);
      expect((await reader.submit('/commissioning/preferred', `/commissioning/preferred/${preferredA}/reviews/${reviewA}/delete`, {})).statusCode).toBe(403);
    }
  });
});

let noteId: string;

describe('the service’s commissioning page and local notes', () => {
  it('shows this partnership’s contracts, preferred status with the latest review, and notes', async () => {
    const page = await viewer.get(`/services/${serviceA}/commissioning`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your partnership’s commissioning');
    expect(page.body).toContain('NM-BLOCK-2026');
    expect(page.body).toContain('On the preferred list');
    expect(page.body).toContain('11 November 2026');
    expect(page.body).toContain('Your partnership has no notes about this service.');
    expect(page.body).not.toContain('Add a note');
    expect(page.body).toContain(`href="/services/${serviceA}"`);
    const empty = await viewer.get(`/services/${serviceC}/commissioning`);
    expect(empty.body).toContain('Your partnership has no contracts with this service.');
    expect(empty.body).toContain('This service is not on your partnership’s preferred provider list.');
    expect((await lead.get(`/services/${serviceC}/commissioning`)).body).toContain(`href="/commissioning/preferred/new?service=${serviceC}"`);
    expect((await viewer.get('/services/00000000-0000-4000-8000-000000000000/commissioning')).statusCode).toBe(404);
    expect((await viewer.get('/services/not-an-id/commissioning')).statusCode).toBe(404);
  });

  it('adds a note, refusing an empty or overlong one', async () => {
    const url = `/services/${serviceA}/commissioning`;
    const empty = await lead.submit(url, `${url}/notes`, { note: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the note');
    const long = await lead.submit(url, `${url}/notes`, { note: 'n'.repeat(2001) });
    expect(long.body).toContain('Note must be 2,000 characters or fewer');
    expect(long.body).toContain('n'.repeat(2001));
    const added = await lead.submit(url, `${url}/notes`, { note: 'Visited in October.\nGood family rooms.' });
    expect(added.statusCode).toBe(302);
    expect(added.headers.location).toBe(`${url}#notes`);
    const page = await viewer.get(url);
    expect(page.body).toContain('Visited in October.\nGood family rooms.');
    expect(page.body).toContain('Alex Demo');
    noteId = (await db().selectFrom('service_notes').select('id').executeTakeFirstOrThrow()).id;
    expect((await contributor.submit(url, `${url}/notes`, { note: 'Contributor note' })).statusCode).toBe(403);
    expect((await contributor.get(`${url}/notes/${noteId}/delete`)).statusCode).toBe(403);
  });

  it('deletes a note after confirmation', async () => {
    const url = `/services/${serviceA}/commissioning`;
    const extra = await lead.submit(url, `${url}/notes`, { note: 'A note to delete' });
    expect(extra.statusCode).toBe(302);
    const extraId = (await db().selectFrom('service_notes').select('id').where('note', '=', 'A note to delete').executeTakeFirstOrThrow()).id;
    expect((await lead.get(`/services/${serviceB}/commissioning/notes/${extraId}/delete`)).statusCode).toBe(404);
    const confirm = await lead.get(`${url}/notes/${extraId}/delete`);
    expect(confirm.body).toContain('Are you sure you want to delete this note about Alpha House (test)?');
    expect(confirm.body).toContain('A note to delete');
    const deleted = await lead.post(`${url}/notes/${extraId}/delete`, { _csrf: csrfTokenIn(confirm.body) });
    expect(deleted.statusCode).toBe(302);
    const page = await lead.get(url);
    expect(page.body).toContain('The note has been deleted.');
    expect(page.body).not.toContain('A note to delete');
    const audit = await db().selectFrom('audit_events').select(['action', 'partnership_id']).where('record_type', '=', 'service_note').execute();
    expect(audit.map((entry) => entry.action).sort()).toEqual(['service_note_added', 'service_note_added', 'service_note_deleted']);
    expect(audit.every((entry) => entry.partnership_id === context.demo.partnershipIds.northmoor)).toBe(true);
  });
});

describe('peer reviewers and other partnerships', () => {
  it('refuses every commissioning page to a peer reviewer from another area', async () => {
    for (const url of [
      '/commissioning/contracts',
      '/commissioning/contracts/new',
      `/commissioning/contracts/${blockContract}`,
      '/commissioning/preferred',
      `/commissioning/preferred/${preferredA}`,
      `/commissioning/preferred/${preferredA}/reviews/${reviewA}`,
      `/services/${serviceA}/commissioning`,
    ]) {
      expect((await peer.get(url)).statusCode, url).toBe(403);
    }
    expect((await peer.submit('/', `/services/${serviceA}/commissioning/notes`, { note: 'Peer note' })).statusCode).toBe(403);
    expect((await peer.submit('/', `/commissioning/contracts/${blockContract}/delete`, { version: '2' })).statusCode).toBe(403);
    const home = await peer.get('/');
    expect(home.body).not.toContain('data-task="commissioning.');
    expect(home.body).not.toContain('href="/commissioning/contracts"');
  });

  it('shows another partnership nothing of this one’s contracts, preferred list, reviews or notes', async () => {
    const version = '5';
    // Contracts
    for (const url of [`/commissioning/contracts/${blockContract}`, `/commissioning/contracts/${blockContract}/edit`, `/commissioning/contracts/${blockContract}/delete`]) {
      expect((await eastfield.get(url)).statusCode, url).toBe(404);
    }
    expect((await eastfield.submit('/', `/commissioning/contracts/${blockContract}/edit`, { version, ...contractFields({ reference: 'EASTFIELD' }) })).statusCode).toBe(404);
    expect((await eastfield.submit('/', `/commissioning/contracts/${blockContract}/delete`, { version: '2' })).statusCode).toBe(404);
    // Preferred entries and their reviews
    for (const url of [
      `/commissioning/preferred/${preferredA}`,
      `/commissioning/preferred/${preferredA}/remove`,
      `/commissioning/preferred/${preferredA}/reviews/new`,
      `/commissioning/preferred/${preferredA}/reviews/${reviewA}`,
      `/commissioning/preferred/${preferredA}/reviews/${reviewA}/delete`,
    ]) {
      expect((await eastfield.get(url)).statusCode, url).toBe(404);
    }
    expect((await eastfield.submit('/', `/commissioning/preferred/${preferredA}/remove`, { version: '1' })).statusCode).toBe(404);
    expect((await eastfield.submit('/', `/commissioning/preferred/${preferredA}/reviews/new`, reviewFields())).statusCode).toBe(404);
    expect((await eastfield.submit('/', `/commissioning/preferred/${preferredA}/reviews/${reviewA}/delete`, {})).statusCode).toBe(404);
    // Notes
    expect((await eastfield.get(`/services/${serviceA}/commissioning/notes/${noteId}/delete`)).statusCode).toBe(404);
    expect((await eastfield.submit('/', `/services/${serviceA}/commissioning/notes/${noteId}/delete`, {})).statusCode).toBe(404);

    // Eastfield's own lists and the service's page show none of Northmoor's data.
    const contracts = await eastfield.get('/commissioning/contracts');
    expect(contracts.body).toContain('0 contracts');
    expect(contracts.body).not.toContain('Alpha House (test)');
    const preferred = await eastfield.get('/commissioning/preferred');
    expect(preferred.body).toContain('No services are on the list yet.');
    const service = await eastfield.get(`/services/${serviceA}/commissioning`);
    expect(service.statusCode).toBe(200);
    expect(service.body).not.toContain('NM-BLOCK-2026');
    expect(service.body).not.toContain('Visited in October');
    expect(service.body).toContain('Your partnership has no contracts with this service.');
    expect(service.body).toContain('This service is not on your partnership’s preferred provider list.');
    expect(service.body).toContain('Your partnership has no notes about this service.');
    expect((await eastfield.get('/')).body).not.toContain('data-task="commissioning.');

    // Eastfield can add the same service to its own list and contracts; Northmoor's records are untouched.
    const added = await eastfield.submit('/commissioning/preferred/new', '/commissioning/preferred/new', { serviceId: serviceA });
    expect(added.statusCode).toBe(302);
    expect((await lead.get(`/services/${serviceA}/commissioning`)).body).toContain('NM-BLOCK-2026');
    expect(await db().selectFrom('contracts').select(['reference', 'version']).where('id', '=', blockContract).executeTakeFirstOrThrow()).toEqual({ reference: 'NM-BLOCK-2026', version: 2 });
    expect(await db().selectFrom('service_notes').select('id').where('id', '=', noteId).execute()).toHaveLength(1);
    expect(await db().selectFrom('preferred_service_reviews').select('id').where('id', '=', reviewA).execute()).toHaveLength(1);
  });
});

describe('home page alerts', () => {
  it('shows the lead commissioner the overdue contract reviews, contracts ending soon and preferred services due, with links', async () => {
    // The home page may read the real clock, so this test builds its records around the real date.
    const saved = context.clock.now;
    context.clock.now = new Date();
    try {
      const today = ukToday(context.clock.now);
      const partnershipId = context.demo.partnershipIds.northmoor;
      const createdBy = context.demo.userIds['lead@northmoor.example'] as string;
      await db().deleteFrom('preferred_service_reviews').where('partnership_id', '=', partnershipId).execute();
      await db().deleteFrom('preferred_services').where('partnership_id', '=', partnershipId).execute();
      await db().deleteFrom('contracts').where('partnership_id', '=', partnershipId).execute();
      const contract = (overrides: { starts_on: string; ends_on: string; next_review_on: string | null }) => ({
        partnership_id: partnershipId,
        service_id: serviceA,
        contract_type: 'block' as const,
        created_by: createdBy,
        updated_at: new Date(),
        ...overrides,
      });
      await db()
        .insertInto('contracts')
        .values([
          contract({ starts_on: addDays(today, -300), ends_on: addDays(today, 300), next_review_on: addDays(today, -1) }),
          contract({ starts_on: addDays(today, -300), ends_on: addDays(today, 200), next_review_on: addDays(today, -10) }),
          contract({ starts_on: addDays(today, -300), ends_on: addDays(today, 30), next_review_on: addDays(today, 5) }),
          contract({ starts_on: addDays(today, -300), ends_on: addDays(today, -1), next_review_on: addDays(today, -100) }),
          contract({ starts_on: addDays(today, -300), ends_on: addDays(today, 400), next_review_on: today }),
        ])
        .execute();
      await db().insertInto('preferred_services').values({ partnership_id: partnershipId, service_id: serviceB, added_on: addDays(today, -5), created_by: createdBy }).execute();
      // Each service's latest review decides: the later date, and of two on one day the one recorded last.
      const entry = async (serviceId: string) =>
        (await db().insertInto('preferred_services').values({ partnership_id: partnershipId, service_id: serviceId, added_on: addDays(today, -900), created_by: createdBy }).returning('id').executeTakeFirstOrThrow()).id;
      const review = (preferredId: string, reviewedOn: string, decision: 'keep' | 'remove', nextReviewOn: string | null, createdAt: Date) => ({
        partnership_id: partnershipId,
        preferred_service_id: preferredId,
        reviewed_on: reviewedOn,
        decision,
        next_review_on: nextReviewOn,
        created_by: createdBy,
        created_at: createdAt,
      });
      const reviewedRecently = await entry(serviceA);
      const changedItsMind = await entry(serviceC);
      await db()
        .insertInto('preferred_service_reviews')
        .values([
          review(reviewedRecently, addDays(today, -10), 'keep', addDays(today, 100), new Date('2026-01-01T09:00:00Z')),
          review(reviewedRecently, addDays(today, -800), 'keep', null, new Date('2026-02-01T09:00:00Z')),
          review(changedItsMind, addDays(today, -20), 'keep', addDays(today, -1), new Date('2026-03-01T10:00:00Z')),
          review(changedItsMind, addDays(today, -20), 'remove', null, new Date('2026-03-01T09:00:00Z')),
        ])
        .execute();

      const home = await lead.get('/');
      expect(home.body).toContain('data-task="commissioning.contract-reviews-overdue"');
      expect(home.body).toContain('href="/commissioning/contracts?review=overdue">2 contracts have an overdue review</a>');
      expect(home.body).toContain('href="/commissioning/contracts?ending=soon">1 contract ends within 90 days</a>');
      expect(home.body).toContain('href="/commissioning/preferred?due=yes">2 preferred services are due for review</a>');
      // A viewer reads commissioning but cannot act on it, so their home page does not ask them to.
      const viewerHome = await viewer.get('/');
      expect(viewerHome.body).not.toContain('2 contracts have an overdue review');

      const filtered = await lead.get('/commissioning/contracts?review=overdue');
      expect(filtered.body).toContain('Showing 2 of 5 contracts');

      await db().deleteFrom('preferred_service_reviews').where('partnership_id', '=', partnershipId).execute();
      await db().deleteFrom('preferred_services').where('partnership_id', '=', partnershipId).execute();
      await db().deleteFrom('contracts').where('partnership_id', '=', partnershipId).execute();
      expect((await lead.get('/')).body).not.toContain('data-task="commissioning.');
    } finally {
      context.clock.now = saved;
    }
  });
});
