import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, demoPassword, signedInVisitor, type TestContext, type UploadFile, Visitor } from '../../../test/app.js';
import { hashPassword } from '../../platform/auth/passwords.js';

const listUrl = '/insight/published-figures';
const exampleUrl = '/insight/published-figures/example.csv';

class Uploader extends Visitor {
  upload(file: UploadFile | null, fields: Record<string, string> = { source: 'NDTMS adult activity report, October 2026 (test)', 'dataAsOf-day': '31', 'dataAsOf-month': '10', 'dataAsOf-year': '2026' }) {
    return this.uploadWith(file, fields);
  }

  /** The form as a browser sends it: the token and fields first, then the file. */
  async uploadWith(file: UploadFile | null, fields: Record<string, string>) {
    const page = await this.get(listUrl);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    const form = new FormData();
    form.append('_csrf', token);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) form.append('figuresFile', new Blob([file.data as BlobPart], { type: file.type ?? 'text/csv' }), file.name);
    else form.append('figuresFile', new Blob([]), '');
    return this.postMultipart(listUrl, form);
  }
}

let context: TestContext;
let lead: Uploader;
let admin: Uploader;

async function uploader(email: string, password?: string): Promise<Uploader> {
  const visitor = new Uploader(context.app);
  await visitor.signIn(email, password ?? demoPassword(context.demo, email));
  return visitor;
}

beforeAll(async () => {
  context = await createTestContext();
  lead = await uploader('lead@northmoor.example');
  admin = await uploader('admin@residential-pathways.example');
});
afterAll(async () => context?.close());

const headings = ['Area code', 'Area name', 'Area level', 'Period', 'Measure', 'Breakdown', 'Breakdown value', 'Value', 'Qualifier'];
const csv = (rows: string[][]) => stringify([headings, ...rows]);
const northmoorRow = (measure: string, value: string, extra: string[] = ['', '', '']) => ['E06999901', 'Northmoor (demo)', 'Local authority', '2025-26', measure, extra[0] as string, extra[1] as string, value, extra[2] as string];
const count = async (table: 'aggregate_imports' | 'aggregate_figures') =>
  Number((await context.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);

describe('the published figures pages', () => {
  it('let a lead commissioner import their own area’s figures and read what changed', async () => {
    const page = await lead.get(listUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Published figures');
    expect(page.body).toContain('E06999901');
    expect(page.body).toContain(`href="${exampleUrl}"`);

    const response = await lead.upload({
      name: 'northmoor.csv',
      data: csv([northmoorRow('Adults in treatment', '2,450'), northmoorRow('new_presentations', '1210'), northmoorRow('Adults in treatment', '', ['Sex', 'Another way', 'Suppressed'])]),
    });
    expect(response.statusCode).toBe(302);
    const importPage = await lead.get(response.headers.location as string);
    expect(importPage.statusCode).toBe(200);
    expect(importPage.body).toContain('3 figures have been imported: 3 added, 0 changed and 0 removed.');
    expect(importPage.body).toContain('NDTMS adult activity report, October 2026 (test)');
    expect(importPage.body).toContain('Sex: Another way');
    expect(importPage.body).toContain('2,450');

    // A re-import changes one figure: the import's page says what it was and what it is now.
    const again = await lead.upload(
      { name: 'northmoor-revised.csv', data: csv([northmoorRow('Adults in treatment', '2460'), northmoorRow('new_presentations', '1210'), northmoorRow('Adults in treatment', '', ['Sex', 'Another way', 'Suppressed'])]) },
      { source: 'NDTMS adult activity report, November 2026 (test)', 'dataAsOf-day': '20', 'dataAsOf-month': '11', 'dataAsOf-year': '2026' },
    );
    expect(again.statusCode).toBe(302);
    const revised = await lead.get(again.headers.location as string);
    expect(revised.body).toContain('0 added, 1 changed and 0 removed');
    expect(revised.body).toMatch(/2,450[\s\S]*2,460/);
    const list = await lead.get(listUrl);
    expect(list.body.indexOf('November 2026 (test)')).toBeLessThan(list.body.indexOf('October 2026 (test)'));
  });

  it('refuse a lead’s rows for another area, importing nothing', async () => {
    const before = await count('aggregate_figures');
    const response = await lead.upload({
      name: 'mixed.csv',
      data: csv([northmoorRow('Adults in treatment', '2450'), ['E06999902', 'Eastfield (demo)', 'Local authority', '2025-26', 'Adults in treatment', '', '', '2100', ''], ['E92000001', 'England', 'England', '2023-24', 'Adults in treatment', '', '', '310863', '']]),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('Row 3, column Area code: you can import figures only for Northmoor Drug and Alcohol Partnership (demo)’s own area (E06999901)');
    expect(response.body).toContain('Row 4, column Area code');
    expect(await count('aggregate_figures')).toBe(before);
  });

  it('refuse a file with a bad row whole, and ask for the source and date', async () => {
    const before = await Promise.all([count('aggregate_imports'), count('aggregate_figures')]);
    const response = await lead.upload({ name: 'bad.csv', data: csv([northmoorRow('Adults in treatment', '2450'), northmoorRow('Deaths', '3')]) }, { source: '', 'dataAsOf-day': '', 'dataAsOf-month': '', 'dataAsOf-year': '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the source of the figures');
    expect(response.body).toContain('Enter the date the data is as of');
    expect(response.body).toContain('Row 3, column Measure: ‘Deaths’ is not one of the measures');
    expect(await Promise.all([count('aggregate_imports'), count('aggregate_figures')])).toEqual(before);
    const noFile = await lead.upload(null);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.body).toContain('Select a CSV file or Excel workbook of figures to import');
  });

  it('let an administrator import regions and England, from an Excel workbook too', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Figures');
    sheet.addRow([...headings, 'Region code']);
    sheet.addRow(['E92000001', 'England', 'England', '2023-24', 'Adults in treatment', '', '', 310863, '', '']);
    sheet.addRow(['E12000002', 'North West', 'Region', '2023-24', 'Adults in treatment', '', '', 42900, '', '']);
    sheet.addRow(['E06999903', 'Westmere (demo)', 'Local authority', '2026-27 Q1', 'Residential rehab starts', '', '', 2, 'Provisional', 'E12000002']);
    const data = new Uint8Array(await workbook.xlsx.writeBuffer());
    const response = await admin.upload(
      { name: 'national.xlsx', data, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      { source: 'NDTMS national and regional figures (test)', 'dataAsOf-day': '31', 'dataAsOf-month': '10', 'dataAsOf-year': '2026' },
    );
    expect(response.statusCode).toBe(302);
    const page = await admin.get(response.headers.location as string);
    expect(page.body).toContain('3 figures have been imported: 3 added');
    expect(page.body).toContain('England (E92000001)');
    const area = await context.database.db.selectFrom('aggregate_areas').selectAll().where('area_code', '=', 'E06999903').executeTakeFirstOrThrow();
    expect(area.region_code).toBe('E12000002');

    // The lead sees the administrator's national import beside their own.
    const list = await lead.get(listUrl);
    expect(list.body).toContain('(administrator)');
  });

  it('tell a lead whose partnership has no area code that an administrator must set it', async () => {
    const db = context.database.db;
    await db.updateTable('partnerships').set({ ons_code: null }).where('id', '=', context.demo.partnershipIds.eastfield).execute();
    try {
      const eastfield = await uploader('peer@eastfield.example');
      const page = await eastfield.get(listUrl);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('An administrator must set your partnership’s area code');
      expect(page.body).not.toContain('figuresFile');
      // Northmoor's own uploads are not Eastfield's to see; administrators' national ones are.
      expect(page.body).not.toContain('NDTMS adult activity report, October 2026 (test)');
      expect(page.body).toContain('NDTMS national and regional figures (test)');
      const northmoorImport = await db.selectFrom('aggregate_imports').select('id').where('partnership_id', '=', context.demo.partnershipIds.northmoor).executeTakeFirstOrThrow();
      expect((await eastfield.get(`/insight/published-figures/imports/${northmoorImport.id}`)).statusCode).toBe(404);
    } finally {
      await db.updateTable('partnerships').set({ ons_code: 'E06999902' }).where('id', '=', context.demo.partnershipIds.eastfield).execute();
    }
  });

  it('refuse everyone else', async () => {
    const db = context.database.db;
    const reviewer = await db
      .insertInto('users')
      .values({ email: 'figures-reviewer@northmoor.example', display_name: 'Figures Reviewer', password_hash: await hashPassword('figures-reviewer-password') })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('memberships').values({ partnership_id: context.demo.partnershipIds.northmoor, user_id: reviewer.id, role: 'peer_reviewer' }).execute();
    const importId = (await db.selectFrom('aggregate_imports').select('id').executeTakeFirstOrThrow()).id;
    const others = [
      await signedInVisitor(context, 'contributor@northmoor.example'),
      await signedInVisitor(context, 'staff@northmoor.example'),
      await signedInVisitor(context, 'viewer@northmoor.example'),
      await uploader('figures-reviewer@northmoor.example', 'figures-reviewer-password'),
    ];
    for (const visitor of others) {
      for (const url of [listUrl, exampleUrl, `/insight/published-figures/imports/${importId}`]) expect((await visitor.get(url)).statusCode, url).toBe(403);
      const form = new FormData();
      form.append('figuresFile', new Blob([csv([northmoorRow('Adults in treatment', '1')])], { type: 'text/csv' }), 'x.csv');
      expect((await visitor.postMultipart(listUrl, form)).statusCode).toBe(403);
      expect((await visitor.get('/')).body).not.toContain(`href="${listUrl}"`);
    }
    expect((await new Visitor(context.app).get(listUrl)).headers.location).toMatch(/^\/sign-in/);
    expect((await lead.get('/')).body).toContain(`href="${listUrl}"`);
    expect((await admin.get('/')).body).toContain(`href="${listUrl}"`);
  });

  it('offer an example file that imports cleanly and cannot run a formula', async () => {
    const response = await lead.get(exampleUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('published-figures-example.csv');
    const cells = (parse(response.body, { bom: true }) as string[][]).flat();
    expect(cells.some((cell) => /^[=+@\t\r]/.test(cell) || (/^-/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell)))).toBe(false);
    expect(cells).toContain('Exampleton (example)');
    const imported = await admin.upload({ name: 'published-figures-example.csv', data: response.body }, { source: 'Example (test)', 'dataAsOf-day': '1', 'dataAsOf-month': '11', 'dataAsOf-year': '2026' });
    expect(imported.statusCode).toBe(302);
  });
});
