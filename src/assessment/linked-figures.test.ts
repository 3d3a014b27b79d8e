import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import { referralRow } from '../../test/referrals.js';
import { addDays } from '../platform/values/calendar.js';

/**
 * Statements linked to figures: the live figure and the rating it suggests on the answering and
 * agreeing pages, a reason when the lead agrees otherwise, and the figure frozen with the
 * answer while the live one moves on. Today is 23 November 2026.
 */

let context: TestContext;
let lead: Visitor;
let contributor: Visitor;
let roundId: string;
let partnershipId: string;
const db = () => context.database.db;

/** People referred from February, each decided `days` after referral. */
async function referred(prefix: string, count: number, days: (index: number) => number) {
  for (let index = 0; index < count; index += 1) {
    const referredOn = addDays('2026-02-02', index * 7);
    await db()
      .insertInto('referrals')
      .values(
        referralRow(partnershipId, `${prefix}-${index}`, {
          stage: 'funding_decided',
          referred_on: referredOn,
          funding_requested_on: referredOn,
          funding_decision: 'approved',
          funding_decided_on: addDays(referredOn, days(index)),
        }),
      )
      .execute();
  }
}

const agreePage = () => `/assessments/${roundId}/agree/FUND-04`;
const stored = () =>
  db()
    .selectFrom('agreed_answers')
    .innerJoin('template_statements', 'template_statements.id', 'agreed_answers.statement_id')
    .select(['agreed_answers.rating', 'agreed_answers.suggested_rating', 'agreed_answers.differs_reason', 'agreed_answers.figures'])
    .where('agreed_answers.round_id', '=', roundId)
    .where('template_statements.key', '=', 'FUND-04')
    .executeTakeFirst();

beforeAll(async () => {
  context = await createTestContext();
  partnershipId = context.demo.partnershipIds.northmoor;
  for (const table of ['referral_reviews', 'referral_contacts', 'referral_events', 'referrals'] as const) {
    await db().deleteFrom(table).where('partnership_id', '=', partnershipId).execute();
  }
  // Twelve decisions taking 20 to 31 days: a median of 25.5, "partly" against FUND-04's 14 and 28.
  await referred('NM-SLOW', 12, (index) => 20 + index);
  const template = await db().selectFrom('assessment_templates').select('id').where('key', '=', 'residential-pathway').executeTakeFirstOrThrow();
  const round = await db()
    .insertInto('assessment_rounds')
    .values({
      partnership_id: partnershipId,
      template_id: template.id,
      title: 'Linked figures round',
      status: 'agreeing',
      starts_on: '2026-11-01',
      responses_due_on: '2026-11-20',
      created_by: context.demo.userIds['lead@northmoor.example'] as string,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  roundId = round.id;
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  contributor = await signedInVisitor(context, 'contributor@northmoor.example');
});
afterAll(async () => context.close());

describe('a statement linked to a figure', () => {
  it('shows the live figure and the rating it suggests on the agreeing page', async () => {
    const page = await lead.get(agreePage());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('What the data says');
    expect(page.body).toContain('Days to funding decision');
    expect(page.body).toContain('25.5 days');
    expect(page.body).toMatch(/The figures suggest: <strong class="govuk-tag govuk-tag--yellow">\s*Partly in place/);
    expect(page.body).toContain('In place: at most 14 days; partly: at most 28 days');
  });

  it('shows the same figure to partners answering the theme', async () => {
    const page = await contributor.get(`/assessments/${roundId}/themes/decisions-funding`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('What the data says about FUND-04');
    expect(page.body).toContain('25.5 days');
  });

  it('needs a reason to agree a different rating from the suggested one, and keeps what was typed', async () => {
    const response = await lead.submitWithHidden(agreePage(), agreePage(), { rating: 'in_place', judgement: 'strength', rationale: 'Urgent cases are quick', next: 'list' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter why the partnership agrees in place when the figures suggest partly in place');
    expect(response.body).toContain('Urgent cases are quick');
    expect(await stored()).toBeUndefined();
  });

  it('stores the reason, the suggestion and the figure as it stood, and audits them', async () => {
    const response = await lead.submitWithHidden(agreePage(), agreePage(), {
      rating: 'in_place',
      judgement: 'strength',
      rationale: '',
      differsReason: 'The slow cases were all waiting for a social care assessment',
      next: 'list',
    });
    expect(response.statusCode).toBe(302);
    const answer = await stored();
    expect(answer?.rating).toBe('in_place');
    expect(answer?.suggested_rating).toBe('partly');
    expect(answer?.differs_reason).toBe('The slow cases were all waiting for a social care assessment');
    expect((answer?.figures as Array<{ figure: { value: number } }>)[0]?.figure.value).toBe(25.5);
    const audit = await db().selectFrom('audit_events').select('summary').where('action', '=', 'agreed_answer_saved').where('partnership_id', '=', partnershipId).executeTakeFirstOrThrow();
    expect(audit.summary).toContain('the figures suggested partly in place, because: The slow cases were all waiting');
  });

  it('puts the frozen figure, the suggestion and the reason in the board report', async () => {
    const report = await lead.get(`/assessments/${roundId}/report`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Days to funding decision: 25.5 days');
    expect(report.body).toContain('Suggested: Partly in place. Agreed otherwise because: The slow cases were all waiting for a social care assessment');
  });

  it('keeps the frozen figure when later referrals change the live one', async () => {
    // Twelve more decided in 2 days: the live median falls to 11 and now suggests "in place".
    await referred('NM-FAST', 12, () => 2);
    const page = await lead.get(agreePage());
    expect(page.body).toContain('<strong>11 days</strong>');
    expect(page.body).toMatch(/Figures when the answer was agreed[\s\S]*25\.5 days/);
    const answer = await stored();
    expect((answer?.figures as Array<{ figure: { value: number } }>)[0]?.figure.value).toBe(25.5);
    expect(answer?.suggested_rating).toBe('partly');
  });

  it('shows the peer reviewer the reason and the figure as it stood when agreed', async () => {
    await db().updateTable('assessment_rounds').set({ status: 'peer_review' }).where('id', '=', roundId).execute();
    const peer = await signedInVisitor(context, 'peer@eastfield.example');
    await peer.submit('/partnerships/switch', '/partnerships/switch', { partnershipId });
    const page = await peer.get(`/assessments/${roundId}/peer-review`);
    await db().updateTable('assessment_rounds').set({ status: 'agreeing' }).where('id', '=', roundId).execute();
    expect(page.statusCode).toBe(200);
    const statement = page.body.slice(page.body.indexOf('id="statement-FUND-04"'), page.body.indexOf('id="statement-FUND-05"'));
    expect(statement).toContain('Why the agreed rating differs');
    expect(statement).toContain('The slow cases were all waiting for a social care assessment');
    expect(statement).toMatch(/Figures when agreed[\s\S]*Days to funding decision: 25\.5 days/);
    expect(statement).not.toContain('11 days');
  });

  it('asks for no reason when the agreed rating is the suggested one', async () => {
    const response = await lead.submitWithHidden(agreePage(), agreePage(), { rating: 'in_place', judgement: 'strength', rationale: '', differsReason: 'No longer needed', next: 'list' });
    expect(response.statusCode).toBe(302);
    const answer = await stored();
    expect(answer?.suggested_rating).toBe('in_place');
    expect(answer?.differs_reason).toBe('');
    expect((answer?.figures as Array<{ figure: { value: number } }>)[0]?.figure.value).toBe(11);
  });

  it('compares the figures kept by the earlier round with the next round’s, theme by theme', async () => {
    const earlier = await db().selectFrom('assessment_rounds').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow();
    const next = await db()
      .insertInto('assessment_rounds')
      .values({
        partnership_id: partnershipId,
        template_id: earlier.template_id,
        previous_round_id: roundId,
        title: 'The next round',
        status: 'open',
        starts_on: '2026-11-21',
        responses_due_on: '2026-12-20',
        created_by: earlier.created_by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Twelve more decided the next day: the live median falls from 11 days to 2.
    await referred('NM-FASTER', 12, () => 1);
    const page = await lead.get(`/assessments/${next.id}/results`);
    expect(page.statusCode).toBe(200);
    const section = page.body.slice(page.body.indexOf('Linked figures then and now'));
    expect(section).toMatch(/Clinical decisions and funding: 1 better, 0 about the same, 0 worse/);
    expect(section).toMatch(/FUND-04<\/span> Days to funding decision<\/td>\s*<td[^>]*>11 days<\/td>\s*<td[^>]*>2 days \(live\)<\/td>\s*<td[^>]*>\s*<strong class="govuk-tag govuk-tag--green">\s*Better/);
  });
});
