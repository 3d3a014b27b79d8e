import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, type Visitor } from './app.js';
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
});
