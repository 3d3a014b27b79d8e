import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, hiddenFieldsIn, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';

let context: TestContext;
let lead: Visitor;
let roundPath: string;
let themeKey: string;
let statementKeys: string[];

beforeAll(async () => {
  context = await createTestContext();
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  const template = await context.database.db.selectFrom('template_themes').select('key').orderBy('position').executeTakeFirstOrThrow();
  themeKey = template.key;
  const statements = await context.database.db
    .selectFrom('template_statements')
    .innerJoin('template_themes', 'template_themes.id', 'template_statements.theme_id')
    .select('template_statements.key')
    .where('template_themes.key', '=', themeKey)
    .orderBy('template_statements.position')
    .execute();
  statementKeys = statements.map((statement) => statement.key);
});
afterAll(async () => context.close());

const dates = (prefix: string, day: string, month: string, year: string) => ({ [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year });

async function templateId() {
  return (await context.database.db.selectFrom('assessment_templates').select('id').executeTakeFirstOrThrow()).id;
}

describe('a self-assessment round from start to agreed answers', () => {
  it('loads the built-in question bank of at least 8 themes and 45 statements', async () => {
    const themes = await context.database.db.selectFrom('template_themes').select('id').execute();
    const statements = await context.database.db.selectFrom('template_statements').select('id').execute();
    expect(themes.length).toBeGreaterThanOrEqual(8);
    expect(statements.length).toBeGreaterThanOrEqual(45);
  });

  it('refuses dates in the wrong order, keeping everything typed', async () => {
    const response = await lead.submit('/assessments/new', '/assessments/new', {
      title: 'Round with bad dates',
      templateId: await templateId(),
      ...dates('startsOn', '10', '1', '2027'),
      ...dates('responsesDueOn', '1', '1', '2027'),
      ...dates('reEvaluateOn', '', '', ''),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The date responses are due must be the same as or after the start date');
    expect(response.body).toContain('href="#responsesDueOn-day"');
    expect(response.body).toContain('value="Round with bad dates"');
    expect(response.body).toMatch(/name="responsesDueOn-day" type="text" value="1"|id="responsesDueOn-day" name="responsesDueOn-day" type="text" value="1"/);
  });

  it('lets the lead start a draft round that contributors cannot see yet', async () => {
    const response = await lead.submit('/assessments/new', '/assessments/new', {
      title: 'Pathway assessment 2027',
      templateId: await templateId(),
      ...dates('startsOn', '4', '1', '2027'),
      ...dates('responsesDueOn', '26', '2', '2027'),
      ...dates('reEvaluateOn', '1', '3', '2028'),
    });
    expect(response.statusCode).toBe(302);
    roundPath = response.headers.location as string;
    expect(roundPath).toMatch(/^\/assessments\/[0-9a-f-]{36}$/);
    const contributor = await signedInVisitor(context, 'contributor@northmoor.example');
    expect((await contributor.get(roundPath)).statusCode).toBe(404);
    expect((await contributor.get('/assessments')).body).not.toContain('Pathway assessment 2027');
  });

  it('opens for responses; two contributors from different organisations answer', async () => {
    const opened = await lead.submit(roundPath, `${roundPath}/status`, { to: 'open' });
    expect(opened.statusCode).toBe(302);
    for (const [email, rating] of [
      ['contributor@northmoor.example', 'in_place'],
      ['housing@northmoor.example', 'not_in_place'],
    ] as const) {
      const contributor = await signedInVisitor(context, email);
      const fields: Record<string, string> = { next: 'return' };
      fields[`rating-${statementKeys[0]}`] = rating;
      fields[`evidence-${statementKeys[0]}`] = `Evidence from ${email}`;
      const saved = await contributor.submitWithHidden(`${roundPath}/themes/${themeKey}`, `${roundPath}/themes/${themeKey}`, fields);
      expect(saved.statusCode).toBe(302);
      const page = await contributor.get(`${roundPath}/themes/${themeKey}`);
      expect(page.body).toContain(`Evidence from ${email}`);
    }
    const partners = await lead.get(`${roundPath}/partners`);
    expect(partners.body).toContain('Northmoor Housing Trust (demo)');
    expect(partners.body).toContain('Northmoor Community Recovery Service (demo)');
    expect(partners.body).toContain('Missing');
  });

  it('keeps an overlong note with a clear message and saves nothing', async () => {
    const contributor = await signedInVisitor(context, 'contributor@northmoor.example');
    const fields: Record<string, string> = {};
    fields[`rating-${statementKeys[1]}`] = 'partly';
    fields[`evidence-${statementKeys[1]}`] = 'x'.repeat(2001);
    const response = await contributor.submit(`${roundPath}/themes/${themeKey}`, `${roundPath}/themes/${themeKey}`, fields);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`Evidence for ${statementKeys[1]} must be 2,000 characters or fewer`);
    expect(response.body).toContain('x'.repeat(2001));
  });

  it('detects an answer changed in another window instead of overwriting it', async () => {
    const contributor = await signedInVisitor(context, 'contributor@northmoor.example');
    const first = await contributor.get(`${roundPath}/themes/${themeKey}`);
    const second = await contributor.get(`${roundPath}/themes/${themeKey}`);
    const versionField = (html: string) => new RegExp(`name="version-${statementKeys[0]}" value="(\\d*)"`).exec(html)?.[1] ?? '';
    const submit = (html: string, evidence: string) =>
      contributor.post(`${roundPath}/themes/${themeKey}`, {
        ...hiddenFieldsIn(html),
        [`rating-${statementKeys[0]}`]: 'partly',
        [`evidence-${statementKeys[0]}`]: evidence,
        [`version-${statementKeys[0]}`]: versionField(html),
      });
    expect((await submit(first.body, 'First window')).statusCode).toBe(302);
    const conflict = await submit(second.body, 'Second window');
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('was changed in another window or device');
    expect(conflict.body).toContain('Second window');
    const stored = await context.database.db.selectFrom('responses').select('evidence').where('evidence', 'like', '%window').execute();
    expect(stored.map((row) => row.evidence)).toEqual(['First window']);
  });

  it('refuses contributors the agreeing pages', async () => {
    const contributor = await signedInVisitor(context, 'contributor@northmoor.example');
    expect((await contributor.get(`${roundPath}/agree`)).statusCode).toBe(403);
    const refused = await contributor.submit(`${roundPath}/themes/${themeKey}`, `${roundPath}/agree/${statementKeys[0]}`, { rating: 'in_place', judgement: 'strength' });
    expect(refused.statusCode).toBe(403);
  });

  it('shows the lead every partner’s rating side by side with the disagreement marked, and records the agreed answer', async () => {
    await lead.submit(roundPath, `${roundPath}/status`, { to: 'agreeing' });
    const page = await lead.get(`${roundPath}/agree/${statementKeys[0]}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Partners differ');
    // One partner says partly in place, the other not in place: a tie, not a majority.
    expect(page.body).toContain('Partners are split between <strong>not in place and partly in place</strong>');
    expect(page.body).not.toContain('Most partners chose');
    expect(page.body).toContain('Northmoor Housing Trust (demo)');
    const saved = await lead.submit(`${roundPath}/agree/${statementKeys[0]}`, `${roundPath}/agree/${statementKeys[0]}`, { rating: 'partly', judgement: 'concern', rationale: 'Works for some, not others', version: '' });
    expect(saved.statusCode).toBe(302);
    const list = await lead.get(`${roundPath}/agree`);
    expect(list.body).toContain('Concern');
  });

  it('detects two edits of the same agreed answer', async () => {
    const path = `${roundPath}/agree/${statementKeys[0]}`;
    const page = await lead.get(path);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] as string;
    const first = await lead.post(path, { _csrf: csrfTokenIn(page.body), rating: 'in_place', judgement: 'strength', rationale: 'First edit', version });
    expect(first.statusCode).toBe(302);
    const second = await lead.post(path, { _csrf: csrfTokenIn(page.body), rating: 'not_in_place', judgement: 'concern', rationale: 'Second edit', version });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else changed this');
    expect(second.body).toContain('Second edit');
    const stored = await context.database.db.selectFrom('agreed_answers').select(['rating', 'rationale']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ rating: 'in_place', rationale: 'First edit' });
  });

  it('treats an unknown statement as not found', async () => {
    expect((await lead.get(`${roundPath}/agree/XYZ-99`)).statusCode).toBe(404);
    expect((await lead.get(`${roundPath}/themes/no-such-theme`)).statusCode).toBe(404);
  });

  it('will not send for peer review until every statement is agreed', async () => {
    const response = await lead.submit(roundPath, `${roundPath}/status`, { to: 'peer_review' });
    expect(response.statusCode).toBe(302);
    const page = await lead.get(roundPath);
    expect(page.body).toContain('Agree an answer for every statement before sending for peer review');
    const round = await context.database.db.selectFrom('assessment_rounds').select('status').executeTakeFirstOrThrow();
    expect(round.status).toBe('agreeing');
  });

  it('keeps the round invisible to another partnership', async () => {
    const eastfield = await signedInVisitor(context, 'peer@eastfield.example');
    expect((await eastfield.get(roundPath)).statusCode).toBe(404);
    expect((await eastfield.get(`${roundPath}/agree`)).statusCode).toBe(404);
    expect((await eastfield.get(`${roundPath}/partners`)).statusCode).toBe(404);
  });
});
