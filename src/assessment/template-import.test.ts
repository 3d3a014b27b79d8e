import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, demoPassword, signedInVisitor, type TestContext, type UploadFile, Visitor } from '../../test/app.js';
import { readBuiltInTemplates } from './templates/store.js';
import { templateWorkbook } from './templates/import.js';
import type { TemplateDefinition } from './templates/template-schema.js';

/** A browser that can also send files (multipart/form-data), as the import form does. */
class Uploader extends Visitor {
  /** Sends a multipart body written out by hand, as a browser does. */
  async raw(parts: Array<{ name: string; filename?: string; type?: string; content: string }>) {
    const boundary = '----browser-boundary-7MA4YWxkTrZu0gW';
    const body = `${parts
      .map(
        (part) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n${part.content}\r\n`,
      )
      .join('')}--${boundary}--\r\n`;
    return this.postMultipart('/admin/templates/import', body, `multipart/form-data; boundary=${boundary}`);
  }

  /** Sends the import form with a file, taking the security token from the form page unless told otherwise. */
  upload(file: UploadFile | null, token?: string | null) {
    return this.uploadFile('/admin/templates/import', 'templateFile', file, { token, defaultType: 'application/octet-stream' });
  }
}

let context: TestContext;
let admin: Uploader;
let builtIn: TemplateDefinition;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  context = await createTestContext();
  admin = new Uploader(context.app);
  await admin.signIn('admin@residential-pathways.example', demoPassword(context.demo, 'admin@residential-pathways.example'));
  builtIn = readBuiltInTemplates()[0] as TemplateDefinition;
});
afterAll(async () => context.close());

const templateCount = async () => (await context.database.db.selectFrom('assessment_templates').select('id').execute()).length;

async function workbookOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}

describe('the question bank pages', () => {
  it('are for administrators only', async () => {
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    expect((await lead.get('/admin/templates')).statusCode).toBe(403);
    expect((await lead.get('/admin/templates/import')).statusCode).toBe(403);
    expect((await lead.get('/admin/templates/example.xlsx')).statusCode).toBe(403);
    const anonymous = await new Visitor(context.app).get('/admin/templates');
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  });

  it('list the built-in question bank with its counts', async () => {
    const response = await admin.get('/admin/templates');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(builtIn.title);
    expect(response.body).toContain('Built in');
    const statements = builtIn.themes.reduce((total, theme) => total + theme.statements.length, 0);
    expect(response.body).toContain(`>${builtIn.themes.length}</td>`);
    expect(response.body).toContain(`>${statements}</td>`);
  });

  it('explain both file layouts on the import page, with an upload form that carries its token', async () => {
    const response = await admin.get('/admin/templates/import');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('enctype="multipart/form-data"');
    expect(response.body).toContain('name="_csrf"');
    expect(response.body).toContain('type="file"');
    for (const text of ['Theme key', 'What good looks like', 'separated by semicolons', 'goodLooksLike', '/admin/templates/example.xlsx', '/admin/templates/example.json']) {
      expect(response.body).toContain(text);
    }
  });

  it('offer an example workbook made by the service, in the layout the import reads', async () => {
    const response = await admin.get('/admin/templates/example.xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(xlsxType);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="question-bank-example-.+\.xlsx"$/);
    const workbook = await workbookOf(response.rawPayload);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Template', 'Statements']);
    const json = await admin.get('/admin/templates/example.json');
    expect(JSON.parse(json.body)).toEqual(builtIn);
  });
});

describe('importing a question bank', () => {
  it('imports a workbook as a new version in one go, recording who did it', async () => {
    const file = await templateWorkbook({ ...builtIn, version: '2027.1', title: 'Residential pathway self-assessment (2027 update)' });
    const before = await templateCount();
    const response = await admin.upload({ data: file, name: 'update.xlsx', type: xlsxType });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/admin/templates');
    expect(await templateCount()).toBe(before + 1);
    const list = await admin.get('/admin/templates');
    expect(list.body).toContain('“Residential pathway self-assessment (2027 update)” version 2027.1 has been imported');
    expect(list.body).toContain('Imported by Pat Demo');

    const db = context.database.db;
    const stored = await db.selectFrom('assessment_templates').selectAll().where('version', '=', '2027.1').executeTakeFirstOrThrow();
    expect(stored.source).toBe('imported');
    expect(stored.imported_by).toBe(context.demo.userIds['admin@residential-pathways.example']);
    const statements = await db.selectFrom('template_statements').select('key').where('template_id', '=', stored.id).execute();
    expect(statements.length).toBe(builtIn.themes.reduce((total, theme) => total + theme.statements.length, 0));
    const audit = await db.selectFrom('audit_events').selectAll().where('action', '=', 'template_imported').executeTakeFirstOrThrow();
    expect(audit.partnership_id).toBeNull();
    expect(audit.record_id).toBe(stored.id);
    expect(audit.summary).toContain('version 2027.1');

    // Lead commissioners can choose it for a new round.
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    expect((await lead.get('/assessments/new')).body).toContain('(version 2027.1)');
    // And it can be downloaded again to make the next version.
    const download = await admin.get(`/admin/templates/${stored.id}/download.xlsx`);
    expect(download.statusCode).toBe(200);
    expect(JSON.stringify((await workbookOf(download.rawPayload)).getWorksheet('Template')?.getSheetValues())).toContain('2027.1');
  });

  it('refuses the same key and version a second time', async () => {
    const before = await templateCount();
    const response = await admin.upload({ data: JSON.stringify(builtIn), name: 'again.json', type: 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`Version ${builtIn.version} of the question bank with the key ${builtIn.key} has already been imported`);
    expect(await templateCount()).toBe(before);
  });

  it('lists every problem in a JSON file by where it is, and imports nothing', async () => {
    const broken = structuredClone(builtIn) as TemplateDefinition;
    broken.version = 'broken-1';
    (broken.themes[1]?.statements[2] as { key: string }).key = 'gov 1';
    (broken.themes[0]?.statements[0] as { text: string }).text = 'x'.repeat(401);
    const before = await templateCount();
    const response = await admin.upload({ data: JSON.stringify(broken), name: 'broken.json', type: 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Theme 2, statement 3, key: Statement key must be 2 to 4 capital letters');
    expect(response.body).toContain('Theme 1, statement 1, text: Statement must be 400 characters or fewer');
    expect(response.body).toContain('href="#templateFile"');
    expect(response.body).toContain('The selected file has 2 problems');
    expect(response.body).toMatch(/<title>Error: /);
    expect(await templateCount()).toBe(before);
  });

  it('gives the row and column of each problem in a workbook', async () => {
    const broken = structuredClone(builtIn) as TemplateDefinition;
    broken.version = 'broken-2';
    (broken.themes[0]?.statements[1] as { key: string }).key = (broken.themes[0]?.statements[0] as { key: string }).key;
    const file = await templateWorkbook(broken);
    const response = await admin.upload({ data: file, name: 'broken.xlsx', type: xlsxType });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`Row 3, column Statement key: Statement key ${broken.themes[0]?.statements[0]?.key} is used more than once`);
  });

  it('accepts a file larger than an ordinary form but refuses one over 2 MB', async () => {
    const padded = JSON.stringify({ ...builtIn, version: 'padded-1' }, null, 2) + ' '.repeat(600 * 1024);
    expect((await admin.upload({ data: padded, name: 'padded.json', type: 'application/json' })).statusCode).toBe(302);
    const before = await templateCount();
    const huge = JSON.stringify({ ...builtIn, version: 'huge-1' }) + ' '.repeat(2 * 1024 * 1024);
    const response = await admin.upload({ data: huge, name: 'huge.json', type: 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The selected file must be smaller than 2 MB');
    expect(await templateCount()).toBe(before);
  });

  it('explains a missing, empty, unreadable or wrong kind of file', async () => {
    const none = await admin.upload(null);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select a JSON file or an Excel workbook (.xlsx) to import');
    const empty = await admin.upload({ data: '', name: 'empty.json' });
    expect(empty.body).toContain('The selected file is empty');
    const csv = await admin.upload({ data: 'Theme key,Theme title\n', name: 'bank.csv', type: 'text/csv' });
    expect(csv.body).toContain('The selected file must be a JSON file or an Excel workbook (.xlsx)');
    const damaged = await admin.upload({ data: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), name: 'bank.xlsx', type: xlsxType });
    expect(damaged.body).toContain('The selected file could not be read');
    const notJson = await admin.upload({ data: '{ "key": ', name: 'bank.json', type: 'application/json' });
    expect(notJson.body).toContain('The file is not valid JSON');
  });

  it('reads the form as a browser sends it, whichever order the fields come in', async () => {
    const token = () => admin.get('/admin/templates/import').then((page) => csrfTokenIn(page.body));
    const nothingChosen = await admin.raw([
      { name: '_csrf', content: await token() },
      { name: 'templateFile', filename: '', type: 'application/octet-stream', content: '' },
    ]);
    expect(nothingChosen.statusCode).toBe(400);
    expect(nothingChosen.body).toContain('Select a JSON file or an Excel workbook (.xlsx) to import');
    const tokenLast = await admin.raw([
      { name: 'templateFile', filename: 'bank.json', type: 'application/json', content: JSON.stringify({ ...builtIn, version: 'browser-1' }) },
      { name: '_csrf', content: await token() },
    ]);
    expect(tokenLast.statusCode).toBe(302);
    const twoFiles = await admin.raw([
      { name: '_csrf', content: await token() },
      { name: 'templateFile', filename: 'a.json', type: 'application/json', content: '{}' },
      { name: 'templateFile', filename: 'b.json', type: 'application/json', content: '{}' },
    ]);
    expect(twoFiles.statusCode).toBe(400);
    expect(twoFiles.body).toContain('The selected file could not be uploaded. Choose one file and try again');
  });

  it('refuses an upload without a valid security token, like every other form', async () => {
    const before = await templateCount();
    const data = JSON.stringify({ ...builtIn, version: 'forged-1' });
    const missing = await admin.upload({ data, name: 'bank.json' }, null);
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('Your form could not be sent');
    const forged = await admin.upload({ data, name: 'bank.json' }, 'forged-token');
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Your form could not be sent');
    expect(await templateCount()).toBe(before);
  });

  it('refuses anyone who is not an administrator, even with a valid token', async () => {
    const lead = new Uploader(context.app);
    await lead.signIn('lead@northmoor.example', demoPassword(context.demo, 'lead@northmoor.example'));
    const token = csrfTokenIn((await lead.get('/assessments/new')).body);
    const before = await templateCount();
    const response = await lead.upload({ data: JSON.stringify({ ...builtIn, version: 'lead-1' }), name: 'bank.json' }, token);
    expect(response.statusCode).toBe(403);
    expect(await templateCount()).toBe(before);
  });

  it('treats an unknown question bank as not found', async () => {
    expect((await admin.get('/admin/templates/00000000-0000-4000-8000-000000000000/download.xlsx')).statusCode).toBe(404);
    expect((await admin.get('/admin/templates/not-an-id/download.xlsx')).statusCode).toBe(404);
  });
});
