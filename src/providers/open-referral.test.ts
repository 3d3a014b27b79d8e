import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors, validatePage } from '../../test/open-referral-schema.js';
import { createTestContext, demoPassword, type TestContext, Visitor } from '../../test/app.js';
import { seedDemoProviders } from '../demo/provider-demo.js';
import { directoryTaxonomies, extensionKey, type OpenReferralService } from './open-referral-rules.js';

const exportUrl = '/services/open-referral.json';
const importUrl = '/admin/services/import';

let context: TestContext;
let lead: Visitor;
let admin: Visitor;

beforeAll(async () => {
  context = await createTestContext();
  // The demo directory, as the demo service has it, dated by the test's clock.
  await context.database.db.transaction().execute((trx) =>
    seedDemoProviders(trx, { partnershipId: context.demo.partnershipIds.northmoor, leadUserId: context.demo.userIds['lead@northmoor.example'] as string }, context.clock.now),
  );
  lead = new Visitor(context.app);
  await lead.signIn('lead@northmoor.example', demoPassword(context.demo, 'lead@northmoor.example'));
  admin = new Visitor(context.app);
  await admin.signIn('admin@residential-pathways.example', demoPassword(context.demo, 'admin@residential-pathways.example'));
});
afterAll(async () => context.close());

type Page = { total_items: number; total_pages: number; last_page: boolean; contents: OpenReferralService[] };

const count = async (table: 'services' | 'providers') =>
  Number((await context.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);

/** Every service's details with its provider's name, keyed by provider and service name. */
async function directoryServices() {
  const rows = await context.database.db
    .selectFrom('services')
    .innerJoin('providers', 'providers.id', 'services.provider_id')
    .select([
      'providers.name as provider',
      'services.name',
      'services.kind',
      'services.approaches',
      'services.specialisms',
      'services.detox_on_site',
      'services.address',
      'services.town',
      'services.postcode',
      'services.region',
      'services.beds',
      'services.weekly_cost_pence',
      'services.minimum_weeks',
      'services.typical_weeks',
      'services.waiting_weeks',
      'services.waiting_updated_on',
      'services.regulator_rating',
      'services.rating_date',
      'services.eligibility',
      'services.exclusions',
      'services.step_free_access',
      'services.adapted_rooms',
      'services.languages',
    ])
    .execute();
  return new Map(rows.map(({ provider, ...service }) => [`${provider}\u0000${service.name}`, service]));
}

/** Sends the import form with a JSON file, as a browser does. */
const upload = (data: string, name = 'services-open-referral.json') => admin.uploadFile(importUrl, 'servicesFile', { data, name, type: 'application/json' });

describe('the Open Referral UK export', () => {
  it('is for signed-in people, like the directory it comes from', async () => {
    const anonymous = await new Visitor(context.app).get(exportUrl);
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  });

  it('gives the whole demo directory as a page of services that validates against the vendored schema', async () => {
    const response = await lead.get(exportUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="services-open-referral-2026-11-23.json"');
    const page = JSON.parse(response.body) as Page;
    expect(validatePage(page), schemaErrors(validatePage.errors).slice(0, 20).join('\n')).toBe(true);
    const total = await count('services');
    expect(total).toBeGreaterThan(30);
    expect(page).toMatchObject({ total_items: total, total_pages: 1, last_page: true });
    expect(page.contents).toHaveLength(total);
    const hillside = page.contents.find((service) => service.name === 'Hillside House');
    expect(hillside?.organization).toMatchObject({ name: 'Hillside Recovery House (demo)', website: 'https://hillside.example' });
  });

  it('keeps the search’s filters, and the search page links to it with them', async () => {
    const page = JSON.parse((await lead.get(`${exportUrl}?kind=inpatient_detox`)).body) as Page;
    expect(page.contents.length).toBeGreaterThan(0);
    for (const service of page.contents) {
      expect(service.attributes.find((attribute) => attribute.taxonomy_term.taxonomy === directoryTaxonomies.kind)?.taxonomy_term.term).toBe('inpatient_detox');
    }
    const beyond = JSON.parse((await lead.get(`${exportUrl}?kind=inpatient_detox&page=2`)).body) as Page & { empty: boolean; page_number: number };
    expect(beyond).toMatchObject({ total_items: page.contents.length, page_number: 2, empty: true, contents: [] });
    const search = await lead.get('/services?kind=inpatient_detox');
    expect(search.body).toContain(`href="${exportUrl}?kind=inpatient_detox"`);
    expect(search.body).toContain('Download in the Open Referral UK standard (JSON)');
  });
});

describe('importing an Open Referral UK file', () => {
  it('refuses a bad file whole, naming each service and field, and adds nothing', async () => {
    const page = JSON.parse((await lead.get(exportUrl)).body) as Page;
    const [first, second] = page.contents as [OpenReferralService, OpenReferralService];
    const file = {
      contents: [
        { ...first, name: 'Example Annexe', organization: { ...first.organization, name: 'Example Newcomers (demo)' } },
        { ...second, name: 'Example Cottage', organization: { ...second.organization, name: 'Example Newcomers (demo)' }, [extensionKey]: { ...second[extensionKey], beds: -2 } },
      ],
    };
    const [servicesBefore, providersBefore] = [await count('services'), await count('providers')];
    const response = await upload(JSON.stringify(file));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Service 2 (‘Example Cottage’), residential_pathways.beds: cannot be below 0');
    expect(response.body).toContain('href="#servicesFile"');
    expect(await count('services')).toBe(servicesBefore);
    expect(await count('providers')).toBe(providersBefore);

    const notJson = await upload('{"contents": [', 'broken.json');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).toContain('The selected file is not valid JSON');
  });

  it('gives back the same services after a round trip, and refuses the file a second time', async () => {
    const exported = (await lead.get(exportUrl)).body;
    const before = await directoryServices();
    // The exported providers take other names, so that the file brings them, and their services, in anew.
    await context.database.db.updateTable('providers').set({ name: sql<string>`name || ' (before the import)'` }).execute();
    const providers = await count('providers');

    const response = await upload(exported);
    expect(response.statusCode, response.body.match(/govuk-error-summary__list[\s\S]{0,600}/)?.[0]).toBe(302);
    expect(response.headers.location).toBe(importUrl);
    expect((await admin.get(importUrl)).body).toContain(`${before.size} services have been added to the directory, with ${providers} new providers.`);

    const after = await directoryServices();
    const imported = new Map([...after].filter(([key]) => !key.includes(' (before the import)')));
    expect(imported.size).toBe(before.size);
    for (const [key, service] of before) expect(imported.get(key), key).toEqual(service);

    const again = await upload(exported);
    expect(again.statusCode).toBe(400);
    expect(again.body).toMatch(/Service 1 \(‘[^’]+’\), name: [^<]+ already has a service called/);
  });
});
