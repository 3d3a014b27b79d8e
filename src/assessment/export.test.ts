import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, Visitor } from '../../test/app.js';

/**
 * The round's spreadsheet and printable report, on a round filled in directly in the database
 * (the action plan and peer review pages have their own tests).
 */
let context: TestContext;
let roundId: string;
let draftRoundId: string;
let firstKey: string;

beforeAll(async () => {
  context = await createTestContext();
  const db = context.database.db;
  const partnershipId = context.demo.partnershipIds.northmoor;
  const users = context.demo.userIds;
  const lead = users['lead@northmoor.example'] as string;
  const contributor = users['contributor@northmoor.example'] as string;
  const housing = users['housing@northmoor.example'] as string;
  const peer = users['peer@eastfield.example'] as string;
  const template = await db.selectFrom('assessment_templates').select('id').executeTakeFirstOrThrow();
  const statements = await db.selectFrom('template_statements').select(['id', 'key']).where('template_id', '=', template.id).orderBy('key').execute();
  const first = statements.find((statement) => statement.key === 'GOV-01') ?? (statements[0] as { id: string; key: string });
  firstKey = first.key;

  const round = await db
    .insertInto('assessment_rounds')
    .values({
      partnership_id: partnershipId,
      template_id: template.id,
      title: 'Pathway assessment 2027',
      status: 'peer_review',
      starts_on: '2027-01-04',
      responses_due_on: '2027-02-26',
      re_evaluate_on: '2028-03-01',
      created_by: lead,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  roundId = round.id;
  const draft = await db
    .insertInto('assessment_rounds')
    .values({ partnership_id: partnershipId, template_id: template.id, title: 'Draft round', starts_on: '2027-01-04', responses_due_on: '2027-02-26', created_by: lead })
    .returning('id')
    .executeTakeFirstOrThrow();
  draftRoundId = draft.id;

  await db
    .insertInto('round_participants')
    .values([
      { partnership_id: partnershipId, round_id: roundId, name: 'Sam Demo', organisation: 'Northmoor Community Recovery Service (demo)', partner_type: 'community_treatment', has_authority: true, knows_pathway: true },
      { partnership_id: partnershipId, round_id: roundId, name: 'Jo Demo', organisation: 'Northmoor Housing Trust (demo)', partner_type: 'homelessness' },
    ])
    .execute();
  await db
    .insertInto('responses')
    .values([
      { partnership_id: partnershipId, round_id: roundId, statement_id: first.id, respondent_user_id: contributor, organisation: 'Northmoor Community Recovery Service (demo)', rating: 'in_place', evidence: 'Terms of reference agreed in March' },
      { partnership_id: partnershipId, round_id: roundId, statement_id: first.id, respondent_user_id: housing, organisation: 'Northmoor Housing Trust (demo)', rating: 'not_in_place', evidence: 'Housing staff do not know who the lead is' },
    ])
    .execute();
  await db
    .insertInto('agreed_answers')
    .values({ partnership_id: partnershipId, round_id: roundId, statement_id: first.id, rating: 'partly', judgement: 'concern', rationale: 'Known to treatment, not to housing', updated_by: lead })
    .execute();
  const priority = await db
    .insertInto('priorities')
    .values({ partnership_id: partnershipId, round_id: roundId, title: 'Make the pathway lead known to every partner', rank: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const action = await db
    .insertInto('actions')
    .values({
      partnership_id: partnershipId,
      round_id: roundId,
      priority_id: priority.id,
      description: 'Send every partner a one-page guide to the pathway',
      purpose: 'address_concern',
      lead_person: 'Alex Demo',
      lead_organisation: 'Northmoor Council (demo)',
      due_on: '2026-10-31',
      status: 'in_progress',
      created_by: lead,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('action_statements').values({ action_id: action.id, statement_id: first.id }).execute();
  await db
    .insertInto('action_updates')
    .values({ partnership_id: partnershipId, action_id: action.id, recorded_on: '2026-10-01', status: 'in_progress', note: 'First draft shared', created_by: lead })
    .execute();
  await db
    .insertInto('peer_review_comments')
    .values({ partnership_id: partnershipId, round_id: roundId, statement_id: first.id, reviewer_user_id: peer, comment: 'How will housing staff hear about the lead?', reply: 'Through the guide in action 1', replied_by: lead, replied_at: new Date('2026-11-20T10:00:00Z') })
    .execute();
  await db
    .insertInto('peer_review_decisions')
    .values({ partnership_id: partnershipId, round_id: roundId, reviewer_user_id: peer, decision: 'changes_requested', summary: 'Add a date for the guide' })
    .execute();
});
afterAll(async () => context.close());

async function workbookOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}

const sheetText = (workbook: ExcelJS.Workbook, name: string) => JSON.stringify((workbook.getWorksheet(name) as ExcelJS.Worksheet).getSheetValues());

describe('the round’s spreadsheet', () => {
  it('downloads as an xlsx attachment with every sheet, rating, evidence and action', async () => {
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const response = await lead.get(`/assessments/${roundId}/export.xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toBe('attachment; filename="pathway-assessment-2027-2026-11-23.xlsx"');
    expect(response.headers['cache-control']).toBe('no-store');
    const workbook = await workbookOf(response.rawPayload);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names[0]).toBe('Summary');
    expect(names).toContain('Partnership and governance');
    expect(names.slice(-3)).toEqual(['Action plan', 'Partners', 'Peer review']);
    const themeCount = await context.database.db.selectFrom('template_themes').select('id').execute();
    expect(names.length).toBe(themeCount.length + 4);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(31);

    const governance = workbook.getWorksheet('Partnership and governance') as ExcelJS.Worksheet;
    const row = governance.getRow(2).values as unknown[];
    expect(row).toContain(firstKey);
    expect(row).toContain('In place');
    expect(row).toContain('Not in place');
    expect(row).toContain('Terms of reference agreed in March');
    expect(row).toContain('Housing staff do not know who the lead is');
    expect(row).toContain('Partly in place');
    expect(row).toContain('Concern');
    expect(row).toContain('Known to treatment, not to housing');

    const plan = workbook.getWorksheet('Action plan') as ExcelJS.Worksheet;
    const actionRow = plan.getRow(2);
    expect(actionRow.getCell(2).value).toBe('Make the pathway lead known to every partner');
    expect(actionRow.getCell(3).value).toBe('Send every partner a one-page guide to the pathway');
    expect(actionRow.getCell(5).value).toBe(firstKey);
    expect((actionRow.getCell(8).value as Date).toISOString()).toBe('2026-10-31T00:00:00.000Z');
    expect(actionRow.getCell(10).value).toBe('Yes');
    expect(actionRow.getCell(12).value).toBe('In progress: First draft shared');

    expect(sheetText(workbook, 'Summary')).toContain('Northmoor Drug and Alcohol Partnership (demo)');
    expect(sheetText(workbook, 'Partners')).toContain('Northmoor Housing Trust (demo)');
    expect(sheetText(workbook, 'Peer review')).toContain('How will housing staff hear about the lead?');
    expect(sheetText(workbook, 'Peer review')).toContain('Add a date for the guide');
  });

  it('gives a contributor the agreed answers and only their own ratings and evidence', async () => {
    const contributor = await signedInVisitor(context, 'contributor@northmoor.example');
    const response = await contributor.get(`/assessments/${roundId}/export.xlsx`);
    expect(response.statusCode).toBe(200);
    const workbook = await workbookOf(response.rawPayload);
    const governance = sheetText(workbook, 'Partnership and governance');
    expect(governance).toContain('Terms of reference agreed in March');
    expect(governance).not.toContain('Housing staff do not know who the lead is');
    expect(governance).toContain('Known to treatment, not to housing');
    expect(sheetText(workbook, 'Summary')).toContain('Only your own ratings and evidence are included');
  });

  it('lets viewers and peer reviewers download it too', async () => {
    const viewer = await signedInVisitor(context, 'viewer@northmoor.example');
    expect((await viewer.get(`/assessments/${roundId}/export.xlsx`)).statusCode).toBe(200);
  });

  it('keeps it from other partnerships, signed-out visitors and, while a draft, from everyone but the lead', async () => {
    const eastfield = await signedInVisitor(context, 'peer@eastfield.example');
    expect((await eastfield.get(`/assessments/${roundId}/export.xlsx`)).statusCode).toBe(404);
    expect((await eastfield.get(`/assessments/${roundId}/report`)).statusCode).toBe(404);
    const anonymous = new Visitor(context.app);
    const signedOut = await anonymous.get(`/assessments/${roundId}/export.xlsx`);
    expect(signedOut.statusCode).toBe(302);
    expect(signedOut.headers.location).toMatch(/^\/sign-in/);
    const contributor = await signedInVisitor(context, 'contributor@northmoor.example');
    expect((await contributor.get(`/assessments/${draftRoundId}/export.xlsx`)).statusCode).toBe(404);
    expect((await contributor.get(`/assessments/${draftRoundId}/report`)).statusCode).toBe(404);
    expect((await contributor.get('/assessments/not-an-id/export.xlsx')).statusCode).toBe(404);
  });
});

describe('the printable report', () => {
  it('shows the summary, agreed answers, action plan, partners and peer review outcome', async () => {
    const lead = await signedInVisitor(context, 'lead@northmoor.example');
    const response = await lead.get(`/assessments/${roundId}/report`);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('Pathway assessment 2027: self-assessment report');
    expect(body).toContain('Agreed ratings by theme');
    expect(body).toContain('Known to treatment, not to housing');
    expect(body).toContain('Priority 1: Make the pathway lead known to every partner');
    expect(body).toContain('Send every partner a one-page guide to the pathway');
    expect(body).toContain('Overdue');
    expect(body).toContain('1 October 2026: In progress. First draft shared');
    expect(body).toContain('Northmoor Housing Trust (demo)');
    expect(body).toContain('Changes requested');
    expect(body).toContain('Add a date for the guide');
    expect(body).toContain('Through the guide in action 1');
    // Partners' individual evidence is not in the board report.
    expect(body).not.toContain('Housing staff do not know who the lead is');
    const main = body.slice(body.indexOf('<main'), body.indexOf('</main>'));
    expect(main).not.toMatch(/style=|<script/);
    // Headings go in order: one h1, then h2 and h3 without skipping a level.
    const levels = [...main.matchAll(/<h([1-6])/g)].map((match) => Number(match[1]));
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    levels.forEach((level, index) => index > 0 && expect(level - (levels[index - 1] as number)).toBeLessThanOrEqual(1));
  });

  it('is open to contributors, without anyone’s individual answers', async () => {
    const contributor = await signedInVisitor(context, 'contributor@northmoor.example');
    const response = await contributor.get(`/assessments/${roundId}/report`);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('Terms of reference agreed in March');
  });
});
