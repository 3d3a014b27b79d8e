import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, signedInVisitor, type TestContext, type Visitor } from './app.js';
import { referralRow, waitingForAdmission } from './referrals.js';

/**
 * Every CSV and xlsx the service writes, with formula payloads planted in the text that people
 * and providers choose (a provider names its own services), opened as a spreadsheet would open
 * it: no text cell may start a formula, and no workbook cell may hold one.
 */

const payloads = ['=HYPERLINK("https://attacker.example","Open")', '+1+cmd|" /C calc"!A0', '-2+3+cmd|" /C calc"!A0', '@SUM(1+1)*cmd|" /C calc"!A0'];

let context: TestContext;
let lead: Visitor;
let admin: Visitor;

const startsAFormula = (cell: string) => /^[=+@\t\r]/.test(cell) || (/^-/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell));

async function csvCells(visitor: Visitor, url: string): Promise<string[]> {
  const response = await visitor.get(url);
  expect(response.statusCode, url).toBe(200);
  expect(response.headers['content-type'], url).toMatch(/^text\/csv/);
  return (parse(response.body, { bom: true, relax_column_count: true }) as string[][]).flat();
}

async function workbookCells(visitor: Visitor, url: string): Promise<Array<{ text: string; formula: boolean }>> {
  const response = await visitor.get(url);
  expect(response.statusCode, url).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const cells: Array<{ text: string; formula: boolean }> = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) => row.eachCell((cell) => void cells.push({ text: String(cell.text ?? ''), formula: cell.type === ExcelJS.ValueType.Formula }))),
  );
  return cells;
}

beforeAll(async () => {
  context = await createTestContext();
  const db = context.database.db;
  const { northmoor } = context.demo.partnershipIds;
  // Sorts first, so the referral import's example file, which names a real service, uses it.
  const provider = await db.insertInto('providers').values({ name: `${payloads[0]} provider` }).returning('id').executeTakeFirstOrThrow();
  const service = await db
    .insertInto('services')
    .values({ provider_id: provider.id, name: payloads[0] as string, kind: 'residential_rehab', town: payloads[1], region: 'North West', weekly_cost_pence: 70_000 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('referrals')
    .values(
      referralRow(northmoor, 'NM-2026-0900', {
        ...waitingForAdmission(service.id),
        referring_service: payloads[2] as string,
        keyworker_role: payloads[3] as string,
        eligibility_reasons: payloads[0],
      }),
    )
    .execute();
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  admin = await signedInVisitor(context, 'admin@residential-pathways.example');
});

afterAll(async () => {
  await context?.close();
});

describe('downloads', () => {
  it('neutralise every formula in every CSV the service writes', async () => {
    const downloads: Array<[Visitor, string]> = [
      [lead, '/referrals/export.csv'],
      [lead, '/referrals/import/example.csv'],
      [lead, '/services/export.csv'],
      [admin, '/admin/services/import/example.csv'],
    ];
    for (const [visitor, url] of downloads) {
      const cells = await csvCells(visitor, url);
      expect(cells.length, url).toBeGreaterThan(1);
      expect(cells.filter(startsAFormula), url).toEqual([]);
    }
    // The planted text is there, made harmless, rather than dropped.
    expect(await csvCells(lead, '/services/export.csv')).toContain(`'${payloads[0]}`);
    expect(await csvCells(lead, '/referrals/export.csv')).toEqual(expect.arrayContaining([`'${payloads[2]}`, `'${payloads[3]}`]));
    expect(await csvCells(lead, '/referrals/import/example.csv')).toContain(`'${payloads[0]}`);
  });

  it('hold no formulas in any workbook the service writes', async () => {
    const template = await context.database.db.selectFrom('assessment_templates').select('id').limit(1).executeTakeFirstOrThrow();
    const downloads: Array<[Visitor, string]> = [
      [lead, '/referrals/export.xlsx'],
      [lead, '/services/export.xlsx'],
      [admin, '/admin/templates/example.xlsx'],
      [admin, `/admin/templates/${template.id}/download.xlsx`],
    ];
    for (const [visitor, url] of downloads) {
      const cells = await workbookCells(visitor, url);
      expect(cells.length, url).toBeGreaterThan(1);
      expect(cells.filter((cell) => cell.formula), url).toEqual([]);
    }
  });

  it('send files people attached as downloads that a browser will not open as a page', async () => {
    const db = context.database.db;
    const template = await db.selectFrom('assessment_templates').select('id').orderBy('created_at').executeTakeFirstOrThrow();
    const round = await db
      .insertInto('assessment_rounds')
      .values({
        partnership_id: context.demo.partnershipIds.northmoor,
        template_id: template.id,
        title: 'Downloads round',
        status: 'open',
        starts_on: '2027-01-04',
        responses_due_on: '2027-02-26',
        created_by: context.demo.userIds['lead@northmoor.example'] as string,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const statement = await db.selectFrom('template_statements').select('key').where('template_id', '=', template.id).orderBy('key').executeTakeFirstOrThrow();
    const page = `/assessments/${round.id}/evidence/${statement.key}`;
    const upload = async (data: Buffer, name: string, type: string) => {
      const form = new FormData();
      form.append('_csrf', csrfTokenIn((await lead.get(page)).body));
      form.append('kind', 'process');
      form.append('title', `Attachment ${name}`);
      form.append('file', new Blob([data as BlobPart], { type }), name);
      return lead.postMultipart(page, form);
    };
    // A page's markup is refused whatever it is called or said to be.
    const markup = await upload(Buffer.from('<html><script>alert(document.cookie)</script></html>'), 'protocol.pdf', 'application/pdf');
    expect(markup.statusCode).toBe(400);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    expect((await upload(png, '<img onerror=x>\r\nSet-Cookie: a=b.html', 'text/html')).statusCode).toBe(302);
    const href = /href="([^"]+\/files\/[^"]+)"/.exec((await lead.get(page)).body)?.[1];
    const download = await lead.get(href as string);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    const disposition = String(download.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._ -]+\.png"; filename\*=UTF-8''[A-Za-z0-9._%~!-]+\.png$/);
    expect(String(download.headers['set-cookie'] ?? '')).not.toContain('a=b');
  });
});
