import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import { missingAnswers, needsConfirmation } from './rules.js';

let context: TestContext;
let lead: Visitor;
let roundPath: string;
let roundId: string;
let statementCount: number;

const db = () => context.database.db;
const status = async () => (await db().selectFrom('assessment_rounds').select('status').where('id', '=', roundId).executeTakeFirstOrThrow()).status;
const dates = (prefix: string, day: string, month: string, year: string) => ({ [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year });

beforeAll(async () => {
  context = await createTestContext();
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  const template = await db().selectFrom('assessment_templates').select('id').executeTakeFirstOrThrow();
  const started = await lead.submit('/assessments/new', '/assessments/new', {
    title: 'Round to close early',
    templateId: template.id,
    // The clock says 23 November 2026: responses are due well after it.
    ...dates('startsOn', '1', '11', '2026'),
    ...dates('responsesDueOn', '31', '12', '2026'),
    ...dates('reEvaluateOn', '', '', ''),
  });
  roundPath = started.headers.location as string;
  roundId = roundPath.split('/').pop() as string;
  await lead.submit(roundPath, `${roundPath}/status`, { to: 'open' });
  statementCount = (await db().selectFrom('template_statements').select('id').where('template_id', '=', template.id).execute()).length;
  // One contributor answers the first theme's statements, the other answers one statement.
  const theme = await db().selectFrom('template_themes').select(['id', 'key']).where('template_id', '=', template.id).orderBy('position').executeTakeFirstOrThrow();
  const keys = (await db().selectFrom('template_statements').select('key').where('theme_id', '=', theme.id).orderBy('position').execute()).map((row) => row.key);
  for (const [email, answered] of [
    ['contributor@northmoor.example', keys],
    ['housing@northmoor.example', keys.slice(0, 1)],
  ] as const) {
    const contributor = await signedInVisitor(context, email);
    const fields: Record<string, string> = { next: 'return' };
    for (const key of answered) fields[`rating-${key}`] = 'partly';
    const saved = await contributor.submitWithHidden(`${roundPath}/themes/${theme.key}`, `${roundPath}/themes/${theme.key}`, fields);
    expect(saved.statusCode).toBe(302);
  }
});
afterAll(async () => context.close());

describe('missing answers', () => {
  it('counts what each partner still has to answer, leaving out those who have answered everything', () => {
    const missing = missingAnswers(10, [
      { name: 'A', organisation: 'One', answered: 10 },
      { name: 'B', organisation: 'Two', answered: 4 },
      { name: 'C', organisation: 'Three', answered: 0 },
    ]);
    expect(missing.total).toBe(16);
    expect(missing.partners.map((partner) => [partner.name, partner.missing])).toEqual([
      ['B', 6],
      ['C', 10],
    ]);
    expect(missing.partnerCount).toBe(3);
  });

  it('asks for confirmation only of the moves that lock people out', () => {
    expect(needsConfirmation('open', 'agreeing')).toBe(true);
    expect(needsConfirmation('agreeing', 'peer_review')).toBe(true);
    expect(needsConfirmation('draft', 'open')).toBe(false);
    expect(needsConfirmation('agreeing', 'open')).toBe(false);
  });
});

describe('closing responses early', () => {
  it('links the round page’s button to a confirmation page instead of closing at once', async () => {
    const page = await lead.get(roundPath);
    expect(page.body).toContain(`href="${roundPath}/close-responses"`);
    expect(page.body).not.toContain('name="to" value="agreeing"');
  });

  it('says how many answers are missing and from whom, and changes nothing when shown', async () => {
    const page = await lead.get(`${roundPath}/close-responses`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Close responses and start agreeing answers?');
    expect(page.body).toContain('Responses are due on 31 December 2026, so this closes them early.');
    const answeredByContributor = (await db().selectFrom('responses').select('id').where('round_id', '=', roundId).execute()).length - 1;
    const missing = statementCount - answeredByContributor + (statementCount - 1);
    expect(page.body).toContain(`${missing} answers are still missing from 2 partners.`);
    const rows = [...page.body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
    expect(rows).toContain(`Jo Demo Northmoor Housing Trust (demo) 1 ${statementCount - 1}`);
    expect(rows).toContain(`Sam Demo Northmoor Community Recovery Service (demo) ${answeredByContributor} ${statementCount - answeredByContributor}`);
    expect(await status()).toBe('open');
  });

  it('is for the lead commissioner only', async () => {
    const contributor = await signedInVisitor(context, 'contributor@northmoor.example');
    expect((await contributor.get(`${roundPath}/close-responses`)).statusCode).toBe(403);
  });

  it('closes responses when its button is pressed', async () => {
    const page = await lead.get(`${roundPath}/close-responses`);
    const closed = await lead.post(`${roundPath}/status`, { _csrf: csrfTokenIn(page.body), to: 'agreeing' });
    expect(closed.statusCode).toBe(302);
    expect(await status()).toBe('agreeing');
    // Once closed, the page sends the lead back to the round.
    expect((await lead.get(`${roundPath}/close-responses`)).headers.location).toBe(roundPath);
  });
});

describe('sending for peer review', () => {
  it('says how many statements still need an agreed answer and offers no button until all are agreed', async () => {
    const roundPage = await lead.get(roundPath);
    expect(roundPage.body).toContain(`href="${roundPath}/send-for-peer-review"`);
    const page = await lead.get(`${roundPath}/send-for-peer-review`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${statementCount} of ${statementCount} statements still need an agreed answer`);
    expect(page.body).not.toContain('name="to" value="peer_review"');
  });

  it('confirms first, changing nothing on a plain visit, then sends', async () => {
    const statements = await db().selectFrom('template_statements').innerJoin('assessment_rounds', 'assessment_rounds.template_id', 'template_statements.template_id').select('template_statements.id').where('assessment_rounds.id', '=', roundId).execute();
    await db()
      .insertInto('agreed_answers')
      .values(statements.map((statement) => ({ partnership_id: context.demo.partnershipIds.northmoor, round_id: roundId, statement_id: statement.id, rating: 'partly' as const, judgement: 'neither' as const, updated_by: context.demo.userIds['lead@northmoor.example']! })))
      .execute();
    const page = await lead.get(`${roundPath}/send-for-peer-review`);
    expect(page.body).toContain('Send for peer review?');
    expect(page.body).toContain('nobody in the partnership can change the agreed answers');
    expect(await status()).toBe('agreeing');
    const sent = await lead.post(`${roundPath}/status`, { _csrf: csrfTokenIn(page.body), to: 'peer_review' });
    expect(sent.statusCode).toBe(302);
    expect(await status()).toBe('peer_review');
  });
});
