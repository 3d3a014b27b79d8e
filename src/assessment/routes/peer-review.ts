import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, PeerDecision } from '../../platform/db/schema.js';
import { forbidden, notFound, recordId } from '../../platform/web/errors.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { roundForRequest, type RoundAccess } from '../access.js';
import { commentChangeForm, commentForm, decisionForm, replyForm } from '../forms/review.js';
import { judgementTags, peerDecisionTags, ratingTags, roundStatusTags } from '../labels.js';
import { assessmentPaths as paths, peerReviewPaths } from '../paths.js';
import * as repository from '../repository.js';
import { frozenLinkedFigures } from '../linked-figures.js';
import { figureLines, linkedFiguresView } from '../view-models/linked-figures.js';
import * as reviews from '../review-repository.js';
import { canReplyToComments, notInPeerReviewProblem, type ReviewService, repliesClosedProblem } from '../review-service.js';
import { canPeerReview } from '../rules.js';
import { evidenceSummaries } from './evidence.js';

const view = (name: string) => `assessment/views/review/${name}.njk`;


const answeredTag = { text: 'Answered', classes: 'govuk-tag--green' };
const unansweredTag = { text: 'Not answered yet', classes: 'govuk-tag--grey' };

type Loaded = RoundAccess & { themes: repository.TemplateTheme[] };

export function peerReviewRoutes(app: FastifyInstance, db: Kysely<Database>, service: ReviewService, now: () => Date) {
  const actor = (loaded: RoundAccess, request: FastifyRequest) => ({ userId: loaded.userId, requestId: request.id });

  // The round is looked up before the role is checked, so another partnership always gets "not found".
  async function load(request: FastifyRequest): Promise<Loaded> {
    const access = await roundForRequest(db, request);
    return { ...access, themes: await repository.templateStructure(db, access.round.template_id) };
  }

  function statementIn(loaded: Loaded, statementKey: unknown) {
    for (const theme of loaded.themes) {
      const statement = theme.statements.find((candidate) => candidate.key === statementKey);
      if (statement) return { theme, statement };
    }
    throw notFound();
  }

  async function commentIn(loaded: Loaded, commentId: unknown) {
    const comment = await reviews.findComment(db, loaded.membership.partnershipId, loaded.round.id, recordId(commentId));
    if (!comment) throw notFound();
    return comment;
  }

  /** Only the peer reviewer writes comments and decisions, and only while the round is in peer review. */
  function reviewerMayWrite(loaded: Loaded, request: FastifyRequest): boolean {
    if (loaded.membership.role !== 'peer_reviewer') throw forbidden();
    if (canPeerReview(loaded.round.status, loaded.membership.role)) return true;
    request.session.problem = notInPeerReviewProblem;
    return false;
  }

  function leadMayReply(loaded: Loaded, request: FastifyRequest): boolean {
    if (loaded.membership.role !== 'lead_commissioner') throw forbidden();
    if (canReplyToComments(loaded.round.status, loaded.membership.role)) return true;
    request.session.problem = repliesClosedProblem;
    return false;
  }

  function commentView(loaded: Loaded, comment: reviews.PeerComment) {
    const { round, membership, userId } = loaded;
    const answered = comment.reply !== null;
    return {
      ...comment,
      tag: answered ? answeredTag : unansweredTag,
      replyHref: canReplyToComments(round.status, membership.role) ? peerReviewPaths.reply(round.id, comment.id) : null,
      changeHref:
        canPeerReview(round.status, membership.role) && comment.reviewer_user_id === userId && !answered ? peerReviewPaths.comment(round.id, comment.id) : null,
    };
  }

  function answerView(answer: Awaited<ReturnType<typeof repository.agreedAnswers>>[number] | undefined) {
    if (!answer) return null;
    return {
      rating: ratingTags[answer.rating],
      judgement: judgementTags[answer.judgement],
      rationale: answer.rationale,
      suggestion: answer.suggested_rating ? ratingTags[answer.suggested_rating] : null,
      differsReason: answer.differs_reason,
      figures: figureLines(linkedFiguresView(frozenLinkedFigures(answer.figures, answer.suggested_rating))),
    };
  }

  // The review itself: every agreed answer by theme, the comments, replies and decisions.
  app.get('/assessments/:roundId/peer-review', async (request, reply) => {
    const loaded = await load(request);
    const { round, membership } = loaded;
    const [agreed, comments, decisions, evidence] = await Promise.all([
      repository.agreedAnswers(db, membership.partnershipId, round.id),
      reviews.listComments(db, membership.partnershipId, round.id),
      reviews.listDecisions(db, membership.partnershipId, round.id),
      evidenceSummaries(db, membership.partnershipId, round.id, loaded.themes.flatMap((theme) => theme.statements)),
    ]);
    const statementCount = loaded.themes.reduce((total, theme) => total + theme.statements.length, 0);
    return reply.render(view('overview'), {
      pageTitle: 'Peer review',
      round: { ...round, tag: roundStatusTags[round.status] },
      role: membership.role,
      reviewing: canPeerReview(round.status, membership.role),
      replying: canReplyToComments(round.status, membership.role),
      statementCount,
      agreedCount: agreed.length,
      commentCount: comments.length,
      unansweredCount: comments.filter((comment) => comment.reply === null).length,
      decisions: decisions.map((decision) => ({ ...decision, tag: peerDecisionTags[decision.decision] })),
      overallComments: comments.filter((comment) => comment.statement_id === null).map((comment) => commentView(loaded, comment)),
      themes: loaded.themes.map((theme) => ({
        ...theme,
        statements: theme.statements.map((statement) => ({
          ...statement,
          answer: answerView(agreed.find((answer) => answer.statement_id === statement.id)),
          comments: comments.filter((comment) => comment.statement_id === statement.id).map((comment) => commentView(loaded, comment)),
          commentHref: peerReviewPaths.statementComment(round.id, statement.key),
        })),
      })),
      evidenceSummaries: evidence,
      paths,
      peerReviewPaths,
    });
  });

  // Adding a comment, on one statement or on the whole round --------------------------------

  async function commentPage(loaded: Loaded, statementKey: unknown | null, values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const found = statementKey === null ? null : statementIn(loaded, statementKey);
    const answer = found
      ? (await repository.agreedAnswers(db, loaded.membership.partnershipId, loaded.round.id)).find((candidate) => candidate.statement_id === found.statement.id)
      : undefined;
    return {
      pageTitle: found ? `Comment on ${found.statement.key}` : 'Add an overall comment',
      round: loaded.round,
      theme: found?.theme ?? null,
      statement: found?.statement ?? null,
      answer: answerView(answer),
      action: found ? peerReviewPaths.statementComment(loaded.round.id, found.statement.key) : peerReviewPaths.overallComment(loaded.round.id),
      backHref: found ? peerReviewPaths.statement(loaded.round.id, found.statement.key) : peerReviewPaths.overview(loaded.round.id),
      values,
      paths,
      peerReviewPaths,
      ...extra,
    };
  }

  const showCommentForm = (statementKey: (request: FastifyRequest) => unknown | null) =>
    async function (request: FastifyRequest, reply: FastifyReply) {
      const loaded = await load(request);
      const key = statementKey(request);
      if (key !== null) statementIn(loaded, key);
      if (!reviewerMayWrite(loaded, request)) return reply.redirect(peerReviewPaths.overview(loaded.round.id));
      return reply.render(view('comment'), await commentPage(loaded, key, {}));
    };

  const saveComment = (statementKey: (request: FastifyRequest) => unknown | null) =>
    async function (request: FastifyRequest, reply: FastifyReply) {
      const loaded = await load(request);
      const key = statementKey(request);
      const found = key === null ? null : statementIn(loaded, key);
      if (!reviewerMayWrite(loaded, request)) return reply.redirect(peerReviewPaths.overview(loaded.round.id));
      const form = validateForm(commentForm, request.body);
      if (!form.ok) return reply.code(400).render(view('comment'), await commentPage(loaded, key, form.values, { errors: form.errors }));
      const statement = found ? { id: found.statement.id, key: found.statement.key } : null;
      const result = await service.addComment(loaded.membership.partnershipId, actor(loaded, request), loaded.round.id, statement, form.data.comment);
      if (!result.ok) {
        request.session.problem = result.problem;
        return reply.redirect(peerReviewPaths.overview(loaded.round.id));
      }
      request.session.flash = statement ? `Your comment on ${statement.key} has been saved.` : 'Your overall comment has been saved.';
      return reply.redirect(statement ? peerReviewPaths.statement(loaded.round.id, statement.key) : `${peerReviewPaths.overview(loaded.round.id)}#overall-comments`);
    };

  const overall = () => null;
  const fromAddress = (request: FastifyRequest) => (request.params as Record<string, unknown>).statementKey;
  app.get('/assessments/:roundId/peer-review/comments/new', showCommentForm(overall));
  app.post('/assessments/:roundId/peer-review/comments/new', saveComment(overall));
  app.get('/assessments/:roundId/peer-review/statements/:statementKey/comments/new', showCommentForm(fromAddress));
  app.post('/assessments/:roundId/peer-review/statements/:statementKey/comments/new', saveComment(fromAddress));

  // Changing one's own comment -----------------------------------------------------------------

  async function loadOwnComment(request: FastifyRequest) {
    const loaded = await load(request);
    const comment = await commentIn(loaded, (request.params as Record<string, unknown>).commentId);
    if (loaded.membership.role !== 'peer_reviewer' || comment.reviewer_user_id !== loaded.userId) throw forbidden();
    return { loaded, comment };
  }

  function changePage(loaded: Loaded, comment: reviews.PeerComment, values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    return {
      pageTitle: comment.statement_key ? `Change your comment on ${comment.statement_key}` : 'Change your overall comment',
      round: loaded.round,
      comment,
      action: peerReviewPaths.comment(loaded.round.id, comment.id),
      backHref: comment.statement_key ? peerReviewPaths.statement(loaded.round.id, comment.statement_key) : peerReviewPaths.overview(loaded.round.id),
      values,
      paths,
      ...extra,
    };
  }

  app.get('/assessments/:roundId/peer-review/comments/:commentId', async (request, reply) => {
    const { loaded, comment } = await loadOwnComment(request);
    if (!reviewerMayWrite(loaded, request)) return reply.redirect(peerReviewPaths.overview(loaded.round.id));
    return reply.render(view('comment-change'), changePage(loaded, comment, { comment: comment.comment, version: comment.version }));
  });

  app.post('/assessments/:roundId/peer-review/comments/:commentId', async (request, reply) => {
    const { loaded, comment } = await loadOwnComment(request);
    if (!reviewerMayWrite(loaded, request)) return reply.redirect(peerReviewPaths.overview(loaded.round.id));
    const form = validateForm(commentChangeForm, request.body);
    if (!form.ok) return reply.code(400).render(view('comment-change'), changePage(loaded, comment, form.values, { errors: form.errors }));
    const result = await service.changeComment(loaded.membership.partnershipId, actor(loaded, request), loaded.round.id, comment.id, {
      comment: form.data.comment,
      expectedVersion: form.data.version,
    });
    if (!result.ok) {
      const latest = (await reviews.findComment(db, loaded.membership.partnershipId, loaded.round.id, comment.id)) ?? comment;
      return reply
        .code(409)
        .render(view('comment-change'), changePage(loaded, latest, { ...form.values, version: latest.version }, { errors: formErrors([[result.field, result.problem]]), saved: latest }));
    }
    request.session.flash = 'Your comment has been changed.';
    return reply.redirect(comment.statement_key ? peerReviewPaths.statement(loaded.round.id, comment.statement_key) : `${peerReviewPaths.overview(loaded.round.id)}#overall-comments`);
  });

  // The lead commissioner's reply ----------------------------------------------------------------

  async function replyPage(loaded: Loaded, comment: reviews.PeerComment, values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const found = comment.statement_key ? statementIn(loaded, comment.statement_key) : null;
    const answer = found
      ? (await repository.agreedAnswers(db, loaded.membership.partnershipId, loaded.round.id)).find((candidate) => candidate.statement_id === found.statement.id)
      : undefined;
    return {
      pageTitle: comment.statement_key ? `Answer the comment on ${comment.statement_key}` : 'Answer the overall comment',
      round: loaded.round,
      comment,
      statement: found?.statement ?? null,
      answer: answerView(answer),
      action: peerReviewPaths.reply(loaded.round.id, comment.id),
      backHref: comment.statement_key ? peerReviewPaths.statement(loaded.round.id, comment.statement_key) : peerReviewPaths.overview(loaded.round.id),
      values,
      paths,
      ...extra,
    };
  }

  async function loadForReply(request: FastifyRequest) {
    const loaded = await load(request);
    const comment = await commentIn(loaded, (request.params as Record<string, unknown>).commentId);
    return { loaded, comment };
  }

  app.get('/assessments/:roundId/peer-review/comments/:commentId/reply', async (request, reply) => {
    const { loaded, comment } = await loadForReply(request);
    if (!leadMayReply(loaded, request)) return reply.redirect(peerReviewPaths.overview(loaded.round.id));
    return reply.render(view('reply'), await replyPage(loaded, comment, { reply: comment.reply ?? '', version: comment.version }));
  });

  app.post('/assessments/:roundId/peer-review/comments/:commentId/reply', async (request, reply) => {
    const { loaded, comment } = await loadForReply(request);
    if (!leadMayReply(loaded, request)) return reply.redirect(peerReviewPaths.overview(loaded.round.id));
    const form = validateForm(replyForm, request.body);
    if (!form.ok) return reply.code(400).render(view('reply'), await replyPage(loaded, comment, form.values, { errors: form.errors }));
    const result = await service.reply(loaded.membership.partnershipId, actor(loaded, request), loaded.round.id, { id: comment.id, statementKey: comment.statement_key }, {
      reply: form.data.reply,
      expectedVersion: form.data.version,
    });
    if (!result.ok) {
      const latest = (await reviews.findComment(db, loaded.membership.partnershipId, loaded.round.id, comment.id)) ?? comment;
      return reply
        .code(409)
        .render(view('reply'), await replyPage(loaded, latest, { ...form.values, version: latest.version }, { errors: formErrors([[result.field, result.problem]]), saved: latest }));
    }
    request.session.flash = comment.statement_key ? `Your reply to the comment on ${comment.statement_key} has been saved.` : 'Your reply to the overall comment has been saved.';
    return reply.redirect(comment.statement_key ? peerReviewPaths.statement(loaded.round.id, comment.statement_key) : `${peerReviewPaths.overview(loaded.round.id)}#overall-comments`);
  });

  // The reviewer's decision ----------------------------------------------------------------------

  async function decisionPage(loaded: Loaded, values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const comments = await reviews.listComments(db, loaded.membership.partnershipId, loaded.round.id);
    const decisions: PeerDecision[] = ['signed_off', 'changes_requested'];
    const hints: Record<PeerDecision, string> = {
      signed_off: 'The agreed answers give a fair picture of the local pathway. The round is then finished and can no longer be changed.',
      changes_requested: 'The round goes back to the lead commissioner to change the agreed answers. They can send it to you again afterwards.',
    };
    const texts: Record<PeerDecision, string> = { signed_off: 'Sign off the assessment', changes_requested: 'Ask for changes' };
    return {
      pageTitle: 'Sign off or ask for changes',
      round: loaded.round,
      commentCount: comments.length,
      decisionOptions: decisions.map((decision) => ({ value: decision, text: texts[decision], hint: { text: hints[decision] }, checked: values.decision === decision })),
      values,
      paths,
      peerReviewPaths,
      ...extra,
    };
  }

  app.get('/assessments/:roundId/peer-review/decision', async (request, reply) => {
    const loaded = await load(request);
    if (!reviewerMayWrite(loaded, request)) return reply.redirect(peerReviewPaths.overview(loaded.round.id));
    return reply.render(view('decision'), await decisionPage(loaded, {}));
  });

  app.post('/assessments/:roundId/peer-review/decision', async (request, reply) => {
    const loaded = await load(request);
    if (!reviewerMayWrite(loaded, request)) return reply.redirect(peerReviewPaths.overview(loaded.round.id));
    const form = validateForm(decisionForm, request.body);
    if (!form.ok) return reply.code(400).render(view('decision'), await decisionPage(loaded, form.values, { errors: form.errors }));
    const result = await service.decide(loaded.membership.partnershipId, actor(loaded, request), loaded.membership.role, loaded.round, form.data);
    if (!result.ok) {
      request.session.problem = result.problem;
      return reply.redirect(peerReviewPaths.overview(loaded.round.id));
    }
    request.session.flash =
      form.data.decision === 'signed_off'
        ? `You have signed off “${loaded.round.title}”.`
        : `You have asked for changes. “${loaded.round.title}” has gone back to the lead commissioner.`;
    return reply.redirect(peerReviewPaths.overview(loaded.round.id));
  });
}
