import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, demoPassword, type TestContext, type UploadFile, Visitor } from '../../test/app.js';
import { regions } from '../accounts/index.js';
import { serviceImportColumns } from './service-import-rules.js';

const importUrl = '/admin/services/import';
const exampleUrl = '/admin/services/import/example.csv';

/** A browser that can also send files (multipart/form-data), as the import form does. */
class Uploader extends Visitor {
  /** Sends the import form with a file, taking the security token from the form page unless told otherwise. */
  upload(file: UploadFile | null, token?: string | null) {
    return this.uploadFile(importUrl, 'servicesFile', file, { token });
  }
}

let context: TestContext;
let admin: Uploader;

beforeAll(async () => {
  context = await createTestContext();
  admin = new Uploader(context.app);
  await admin.signIn('admin@residential-pathways.example', demoPassword(context.demo, 'admin@residential-pathways.example'));
});
afterAll(async () => context.close());

const count = async (table: 'services' | 'providers') =>
  Number((await context.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);

const headings = serviceImportColumns.map((column) => column.heading);
const kinds = ['Residential rehabilitation', 'inpatient_detox', 'Second-stage or supported housing with treatment', 'crisis'];

/** A realistic file of invented services: 20 for each provider, every column filled. */
function servicesCsv(total: number, { prefix, change }: { prefix: string; change?: (row: string[], index: number) => void }): string {
  const rows: string[][] = [];
  for (let index = 0; index < total; index += 1) {
    const row = [
      `${prefix} Provider ${Math.floor(index / 20) + 1} (demo)`,
      `${prefix} Service ${index + 1}`,
      kinds[index % kinds.length] as string,
      index % 3 === 0 ? 'Therapeutic community; 12-step' : 'cognitive_behavioural',
      index % 2 === 0 ? 'Women only; co_occurring_mental_health' : '',
      index % 4 === 1 ? 'Yes' : 'No',
      `${(index % 90) + 1} Example Lane`,
      'Exampleton',
      'ZZ99 1AA',
      regions[index % regions.length] as string,
      String(8 + (index % 33)),
      index % 5 === 0 ? `£${(1000 + index).toLocaleString('en-GB')}.50` : String(600 + (index % 1900)),
      '12',
      '16',
      String(index % 17),
      '20/11/2026',
      'Good',
      '2025-03-14',
      'Adults aged 18 or over, referred by their keyworker.',
      'People who need nursing care through the night.',
      index % 2 === 0 ? 'yes' : 'no',
      'no',
      index % 7 === 0 ? 'Polish; Urdu' : '',
    ];
    change?.(row, index);
    rows.push(row);
  }
  return stringify([headings, ...rows]);
}

describe('the import page', () => {
  it('is for administrators only', async () => {
    const lead = new Visitor(context.app);
    await lead.signIn('lead@northmoor.example', demoPassword(context.demo, 'lead@northmoor.example'));
    expect((await lead.get(importUrl)).statusCode).toBe(403);
    expect((await lead.get(exampleUrl)).statusCode).toBe(403);
    const provider = new Visitor(context.app);
    await provider.signIn('provider@hillside.example', demoPassword(context.demo, 'provider@hillside.example'));
    expect((await provider.get(importUrl)).statusCode).toBe(403);
    const anonymous = await new Visitor(context.app).get(importUrl);
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  });

  it('explains every column and the values allowed, with an upload form that carries its token', async () => {
    const response = await admin.get(importUrl);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('enctype="multipart/form-data"');
    expect(response.body).toContain('name="_csrf"');
    expect(response.body).toContain('type="file"');
    expect(response.body).toContain('for="servicesFile"');
    for (const heading of headings) expect(response.body).toContain(`>${heading}</th>`);
    for (const text of ['Residential rehabilitation', 'residential_rehab', 'Requires improvement', 'Yorkshire and the Humber', 'CSV UTF-8', exampleUrl]) {
      expect(response.body).toContain(text);
    }
    expect(response.body).not.toContain('style="');
  });

  it('offers an example file made by the service, in the layout the import reads', async () => {
    const response = await admin.get(exampleUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="services-import-example.csv"');
    const rows = parse(response.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(headings);
    expect(rows.length).toBe(4);
  });
});

describe('importing services', () => {
  it('rejects a whole file with one bad row, naming the row and column, and adds nothing', async () => {
    const [servicesBefore, providersBefore] = [await count('services'), await count('providers')];
    const file = servicesCsv(2000, {
      prefix: 'Faulty',
      change: (row, index) => {
        if (index === 1498) row[11] = 'about 900 pounds';
      },
    });
    const response = await admin.upload({ data: file, name: 'services.csv' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/<title>Error: /);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Row 1500, column Weekly cost: enter an amount in pounds, like 1250');
    expect(response.body).toContain('href="#servicesFile"');
    expect(await count('services')).toBe(servicesBefore);
    expect(await count('providers')).toBe(providersBefore);
  });

  it('imports a good file of 2,000 services in one transaction, with one audit event', async () => {
    const [servicesBefore, providersBefore] = [await count('services'), await count('providers')];
    const file = servicesCsv(2000, { prefix: 'Bulk' });
    const started = performance.now();
    const response = await admin.upload({ data: file, name: 'bulk-services.csv' });
    const took = performance.now() - started;
    console.log(`Imported 2,000 services in ${Math.round(took)} ms`);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(importUrl);
    expect(await count('services')).toBe(servicesBefore + 2000);
    expect(await count('providers')).toBe(providersBefore + 100);
    expect((await admin.get(importUrl)).body).toContain('2,000 services have been added to the directory, with 100 new providers.');

    const db = context.database.db;
    const imported = await db
      .selectFrom('services')
      .innerJoin('providers', 'providers.id', 'services.provider_id')
      .selectAll('services')
      .where('providers.name', 'like', 'Bulk %')
      .execute();
    expect(imported).toHaveLength(2000);
    const audits = await db.selectFrom('audit_events').selectAll().where('action', '=', 'services_imported').execute();
    expect(audits).toHaveLength(1);
    const [audit] = audits;
    expect(audit?.partnership_id).toBeNull();
    expect(audit?.actor_user_id).toBe(context.demo.userIds['admin@residential-pathways.example']);
    expect(audit?.summary).toBe('Imported 2,000 services from the file bulk-services.csv: 100 providers named, 100 of them new to the directory');
    // now() is the time the transaction began: one value for every row and the audit event.
    const times = new Set([...imported.map((service) => service.created_at.toISOString()), audit?.occurred_at.toISOString()]);
    expect(times.size).toBe(1);

    const first = imported.find((service) => service.name === 'Bulk Service 1');
    expect(first).toMatchObject({
      kind: 'residential_rehab',
      approaches: ['therapeutic_community', 'twelve_step'],
      specialisms: ['women_only', 'co_occurring_mental_health'],
      detox_on_site: false,
      postcode: 'ZZ99 1AA',
      region: 'North East',
      beds: 8,
      weekly_cost_pence: 100_050,
      waiting_updated_on: '2026-11-20',
      regulator_rating: 'good',
      rating_date: '2025-03-14',
      step_free_access: true,
      languages: ['Polish', 'Urdu'],
    });
  });

  it('adds services to a provider already in the directory, but refuses a service it already has', async () => {
    const providersBefore = await count('providers');
    const file = stringify([
      ['Provider', 'Service name', 'Kind', 'Region'],
      ['bulk provider 1 (DEMO)', 'Bulk Annexe', 'rehab', 'London'],
    ]);
    expect((await admin.upload({ data: file, name: 'more.csv' })).statusCode).toBe(302);
    expect(await count('providers')).toBe(providersBefore);

    const servicesBefore = await count('services');
    const again = stringify([
      ['Provider', 'Service name', 'Kind', 'Region'],
      ['Fresh Start Provider (demo)', 'Fresh Start House', 'rehab', 'London'],
      ['Bulk Provider 1 (demo)', 'bulk service 3', 'rehab', 'London'],
    ]);
    const refused = await admin.upload({ data: again, name: 'again.csv' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Row 3, column Service name: Bulk Provider 1 (demo) already has a service called ‘bulk service 3’ in the directory');
    expect(await count('services')).toBe(servicesBefore);
    expect(await count('providers')).toBe(providersBefore);
  });

  it('lists at most 50 problems, saying how many more there are', async () => {
    const file = servicesCsv(80, { prefix: 'Many', change: (row) => void (row[9] = 'Atlantis') });
    const response = await admin.upload({ data: file, name: 'many.csv' });
    expect(response.statusCode).toBe(400);
    expect(response.body.match(/column Region: ‘Atlantis’ is not one of the 9 regions/g)).toHaveLength(50);
    expect(response.body).toContain('There are 30 more problems not listed here. Fix these first and upload the file again');
    expect(response.body).toContain('The selected file has 80 problems, listed at the top of the page. Nothing has been imported');
  });

  it('refuses duplicate services within a file, missing columns, empty files and other kinds of file', async () => {
    const before = await count('services');
    const duplicate = await admin.upload({
      data: stringify([
        ['Provider', 'Service name', 'Kind', 'Region'],
        ['Twin Trust (demo)', 'Twin House', 'rehab', 'London'],
        ['Twin Trust (demo)', 'Twin House', 'detox', 'London'],
      ]),
      name: 'twins.csv',
    });
    expect(duplicate.body).toContain('Row 3, column Service name: Twin Trust (demo) has a service called ‘Twin House’ in row 2 as well');
    const missing = await admin.upload({ data: 'Provider,Service name,Kind\nA (demo),B,rehab\n', name: 'missing.csv' });
    expect(missing.body).toContain('The file has no column called Region. Add it to row 1');
    const empty = await admin.upload({ data: '', name: 'empty.csv' });
    expect(empty.body).toContain('The selected file is empty');
    const workbook = await admin.upload({ data: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), name: 'services.xlsx' });
    expect(workbook.body).toContain('The selected file is an Excel workbook. Save it as ‘CSV UTF-8 (comma delimited)’');
    const image = await admin.upload({ data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), name: 'photo.png', type: 'image/png' });
    expect(image.body).toContain('The selected file must be a CSV file');
    const none = await admin.upload(null);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select a CSV file of services to import');
    expect(await count('services')).toBe(before);
  });

  it('refuses a file over 5 MB', async () => {
    const before = await count('services');
    const file = `Provider,Service name,Kind,Region,Eligibility\n${'Big (demo),Big House,rehab,London,'}${'x'.repeat(5 * 1024 * 1024)}\n`;
    const response = await admin.upload({ data: file, name: 'big.csv' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The selected file must be smaller than 5 MB');
    expect(await count('services')).toBe(before);
  });

  it('refuses an upload without a valid security token, like every other form', async () => {
    const before = await count('services');
    const data = stringify([
      ['Provider', 'Service name', 'Kind', 'Region'],
      ['Forged Trust (demo)', 'Forged House', 'rehab', 'London'],
    ]);
    const missing = await admin.upload({ data, name: 'services.csv' }, null);
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('Your form could not be sent');
    const forged = await admin.upload({ data, name: 'services.csv' }, 'forged-token');
    expect(forged.statusCode).toBe(403);
    expect(await count('services')).toBe(before);
  });

  it('refuses anyone who is not an administrator, even with a valid token', async () => {
    const lead = new Uploader(context.app);
    await lead.signIn('lead@northmoor.example', demoPassword(context.demo, 'lead@northmoor.example'));
    const token = csrfTokenIn((await lead.get('/assessments/new')).body);
    const before = await count('services');
    const data = stringify([
      ['Provider', 'Service name', 'Kind', 'Region'],
      ['Lead Trust (demo)', 'Lead House', 'rehab', 'London'],
    ]);
    const response = await lead.upload({ data, name: 'services.csv' }, token);
    expect(response.statusCode).toBe(403);
    expect(await count('services')).toBe(before);
  });
});
