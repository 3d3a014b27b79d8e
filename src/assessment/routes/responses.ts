import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { requireRole, signedIn } from '../../platform/auth/context.js';
import type { Database, Rating } from '../../platform/db/schema.js';
import { notFound } from '../../platform/web/errors.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { roundForRequest } from '../access.js';
import { themeResponsesForm } from '../forms/rounds.js';
import { ratingHints, ratingTags } from '../labels.js';
import { assessmentPaths as paths } from '../paths.js';
import * as repository from '../repository.js';
import { liveLinkedFigures, noLinkedFigures } from '../linked-figures.js';
import { canRespond } from '../rules.js';
import { linkedFiguresView } from '../view-models/linked-figures.js';
import type { AssessmentService } from '../service.js';
import { evidenceSummaries } from './evidence.js';

const view = 'assessment/views/theme.njk';

export function ratingOptions(selected: unknown) {
  return (Object.keys(ratingTags) as Rating[]).map((rating) => ({
    value: rating,
    text: ratingTags[rating].text,
    hint: { text: ratingHints[rating] },
    checked: rating === selected,
  }));
}

export function responseRoutes(app: FastifyInstance, db: Kysely<Database>, assessments: AssessmentService, now: () => Date) {
  async function load(request: Parameters<typeof roundForRequest>[1]) {
    const access = await roundForRequest(db, request);
    const themeKey = (request.params as Record<string, unknown>).themeKey;
    const themes = await repository.templateStructure(db, access.round.template_id);
    const index = themes.findIndex((theme) => theme.key === themeKey);
    const theme = themes[index];
    if (!theme) throw notFound();
    const live = await liveLinkedFigures(db, access.membership.partnershipId, access.round, theme.statements, now());
    const evidence = await evidenceSummaries(db, access.membership.partnershipId, access.round.id, theme.statements);
    return { ...access, themes, theme, live, nextTheme: themes[index + 1] ?? null, evidence };
  }

  function page(loaded: Awaited<ReturnType<typeof load>>, values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const { round, theme, themes, nextTheme, membership } = loaded;
    return {
      pageTitle: theme.title,
      round,
      theme,
      themeNumber: themes.indexOf(theme) + 1,
      themeCount: themes.length,
      nextTheme,
      editable: canRespond(round.status, membership.role),
      statements: theme.statements.map((statement) => ({
        ...statement,
        ratingOptions: ratingOptions(values[`rating-${statement.key}`]),
        rating: values[`rating-${statement.key}`],
        evidenceValue: values[`evidence-${statement.key}`],
        version: values[`version-${statement.key}`],
        figures: linkedFiguresView(loaded.live.get(statement.id) ?? noLinkedFigures),
      })),
      ratingTags,
      evidenceSummaries: loaded.evidence,
      paths,
      ...extra,
    };
  }

  function storedValues(responses: Awaited<ReturnType<typeof repository.responsesOf>>, loaded: Awaited<ReturnType<typeof load>>) {
    const values: Record<string, unknown> = {};
    for (const statement of loaded.theme.statements) {
      const response = responses.find((candidate) => candidate.statement_id === statement.id);
      values[`rating-${statement.key}`] = response?.rating ?? '';
      values[`evidence-${statement.key}`] = response?.evidence ?? '';
      values[`version-${statement.key}`] = response ? String(response.version) : '';
    }
    return values;
  }

  app.get('/assessments/:roundId/themes/:themeKey', async (request, reply) => {
    const loaded = await load(request);
    const responses = await repository.responsesOf(db, loaded.membership.partnershipId, loaded.round.id, loaded.userId);
    return reply.render(view, page(loaded, storedValues(responses, loaded)));
  });

  app.post('/assessments/:roundId/themes/:themeKey', { preHandler: requireRole('lead_commissioner', 'contributor') }, async (request, reply) => {
    const loaded = await load(request);
    const { round, membership, theme, nextTheme } = loaded;
    if (!canRespond(round.status, membership.role)) {
      request.session.problem = 'This round is not open for responses, so your answers could not be saved.';
      return reply.redirect(paths.round(round.id));
    }
    const form = validateForm(themeResponsesForm(theme.statements), request.body);
    if (!form.ok) return reply.code(400).render(view, page(loaded, form.values, { errors: form.errors }));
    const data = form.data as Record<string, unknown>;
    const answers = theme.statements
      .map((statement) => ({
        statementId: statement.id,
        statementKey: statement.key,
        rating: data[`rating-${statement.key}`] as Rating | null,
        evidence: data[`evidence-${statement.key}`] as string,
        expectedVersion: data[`version-${statement.key}`] as number | null,
      }))
      // A statement never answered and still blank is not stored.
      .filter((answer) => answer.expectedVersion !== null || answer.rating !== null || answer.evidence !== '');
    const respondent = {
      membershipId: membership.membershipId,
      name: signedIn(request).user.displayName,
      organisation: membership.organisation ?? '',
      partnerType: membership.partnerType,
    };
    const result = await assessments.saveResponses(membership.partnershipId, { userId: loaded.userId, requestId: request.id }, round.id, respondent, answers);
    if (!result.ok) {
      // Show the newer saved answers beside what this person typed, so they can choose.
      const responses = await repository.responsesOf(db, membership.partnershipId, round.id, loaded.userId);
      const stored = storedValues(responses, loaded);
      const values = { ...form.values };
      for (const key of theme.statements.map((statement) => statement.key)) values[`version-${key}`] = stored[`version-${key}`];
      const messages = result.conflicts.map((key) => [`rating-${key}`, `Your answer to ${key} was changed in another window or device since you opened this page. Check it and save again.`] as [string, string]);
      return reply.code(409).render(view, page(loaded, values, { errors: formErrors(messages), saved: stored }));
    }
    const next = (request.body as Record<string, unknown>).next;
    request.session.flash = `Your answers for ${theme.title} have been saved.`;
    return reply.redirect(next === 'continue' && nextTheme ? paths.theme(round.id, nextTheme.key) : paths.round(round.id));
  });
}
