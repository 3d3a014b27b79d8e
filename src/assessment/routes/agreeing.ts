import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { requireRole } from '../../platform/auth/context.js';
import type { Database, Judgement } from '../../platform/db/schema.js';
import { notFound } from '../../platform/web/errors.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { roundForRequest } from '../access.js';
import { agreeForm } from '../forms/rounds.js';
import { judgementTags, ratingTags } from '../labels.js';
import { assessmentPaths as paths } from '../paths.js';
import { evidenceSummaries } from './evidence.js';
import * as repository from '../repository.js';
import { frozenLinkedFigures, liveLinkedFigures, noLinkedFigures } from '../linked-figures.js';
import { agreementAmong, canAgree, mostCommonRating, tiedRatings } from '../rules.js';
import { linkedFiguresView } from '../view-models/linked-figures.js';
import type { AssessmentService } from '../service.js';
import { ratingOptions } from './responses.js';

const agreementTags = {
  none_yet: { text: 'No ratings yet', classes: 'govuk-tag--grey' },
  agree: { text: 'Partners agree', classes: 'govuk-tag--green' },
  differ: { text: 'Partners differ', classes: 'govuk-tag--yellow' },
  opposed: { text: 'Partners disagree strongly', classes: 'govuk-tag--red' },
} as const;

function judgementOptions(selected: unknown) {
  return (Object.keys(judgementTags) as Judgement[]).map((judgement) => ({ value: judgement, text: judgementTags[judgement].text, checked: judgement === selected }));
}

export function agreeingRoutes(app: FastifyInstance, db: Kysely<Database>, assessments: AssessmentService, now: () => Date) {
  // Contributors see their own answers only; the side-by-side view is for the lead and viewers of the whole picture.
  const canSeeAll = requireRole('lead_commissioner', 'peer_reviewer', 'viewer');

  app.get('/assessments/:roundId/agree', { preHandler: canSeeAll }, async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    const [themes, responses, agreed] = await Promise.all([
      repository.templateStructure(db, round.template_id),
      repository.allResponses(db, membership.partnershipId, round.id),
      repository.agreedAnswers(db, membership.partnershipId, round.id),
    ]);
    return reply.render('assessment/views/agree-list.njk', {
      pageTitle: 'Agree answers',
      round,
      editable: canAgree(round.status, membership.role),
      themes: themes.map((theme) => ({
        ...theme,
        statements: theme.statements.map((statement) => {
          const ratings = responses.filter((response) => response.statement_id === statement.id).map((response) => response.rating);
          const answer = agreed.find((candidate) => candidate.statement_id === statement.id);
          return {
            ...statement,
            href: paths.agree(round.id, statement.key),
            responseCount: ratings.filter((rating) => rating !== null).length,
            agreement: agreementTags[agreementAmong(ratings)],
            agreed: answer ? { rating: ratingTags[answer.rating], judgement: judgementTags[answer.judgement] } : null,
          };
        }),
      })),
      agreedCount: agreed.length,
      statementCount: themes.reduce((total, theme) => total + theme.statements.length, 0),
      paths,
    });
  });

  async function load(request: Parameters<typeof roundForRequest>[1]) {
    const access = await roundForRequest(db, request);
    const statementKey = (request.params as Record<string, unknown>).statementKey;
    const themes = await repository.templateStructure(db, access.round.template_id);
    const theme = themes.find((candidate) => candidate.statements.some((statement) => statement.key === statementKey));
    const statement = theme?.statements.find((candidate) => candidate.key === statementKey);
    if (!theme || !statement) throw notFound();
    const ordered = themes.flatMap((candidate) => candidate.statements);
    const next = ordered[ordered.indexOf(statement) + 1] ?? null;
    const [responses, agreed, evidence] = await Promise.all([
      repository.allResponses(db, access.membership.partnershipId, access.round.id),
      repository.agreedAnswers(db, access.membership.partnershipId, access.round.id),
      evidenceSummaries(db, access.membership.partnershipId, access.round.id, [statement]),
    ]);
    const live = (await liveLinkedFigures(db, access.membership.partnershipId, access.round, [statement], now())).get(statement.id) ?? noLinkedFigures;
    return {
      ...access,
      evidence,
      theme,
      statement,
      next,
      live,
      responses: responses.filter((response) => response.statement_id === statement.id),
      answer: agreed.find((candidate) => candidate.statement_id === statement.id) ?? null,
    };
  }

  function page(loaded: Awaited<ReturnType<typeof load>>, values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const ratings = loaded.responses.map((response) => response.rating);
    const suggestion = mostCommonRating(ratings);
    return {
      pageTitle: `Agree ${loaded.statement.key}`,
      round: loaded.round,
      theme: loaded.theme,
      statement: loaded.statement,
      next: loaded.next,
      editable: canAgree(loaded.round.status, loaded.membership.role),
      responses: loaded.responses.map((response) => ({ ...response, tag: response.rating ? ratingTags[response.rating] : null })),
      agreement: agreementTags[agreementAmong(ratings)],
      suggestion: suggestion ? ratingTags[suggestion].text : null,
      // On a tie there is no "most partners chose": the more cautious rating is only a starting point.
      splitBetween: tiedRatings(ratings).map((rating) => ratingTags[rating].text.toLowerCase()),
      answer: loaded.answer
        ? {
            ...loaded.answer,
            ratingTag: ratingTags[loaded.answer.rating],
            judgementTag: judgementTags[loaded.answer.judgement],
            suggestionTag: loaded.answer.suggested_rating ? ratingTags[loaded.answer.suggested_rating] : null,
            frozen: linkedFiguresView(frozenLinkedFigures(loaded.answer.figures, loaded.answer.suggested_rating)),
          }
        : null,
      live: linkedFiguresView(loaded.live),
      liveSuggestion: loaded.live.suggestion,
      values,
      ratingOptions: ratingOptions(values.rating),
      judgementOptions: judgementOptions(values.judgement),
      evidenceSummaries: loaded.evidence,
      paths,
      ...extra,
    };
  }

  app.get('/assessments/:roundId/agree/:statementKey', { preHandler: canSeeAll }, async (request, reply) => {
    const loaded = await load(request);
    const answer = loaded.answer;
    return reply.render(
      'assessment/views/agree.njk',
      page(
        loaded,
        answer ? { rating: answer.rating, judgement: answer.judgement, rationale: answer.rationale, differsReason: answer.differs_reason, version: String(answer.version) } : {},
      ),
    );
  });

  app.post('/assessments/:roundId/agree/:statementKey', { preHandler: requireRole('lead_commissioner') }, async (request, reply) => {
    const loaded = await load(request);
    if (!canAgree(loaded.round.status, loaded.membership.role)) {
      request.session.problem = 'Answers can only be agreed while the round is at the agreeing stage.';
      return reply.redirect(paths.round(loaded.round.id));
    }
    const form = validateForm(agreeForm, request.body);
    if (!form.ok) return reply.code(400).render('assessment/views/agree.njk', page(loaded, form.values, { errors: form.errors }));
    const result = await assessments.agreeAnswer(
      loaded.membership.partnershipId,
      { userId: loaded.userId, requestId: request.id },
      loaded.round.id,
      { id: loaded.statement.id, key: loaded.statement.key },
      { rating: form.data.rating, judgement: form.data.judgement, rationale: form.data.rationale, differsReason: form.data.differsReason, expectedVersion: form.data.version },
      loaded.live,
    );
    if (!result.ok && result.field === 'differsReason') {
      return reply.code(400).render('assessment/views/agree.njk', page(loaded, form.values, { errors: formErrors([[result.field, result.problem]]) }));
    }
    if (!result.ok) {
      const latest = await load(request);
      return reply
        .code(409)
        .render('assessment/views/agree.njk', page(latest, { ...form.values, version: latest.answer ? String(latest.answer.version) : '' }, { errors: formErrors([[result.field, result.problem]]), conflict: true }));
    }
    request.session.flash = `The agreed answer for ${loaded.statement.key} has been saved.`;
    const next = (request.body as Record<string, unknown>).next;
    return reply.redirect(next === 'continue' && loaded.next ? paths.agree(loaded.round.id, loaded.next.key) : paths.agreeList(loaded.round.id));
  });
}
