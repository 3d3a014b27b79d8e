import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import type { Judgement, Rating, RoundStatus } from '../platform/db/schema.js';

let context: TestContext;
let lead: Visitor;
let contributor: Visitor;
let eastfield: Visitor;
let templateId: string;
let statements: Array<{ id: string; key: string }>;
let previousRoundId: string;
let currentRoundId: string;
let results: string;

async function insertRound(details: { template: string; status: RoundStatus; title: string; previous?: string }) {
  const round = await context.database.db
    .insertInto('assessment_rounds')
    .values({
      partnership_id: context.demo.partnershipIds.northmoor,
      template_id: details.template,
      previous_round_id: details.previous ?? null,
      title: details.title,
      status: details.status,
      starts_on: '2027-01-04',
      responses_due_on: '2027-02-26',
      created_by: context.demo.userIds['lead@northmoor.example'] as string,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return round.id;
}

async function agree(roundId: string, answers: Array<{ statementId: string; rating: Rating; judgement?: Judgement }>) {
  if (!answers.length) return;
  await context.database.db
    .insertInto('agreed_answers')
    .values(
      answers.map((answer) => ({
        partnership_id: context.demo.partnershipIds.northmoor,
        round_id: roundId,
        statement_id: answer.statementId,
        rating: answer.rating,
        judgement: answer.judgement ?? 'neither',
        updated_by: context.demo.userIds['lead@northmoor.example'] as string,
        updated_at: new Date(),
      })),
    )
    .execute();
}

/** An older, smaller question bank: five of today's statements and one that has since been dropped. */
async function insertOlderTemplate() {
  const db = context.database.db;
  const template = await db
    .insertInto('assessment_templates')
    .values({ key: 'older-toolkit', version: '2024', title: 'Older toolkit', source: 'imported' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const theme = await db
    .insertInto('template_themes')
    .values({ template_id: template.id, key: 'governance', title: 'Governance', position: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const keys = ['GOV-01', 'GOV-02', 'GOV-03', 'GOV-04', 'GOV-05', 'OLD-01'];
  const rows = await db
    .insertInto('template_statements')
    .values(keys.map((key, index) => ({ template_id: template.id, theme_id: theme.id, key, text: `Older wording of ${key}`, evidence: '[]', position: index + 1 })))
    .returning(['id', 'key'])
    .execute();
  return { id: template.id, statementId: (key: string) => rows.find((row) => row.key === key)?.id as string };
}

/** The <tr> holding some text, to check one row of a table. */
function rowWith(html: string, text: string): string {
  const rows = html.match(/<tr[\s\S]*?<\/tr>/g) ?? [];
  const row = rows.find((candidate) => candidate.includes(text));
  if (!row) throw new Error(`No table row contains ${text}`);
  return row.replace(/\s+/g, ' ');
}

const cellNumbers = (row: string) => [...row.matchAll(/<t[dh][^>]*>\s*(?:<strong>)?(\d+)(?:<\/strong>)?\s*<\/t[dh]>/g)].map((match) => Number(match[1]));

beforeAll(async () => {
  context = await createTestContext();
  const template = await context.database.db.selectFrom('assessment_templates').select('id').where('source', '=', 'built_in').executeTakeFirstOrThrow();
  templateId = template.id;
  statements = await context.database.db
    .selectFrom('template_statements')
    .innerJoin('template_themes', 'template_themes.id', 'template_statements.theme_id')
    .select(['template_statements.id', 'template_statements.key'])
    .where('template_statements.template_id', '=', templateId)
    .orderBy('template_themes.position')
    .orderBy('template_statements.position')
    .execute();
  const statementId = (key: string) => statements.find((statement) => statement.key === key)?.id as string;

  const older = await insertOlderTemplate();
  previousRoundId = await insertRound({ template: older.id, status: 'signed_off', title: 'Assessment 2025' });
  await agree(previousRoundId, [
    { statementId: older.statementId('GOV-01'), rating: 'partly' },
    { statementId: older.statementId('GOV-02'), rating: 'in_place' },
    { statementId: older.statementId('GOV-03'), rating: 'not_in_place' },
    { statementId: older.statementId('GOV-04'), rating: 'dont_know' },
    { statementId: older.statementId('OLD-01'), rating: 'in_place' },
    // GOV-05 was never agreed in the older round.
  ]);

  currentRoundId = await insertRound({ template: templateId, status: 'peer_review', title: 'Assessment 2027', previous: previousRoundId });
  await agree(currentRoundId, [
    { statementId: statementId('GOV-01'), rating: 'in_place', judgement: 'strength' }, // better
    { statementId: statementId('GOV-02'), rating: 'partly', judgement: 'concern' }, // worse
    { statementId: statementId('GOV-03'), rating: 'not_in_place', judgement: 'concern' }, // same
    { statementId: statementId('GOV-04'), rating: 'in_place' }, // cannot compare: "don't know" before
    { statementId: statementId('GOV-05'), rating: 'partly' }, // cannot compare: not agreed before
    { statementId: statementId('GOV-06'), rating: 'not_applicable' }, // new
    { statementId: statementId('IDN-01'), rating: 'dont_know', judgement: 'concern' }, // new
  ]);
  results = `/assessments/${currentRoundId}/results`;
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  contributor = await signedInVisitor(context, 'contributor@northmoor.example');
  eastfield = await signedInVisitor(context, 'peer@eastfield.example');
});
afterAll(async () => context.close());

describe('a round’s results', () => {
  it('summarises the agreed answers', async () => {
    const page = await contributor.get(results);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`7 of ${statements.length} statements have an agreed answer`);
    expect(page.body).toContain('The partnership agreed 1 strength and 3 concerns.');
    expect(page.body).toContain('These results can still change: the round has not been signed off yet.');
  });

  it('gives the counts per rating for each theme in a table, with totals', async () => {
    const page = await lead.get(results);
    // Wide tables scroll inside a region keyboard users can reach.
    expect(page.body).toContain('<div class="app-table-scroll" tabindex="0" role="region" aria-label="Agreed ratings by theme (number of statements) (table)">');
    // Statements, in place, partly, not in place, don't know, not applicable, not agreed, strengths, concerns.
    expect(cellNumbers(rowWith(page.body, '>Partnership and governance<'))).toEqual([7, 2, 2, 1, 0, 1, 1, 1, 2]);
    expect(cellNumbers(rowWith(page.body, '>Identifying who needs residential treatment<'))).toEqual([7, 0, 0, 0, 1, 0, 6, 0, 1]);
    const total = statements.length;
    expect(cellNumbers(rowWith(page.body, 'All themes'))).toEqual([total, 2, 2, 1, 1, 1, total - 7, 1, 3]);
  });

  it('draws an accessible chart of the same figures, without inline styles', async () => {
    const page = await lead.get(results);
    const svg = page.body.slice(page.body.indexOf('<svg class="app-chart__svg"'), page.body.indexOf('</svg>', page.body.indexOf('<svg class="app-chart__svg"')));
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="ratings-chart-title ratings-chart-description"');
    expect(svg).toContain('<title id="ratings-chart-title">Agreed ratings by theme</title>');
    expect(svg).toMatch(/<desc id="ratings-chart-description">[^<]*The table below the chart gives the same figures/);
    expect(svg).toContain('<pattern id="ratings-chart-pattern-partly"');
    expect(svg).toContain('fill="url(#ratings-chart-pattern-partly)"');
    expect(svg).toContain('<title>Partly in place: 2 of 7</title>');
    expect((svg.match(/class="app-chart__label" x="0"/g) ?? []).length).toBe(10);
    for (const label of ['In place', 'Partly in place', 'Not in place', 'Don’t know', 'Not applicable', 'Not agreed yet']) {
      expect(page.body).toMatch(new RegExp(`${label} <span class="app-chart__pattern">`));
    }
    expect(page.body).not.toMatch(/\sstyle="/);
    expect(page.headers['content-security-policy']).toContain("style-src 'self'");
  });

  it('compares each statement with the previous round by its key, with the counts at the top', async () => {
    const page = await lead.get(results);
    const comparison = page.body.slice(page.body.indexOf('id="comparison"'));
    expect(comparison).toContain('href="/assessments/' + previousRoundId + '/results">Assessment 2025</a>');
    expect(comparison.replace(/\s+/g, ' ')).toContain('<span class="app-results-counts__number">1</span> better');
    expect(comparison.replace(/\s+/g, ' ')).toContain('<span class="app-results-counts__number">1</span> the same');
    expect(comparison.replace(/\s+/g, ' ')).toContain('<span class="app-results-counts__number">1</span> worse');
    expect(cellNumbers(rowWith(comparison, 'Cannot compare'))).toEqual([2]);
    expect(cellNumbers(rowWith(comparison, 'New statement'))).toEqual([statements.length - 5]);
    expect(rowWith(comparison, '>GOV-01<')).toMatch(/Partly in place.*In place.*Better/);
    expect(rowWith(comparison, '>GOV-02<')).toMatch(/In place.*Partly in place.*Worse/);
    expect(rowWith(comparison, '>GOV-03<')).toMatch(/Not in place.*Not in place.*Same/);
    expect(rowWith(comparison, '>GOV-04<')).toMatch(/Don’t know.*In place.*Cannot compare/);
    expect(rowWith(comparison, '>GOV-05<')).toMatch(/Not agreed.*Partly in place.*Cannot compare/);
    expect(rowWith(comparison, '>GOV-06<')).toMatch(/Not in the earlier question bank.*Not applicable.*New statement/);
    expect(rowWith(comparison, '>IDN-02<')).toMatch(/Not in the earlier question bank.*Not agreed yet.*New statement/);
    expect(comparison).toContain('1 statement from the earlier round is no longer in the question bank');
    expect(comparison).not.toContain('OLD-01');
  });

  it('says when there is no previous round to compare with', async () => {
    const page = await lead.get(`/assessments/${previousRoundId}/results`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This round was not started from an earlier round, so there is nothing to compare it with.');
    expect(page.body).not.toContain('These results can still change');
  });

  it('warns when the earlier round has not been signed off', async () => {
    const unfinished = await insertRound({ template: templateId, status: 'agreeing', title: 'Unfinished' });
    const later = await insertRound({ template: templateId, status: 'open', title: 'Later', previous: unfinished });
    const page = await contributor.get(`/assessments/${later}/results`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The earlier round has not been signed off');
    expect(page.body).toContain(`0 of ${statements.length} statements have an agreed answer`);
    expect(page.body.replace(/\s+/g, ' ')).toContain('<span class="app-results-counts__number">0</span> better');
  });

  it('is not shown to other partnerships, nor a draft to anyone but the lead', async () => {
    expect((await eastfield.get(results)).statusCode).toBe(404);
    const draft = await insertRound({ template: templateId, status: 'draft', title: 'Draft round' });
    expect((await contributor.get(`/assessments/${draft}/results`)).statusCode).toBe(404);
    expect((await lead.get(`/assessments/${draft}/results`)).statusCode).toBe(200);
  });

  it('never compares with another partnership’s round', async () => {
    const eastfieldRound = await context.database.db
      .insertInto('assessment_rounds')
      .values({
        partnership_id: context.demo.partnershipIds.eastfield,
        template_id: templateId,
        title: 'Eastfield private round',
        status: 'signed_off',
        starts_on: '2026-01-05',
        responses_due_on: '2026-02-27',
        created_by: context.demo.userIds['peer@eastfield.example'] as string,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const linked = await insertRound({ template: templateId, status: 'open', title: 'Wrongly linked', previous: eastfieldRound.id });
    const page = await lead.get(`/assessments/${linked}/results`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Eastfield private round');
    expect(page.body).toContain('nothing to compare it with');
  });
});
