import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, csrfTokenIn, hiddenFieldsIn, signedInVisitor, type TestContext, type Visitor } from '../../test/app.js';
import type { Judgement, Rating, RoundStatus } from '../platform/db/schema.js';
import { createReviewService } from './review-service.js';

let context: TestContext;
let lead: Visitor;
let peer: Visitor;
let contributor: Visitor;
let viewer: Visitor;
/** The same person as `peer`, working in their own partnership (Eastfield), where they are lead commissioner. */
let eastfield: Visitor;
let roundId: string;
let review: string;
let statements: Array<{ id: string; key: string; text: string }>;
let firstKey: string;

/** A round with an agreed answer for every statement, inserted directly for speed. */
async function insertAgreedRound(status: RoundStatus, title: string) {
  const db = context.database.db;
  const partnershipId = context.demo.partnershipIds.northmoor;
  const leadId = context.demo.userIds['lead@northmoor.example'] as string;
  const template = await db.selectFrom('assessment_templates').select('id').executeTakeFirstOrThrow();
  const round = await db
    .insertInto('assessment_rounds')
    .values({ partnership_id: partnershipId, template_id: template.id, title, status, starts_on: '2027-01-04', responses_due_on: '2027-02-26', created_by: leadId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ratings: Rating[] = ['in_place', 'partly', 'not_in_place'];
  const judgements: Judgement[] = ['strength', 'concern', 'neither'];
  await db
    .insertInto('agreed_answers')
    .values(
      statements.map((statement, index) => ({
        partnership_id: partnershipId,
        round_id: round.id,
        statement_id: statement.id,
        rating: index === 0 ? 'partly' : (ratings[index % 3] as Rating),
        judgement: index === 0 ? 'concern' : (judgements[index % 3] as Judgement),
        rationale: index === 0 ? 'The panel meets weekly but\nonly for detox.' : '',
        updated_by: leadId,
        updated_at: new Date(),
      })),
    )
    .execute();
  return round.id;
}

const comments = () => context.database.db.selectFrom('peer_review_comments').selectAll().where('round_id', '=', roundId).orderBy('created_at').execute();
const roundStatus = async () => (await context.database.db.selectFrom('assessment_rounds').select('status').where('id', '=', roundId).executeTakeFirstOrThrow()).status;
const decisions = () => context.database.db.selectFrom('peer_review_decisions').selectAll().where('round_id', '=', roundId).orderBy('decided_at').execute();
const auditActions = async () =>
  (await context.database.db.selectFrom('audit_events').select('action').where('partnership_id', '=', context.demo.partnershipIds.northmoor).execute()).map((row) => row.action);

beforeAll(async () => {
  context = await createTestContext();
  statements = await context.database.db
    .selectFrom('template_statements')
    .innerJoin('template_themes', 'template_themes.id', 'template_statements.theme_id')
    .select(['template_statements.id', 'template_statements.key', 'template_statements.text'])
    .orderBy('template_themes.position')
    .orderBy('template_statements.position')
    .execute();
  firstKey = statements[0]?.key as string;
  roundId = await insertAgreedRound('agreeing', 'Pathway assessment 2027');
  review = `/assessments/${roundId}/peer-review`;
  lead = await signedInVisitor(context, 'lead@northmoor.example');
  contributor = await signedInVisitor(context, 'contributor@northmoor.example');
  viewer = await signedInVisitor(context, 'viewer@northmoor.example');
  peer = await signedInVisitor(context, 'peer@eastfield.example');
  const switched = await peer.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: context.demo.partnershipIds.northmoor });
  expect(switched.statusCode).toBe(302);
  eastfield = await signedInVisitor(context, 'peer@eastfield.example');
});
afterAll(async () => context.close());

describe('peer review of a round', () => {
  it('says the round has not been sent yet, and offers the reviewer nothing to write', async () => {
    const page = await peer.get(review);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This round has not been sent for peer review yet');
    expect(page.body).not.toContain('Sign off or ask for changes');
    const refused = await peer.submit(review, `${review}/comments/new`, { comment: 'Too early' });
    expect(refused.statusCode).toBe(302);
    expect((await peer.get(review)).body).toContain('Comments can only be written while the round is in peer review.');
    expect(await comments()).toEqual([]);
  });

  it('is sent for peer review by the lead through the round page', async () => {
    const sent = await lead.submit(`/assessments/${roundId}`, `/assessments/${roundId}/status`, { to: 'peer_review' });
    expect(sent.statusCode).toBe(302);
    expect(await roundStatus()).toBe('peer_review');
  });

  it('shows the reviewer every statement by theme with its agreed rating, judgement and reason', async () => {
    const page = await peer.get(review);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Partnership and governance');
    expect(page.body).toContain('Equality, accessibility and inclusion');
    for (const statement of statements) expect(page.body).toContain(`id="statement-${statement.key}"`);
    const first = page.body.slice(page.body.indexOf(`id="statement-${firstKey}"`), page.body.indexOf(`id="statement-${statements[1]?.key}"`));
    expect(first).toContain('Partly in place');
    expect(first).toContain('Concern');
    // Line breaks are kept (the summary list indents the second line; the class collapses the spaces).
    expect(first).toMatch(/<span class="app-review-text">The panel meets weekly but\n\s*only for detox\.<\/span>/);
    expect(first).toContain(`href="${review}/statements/${firstKey}/comments/new"`);
    expect(page.body).toContain('Sign off or ask for changes');
    expect(page.body).toContain(`href="${review}/comments/new"`);
  });

  it('explains what is wrong with a comment and keeps what was typed', async () => {
    const path = `${review}/statements/${firstKey}/comments/new`;
    const empty = await peer.submit(path, path, { comment: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('There is a problem');
    expect(empty.body).toContain('Enter your comment');
    expect(empty.body).toContain('href="#comment"');
    const long = await peer.submit(path, path, { comment: 'y'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Comment must be 2,000 characters or fewer');
    expect(long.body).toContain('y'.repeat(2001));
    expect(await comments()).toEqual([]);
  });

  it('lets the reviewer comment on a statement and on the assessment as a whole, each audited', async () => {
    const path = `${review}/statements/${firstKey}/comments/new`;
    const saved = await peer.submit(path, path, { comment: 'What evidence shows the panel is quick enough?' });
    expect(saved.statusCode).toBe(302);
    expect(saved.headers.location).toBe(`${review}#statement-${firstKey}`);
    context.clock.advance(60_000);
    const overall = await peer.submit(`${review}/comments/new`, `${review}/comments/new`, { comment: 'Housing partners were thin on the ground.' });
    expect(overall.statusCode).toBe(302);
    const stored = await comments();
    expect(stored.map((comment) => [comment.statement_id, comment.comment])).toEqual([
      [statements[0]?.id, 'What evidence shows the panel is quick enough?'],
      [null, 'Housing partners were thin on the ground.'],
    ]);
    expect(stored.every((comment) => comment.reviewer_user_id === context.demo.userIds['peer@eastfield.example'])).toBe(true);
    expect((await auditActions()).filter((action) => action === 'peer_review_comment_added')).toHaveLength(2);
    const page = await peer.get(review);
    expect(page.body).toContain('Your overall comment has been saved.');
    expect(page.body).toContain('Housing partners were thin on the ground.');
    expect(page.body).toContain('Not answered yet');
  });

  it('lets everyone in the partnership read the comments, but only the reviewer write them', async () => {
    for (const visitor of [lead, contributor, viewer]) {
      const page = await visitor.get(review);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('What evidence shows the panel is quick enough?');
      expect(page.body).not.toContain(`${review}/statements/${firstKey}/comments/new`);
      expect((await visitor.get(`${review}/comments/new`)).statusCode).toBe(403);
      const refused = await visitor.post(`${review}/statements/${firstKey}/comments/new`, { _csrf: csrfTokenIn(page.body), comment: 'Not allowed' });
      expect(refused.statusCode).toBe(403);
      expect((await visitor.post(`${review}/decision`, { _csrf: csrfTokenIn(page.body), decision: 'signed_off' })).statusCode).toBe(403);
    }
    expect(await comments()).toHaveLength(2);
    expect(await roundStatus()).toBe('peer_review');
  });

  it('lets the reviewer change their own comment, refusing a change made from an out-of-date page', async () => {
    const [comment] = await comments();
    const path = `${review}/comments/${comment?.id}`;
    const first = await peer.get(path);
    expect(first.statusCode).toBe(200);
    const second = await peer.get(path);
    const changed = await peer.post(path, { ...hiddenFieldsIn(first.body), comment: 'What evidence shows decisions take under a week?' });
    expect(changed.statusCode).toBe(302);
    const stale = await peer.post(path, { ...hiddenFieldsIn(second.body), comment: 'An older thought' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this');
    expect(stale.body).toContain('An older thought');
    expect(stale.body).toContain('What evidence shows decisions take under a week?');
    expect((await comments())[0]?.comment).toBe('What evidence shows decisions take under a week?');
  });

  it('lets the reviewer change nothing else: not others’ comments, answers, responses, replies or the round', async () => {
    const page = await peer.get(review);
    const token = csrfTokenIn(page.body);
    const [comment] = await comments();
    // A comment written by someone else cannot be changed by this reviewer.
    const other = await context.database.db
      .insertInto('peer_review_comments')
      .values({
        partnership_id: context.demo.partnershipIds.northmoor,
        round_id: roundId,
        statement_id: null,
        reviewer_user_id: context.demo.userIds['viewer@northmoor.example'] as string,
        comment: 'Written by another reviewer',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await peer.get(`${review}/comments/${other.id}`)).statusCode).toBe(403);
    expect((await peer.post(`${review}/comments/${other.id}`, { _csrf: token, comment: 'Hijacked', version: '1' })).statusCode).toBe(403);
    await context.database.db.deleteFrom('peer_review_comments').where('id', '=', other.id).execute();

    expect((await peer.post(`/assessments/${roundId}/agree/${firstKey}`, { _csrf: token, rating: 'in_place', judgement: 'strength', rationale: '', version: '1' })).statusCode).toBe(403);
    expect((await peer.post(`/assessments/${roundId}/edit`, { _csrf: token, title: 'Renamed', version: '1' })).statusCode).toBe(403);
    expect((await peer.post(`${review}/comments/${comment?.id}/reply`, { _csrf: token, reply: 'Answering myself', version: '2' })).statusCode).toBe(403);
    expect((await peer.get(`${review}/comments/${comment?.id}/reply`)).statusCode).toBe(403);

    const agreed = await context.database.db.selectFrom('agreed_answers').select(['rating', 'version']).where('round_id', '=', roundId).where('statement_id', '=', statements[0]?.id as string).executeTakeFirstOrThrow();
    expect(agreed).toEqual({ rating: 'partly', version: 1 });
    expect((await comments())[0]?.reply).toBeNull();
  });

  it('refuses the reviewer’s answers to the statements, even while a round is open', async () => {
    const openRoundId = await insertAgreedRound('open', 'Open round');
    const theme = await context.database.db.selectFrom('template_themes').select('key').orderBy('position').executeTakeFirstOrThrow();
    const themePath = `/assessments/${openRoundId}/themes/${theme.key}`;
    const page = await peer.get(themePath);
    expect(page.body).not.toContain(`name="rating-${firstKey}"`);
    const refused = await peer.post(themePath, { ...hiddenFieldsIn(page.body), [`rating-${firstKey}`]: 'in_place', [`evidence-${firstKey}`]: 'From the reviewer' });
    // The responses page sends anyone who may not answer back to the round with an explanation.
    expect(refused.statusCode).toBe(403);
    if (refused.statusCode === 302) expect((await peer.get(`/assessments/${openRoundId}`)).body).toContain('not open for responses');
    const stored = await context.database.db.selectFrom('responses').select('id').where('round_id', '=', openRoundId).execute();
    expect(stored).toEqual([]);
  });

  it('lets the lead answer a comment, refusing a second answer made from an out-of-date page', async () => {
    const [comment] = await comments();
    const path = `${review}/comments/${comment?.id}/reply`;
    const overview = await lead.get(review);
    expect(overview.body).toContain(`href="${path}"`);
    const first = await lead.get(path);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('What evidence shows decisions take under a week?');
    const empty = await lead.post(path, { ...hiddenFieldsIn(first.body), reply: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter your reply');
    const long = await lead.post(path, { ...hiddenFieldsIn(first.body), reply: 'z'.repeat(2001) });
    expect(long.body).toContain('Reply must be 2,000 characters or fewer');

    const second = await lead.get(path);
    const saved = await lead.post(path, { ...hiddenFieldsIn(first.body), reply: 'Funding decisions are logged; the median is 6 days.' });
    expect(saved.statusCode).toBe(302);
    const stale = await lead.post(path, { ...hiddenFieldsIn(second.body), reply: 'A different answer' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this');
    expect(stale.body).toContain('A different answer');
    expect(stale.body).toContain('Funding decisions are logged; the median is 6 days.');
    const stored = (await comments())[0];
    expect(stored?.reply).toBe('Funding decisions are logged; the median is 6 days.');
    expect(stored?.replied_by).toBe(context.demo.userIds['lead@northmoor.example']);
    expect(await auditActions()).toContain('peer_review_reply_saved');

    const page = await contributor.get(review);
    expect(page.body).toContain('Funding decisions are logged; the median is 6 days.');
    expect(page.body).toContain('Answered');
  });

  it('stops the reviewer changing a comment once it has been answered', async () => {
    const [comment] = await comments();
    expect((await peer.get(review)).body).not.toContain(`href="${review}/comments/${comment?.id}"`);
    const page = await peer.get(`${review}/comments/${comment?.id}`);
    const refused = await peer.post(`${review}/comments/${comment?.id}`, { ...hiddenFieldsIn(page.body), comment: 'Rewritten after the reply' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('has already answered this comment');
    expect((await comments())[0]?.comment).toBe('What evidence shows decisions take under a week?');
  });

  it('keeps the peer review out of reach of another partnership', async () => {
    const [comment] = await comments();
    const page = await eastfield.get('/');
    expect(page.body).toContain('Eastfield Recovery Partnership (demo)');
    const token = csrfTokenIn(page.body);
    expect((await eastfield.get(review)).statusCode).toBe(404);
    expect((await eastfield.get(`${review}/comments/new`)).statusCode).toBe(404);
    expect((await eastfield.get(`${review}/comments/${comment?.id}/reply`)).statusCode).toBe(404);
    expect((await eastfield.post(`${review}/comments/new`, { _csrf: token, comment: 'From outside' })).statusCode).toBe(404);
    expect((await eastfield.post(`${review}/comments/${comment?.id}/reply`, { _csrf: token, reply: 'From outside', version: '3' })).statusCode).toBe(404);
    expect((await eastfield.post(`${review}/decision`, { _csrf: token, decision: 'signed_off' })).statusCode).toBe(404);
    expect(await comments()).toHaveLength(2);
    expect(await roundStatus()).toBe('peer_review');
  });

  it('explains what is missing from a decision and keeps what was typed', async () => {
    const path = `${review}/decision`;
    const none = await peer.submit(path, path, { summary: 'Mostly sound' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select whether you sign off the assessment or ask for changes');
    expect(none.body).toContain('href="#decision"');
    expect(none.body).toContain('Mostly sound');
    const noSummary = await peer.submit(path, path, { decision: 'changes_requested', summary: '' });
    expect(noSummary.statusCode).toBe(400);
    expect(noSummary.body).toContain('Enter a summary of the changes you are asking for');
    expect(noSummary.body).toMatch(/value="changes_requested" checked/);
    expect(await decisions()).toEqual([]);
    expect(await roundStatus()).toBe('peer_review');
  });

  it('records a request for changes and sends the round back to the lead in one step', async () => {
    const path = `${review}/decision`;
    const sent = await peer.submit(path, path, { decision: 'changes_requested', summary: 'Show the evidence for FUND-02 and GOV-01.' });
    expect(sent.statusCode).toBe(302);
    expect(await roundStatus()).toBe('agreeing');
    const [decision] = await decisions();
    expect(decision).toMatchObject({ decision: 'changes_requested', summary: 'Show the evidence for FUND-02 and GOV-01.', reviewer_user_id: context.demo.userIds['peer@eastfield.example'] });
    const actions = await auditActions();
    expect(actions).toContain('peer_review_decision_recorded');
    const page = await viewer.get(review);
    expect(page.body).toContain('Changes requested');
    expect(page.body).toContain('Show the evidence for FUND-02 and GOV-01.');
    expect(page.body).toContain('The peer reviewer asked for changes');
  });

  it('takes no more comments once the round has left peer review, while the lead can still answer', async () => {
    const refused = await peer.submit(review, `${review}/comments/new`, { comment: 'One more thing' });
    expect(refused.statusCode).toBe(302);
    expect((await peer.get(review)).body).toContain('Comments can only be written while the round is in peer review.');
    expect(await comments()).toHaveLength(2);
    const overall = (await comments())[1];
    const path = `${review}/comments/${overall?.id}/reply`;
    const saved = await lead.submitWithHidden(path, path, { reply: 'We have invited two more housing providers.' });
    expect(saved.statusCode).toBe(302);
    expect((await comments())[1]?.reply).toBe('We have invited two more housing providers.');
  });

  it('is signed off by the reviewer once the lead sends it again, after which nothing more can be written', async () => {
    await lead.submit(`/assessments/${roundId}`, `/assessments/${roundId}/status`, { to: 'peer_review' });
    expect(await roundStatus()).toBe('peer_review');
    context.clock.advance(60_000);
    const signed = await peer.submit(`${review}/decision`, `${review}/decision`, { decision: 'signed_off', summary: '' });
    expect(signed.statusCode).toBe(302);
    expect(await roundStatus()).toBe('signed_off');
    expect((await decisions()).map((decision) => decision.decision)).toEqual(['changes_requested', 'signed_off']);
    const page = await contributor.get(review);
    expect(page.body).toContain('The peer reviewer has signed off this assessment');

    const [comment] = await comments();
    const path = `${review}/comments/${comment?.id}/reply`;
    const leadPage = await lead.get(review);
    expect(leadPage.body).not.toContain(`href="${path}"`);
    const closed = await lead.post(path, { _csrf: csrfTokenIn(leadPage.body), reply: 'Too late', version: String(comment?.version) });
    expect(closed.statusCode).toBe(302);
    expect((await lead.get(review)).body).toContain('Comments can no longer be answered because the round has been signed off.');
    expect((await comments())[0]?.reply).toBe('Funding decisions are logged; the median is 6 days.');
    const again = await peer.submit(review, `${review}/decision`, { decision: 'changes_requested', summary: 'Changed my mind' });
    expect(again.statusCode).toBe(302);
    expect(await decisions()).toHaveLength(2);
  });
});

describe('recording a decision', () => {
  it('leaves the round where it was when the decision cannot be stored', async () => {
    const otherRoundId = await insertAgreedRound('peer_review', 'Round whose decision fails');
    const service = createReviewService({ db: context.database.db, now: () => context.clock.now });
    const partnershipId = context.demo.partnershipIds.northmoor;
    // An unknown reviewer breaks the decision's foreign key after the status has been moved.
    const actor = { userId: '00000000-0000-4000-8000-000000000000', requestId: 'test' };
    await expect(service.decide(partnershipId, actor, 'peer_reviewer', { id: otherRoundId, title: 'x' }, { decision: 'signed_off', summary: '' })).rejects.toThrow();
    const round = await context.database.db.selectFrom('assessment_rounds').select(['status', 'version']).where('id', '=', otherRoundId).executeTakeFirstOrThrow();
    expect(round).toEqual({ status: 'peer_review', version: 1 });
    expect(await context.database.db.selectFrom('peer_review_decisions').select('id').where('round_id', '=', otherRoundId).execute()).toEqual([]);
  });

  it('refuses a decision on a round that has already left peer review', async () => {
    const otherRoundId = await insertAgreedRound('agreeing', 'Round not in review');
    const service = createReviewService({ db: context.database.db, now: () => context.clock.now });
    const actor = { userId: context.demo.userIds['peer@eastfield.example'] as string, requestId: 'test' };
    const result = await service.decide(context.demo.partnershipIds.northmoor, actor, 'peer_reviewer', { id: otherRoundId, title: 'x' }, { decision: 'signed_off', summary: '' });
    expect(result).toMatchObject({ ok: false, problem: 'This change of status is not possible now' });
    expect(await context.database.db.selectFrom('peer_review_decisions').select('id').where('round_id', '=', otherRoundId).execute()).toEqual([]);
  });
});

describe('the round page and the peer reviewer', () => {
  it('does not let the peer reviewer move the round without a recorded decision', async () => {
    const peer = await signedInVisitor(context, 'peer@eastfield.example');
    await peer.submit('/partnerships/switch', '/partnerships/switch', { partnershipId: context.demo.partnershipIds.northmoor });
    // Set-up: one round waiting for peer review.
    const waiting = await context.database.db.selectFrom('assessment_rounds').select('id').where('partnership_id', '=', context.demo.partnershipIds.northmoor).executeTakeFirstOrThrow();
    await context.database.db.updateTable('assessment_rounds').set({ status: 'peer_review' }).where('id', '=', waiting.id).execute();
    const rounds = await context.database.db.selectFrom('assessment_rounds').select(['id', 'status']).where('status', '=', 'peer_review').execute();
    expect(rounds.length).toBeGreaterThan(0);
    for (const round of rounds) {
      const page = await peer.get(`/assessments/${round.id}`);
      expect(page.body).toContain('Review and decide');
      expect(page.body).not.toContain('name="to" value="signed_off"');
      const forced = await peer.submit(`/assessments/${round.id}`, `/assessments/${round.id}/status`, { to: 'signed_off' });
      expect(forced.statusCode).toBe(403);
      const stored = await context.database.db.selectFrom('assessment_rounds').select('status').where('id', '=', round.id).executeTakeFirstOrThrow();
      expect(stored.status).toBe('peer_review');
    }
  });
});
