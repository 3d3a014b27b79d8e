import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { currentMembership, requireRole, signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { formErrors, validateForm } from '../../platform/web/forms.js';
import { roundForRequest } from '../access.js';
import { roundDetailsForm, roundForm, statusForm } from '../forms/rounds.js';
import { roundStatusTags } from '../labels.js';
import { assessmentPaths as paths } from '../paths.js';
import * as repository from '../repository.js';
import { availableTransitions, canAgree, canManagePlan, canPeerReview, canRespond, missingAnswers, needsConfirmation, nextMeeting, roundDateProblems, themeProgress } from '../rules.js';
import type { AssessmentService } from '../service.js';
import { ukToday } from '../../platform/values/calendar.js';
import { formatNumber } from '../../platform/values/numbers.js';

const leadOnly = requireRole('lead_commissioner');

function confirmationPath(roundId: string, to: string): string {
  return to === 'agreeing' ? paths.closeResponses(roundId) : paths.sendForPeerReview(roundId);
}
const view = (name: string) => `assessment/views/${name}.njk`;

export function roundRoutes(app: FastifyInstance, db: Kysely<Database>, assessments: AssessmentService, now: () => Date) {
  const actor = (request: Parameters<typeof signedIn>[0]) => ({ userId: signedIn(request).user.id, requestId: request.id });

  app.get(paths.list(), async (request, reply) => {
    const membership = currentMembership(request);
    const rounds = (await repository.listRounds(db, membership.partnershipId)).filter(
      (round) => round.status !== 'draft' || membership.role === 'lead_commissioner',
    );
    return reply.render(view('rounds'), {
      pageTitle: 'Self-assessments',
      rounds: rounds.map((round) => ({ ...round, tag: roundStatusTags[round.status], href: paths.round(round.id) })),
      canStart: membership.role === 'lead_commissioner',
      paths,
    });
  });

  const startPage = async (partnershipId: string, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const [templates, rounds] = await Promise.all([repository.listTemplates(db), repository.listRounds(db, partnershipId)]);
    return {
      pageTitle: 'Start a self-assessment round',
      values,
      templateOptions: templates.map((template, index) => ({
        value: template.id,
        text: `${template.title} (version ${template.version})`,
        checked: values.templateId ? values.templateId === template.id : index === 0,
      })),
      previousOptions: [
        { value: '', text: 'Start afresh' },
        ...rounds.map((round) => ({ value: round.id, text: round.title, selected: values.previousRoundId === round.id })),
      ],
      paths,
      ...extra,
    };
  };

  app.get(paths.start(), { preHandler: leadOnly }, async (request, reply) => {
    const membership = currentMembership(request);
    const query = request.query as Record<string, unknown>;
    return reply.render(view('round-form'), await startPage(membership.partnershipId, { previousRoundId: typeof query.from === 'string' ? query.from : '' }));
  });

  app.post(paths.start(), { preHandler: leadOnly }, async (request, reply) => {
    const membership = currentMembership(request);
    const form = validateForm(roundForm, request.body);
    const problems = form.ok ? roundDateProblems(form.data) : [];
    if (!form.ok || problems.length) {
      const errors = form.ok ? formErrors(problems, new Set(['responsesDueOn', 'reEvaluateOn'])) : form.errors;
      return reply.code(400).render(view('round-form'), await startPage(membership.partnershipId, form.values, { errors }));
    }
    const result = await assessments.startRound(membership.partnershipId, actor(request), form.data);
    if (!result.ok) {
      return reply.code(400).render(view('round-form'), await startPage(membership.partnershipId, form.values, { errors: formErrors([[result.field, result.problem]]) }));
    }
    request.session.flash = `The round “${form.data.title}” has been created as a draft. Check its partners, then open it for responses.`;
    return reply.redirect(paths.round(result.roundId));
  });

  app.get('/assessments/:roundId', async (request, reply) => {
    const { round, membership, userId } = await roundForRequest(db, request);
    const { template, themes, answeredStatementIds, agreedCount, participantCount, meetings } = await repository.roundOverview(db, membership.partnershipId, round, userId);
    const answered = new Set(answeredStatementIds);
    const statementCount = themes.reduce((total, theme) => total + theme.statementIds.length, 0);
    const responding = canRespond(round.status, membership.role);
    const today = ukToday(now());
    return reply.render(view('round'), {
      pageTitle: round.title,
      round: { ...round, tag: roundStatusTags[round.status] },
      template,
      role: membership.role,
      responding,
      themes: themes.map((theme) => {
        const progress = themeProgress(theme.statementIds, answered);
        return { ...theme, progress, href: paths.theme(round.id, theme.key) };
      }),
      answeredCount: answered.size,
      statementCount,
      agreedCount,
      participantCount,
      nextMeeting: nextMeeting(meetings, today),
      // The peer reviewer's sign-off is a decision with a summary, made on the peer review page.
      transitions: availableTransitions(round.status, membership.role)
        .filter((transition) => transition.by === 'lead_commissioner')
        .map((transition) => ({ ...transition, confirmHref: needsConfirmation(round.status, transition.to) ? confirmationPath(round.id, transition.to) : null })),
      canDecidePeerReview: canPeerReview(round.status, membership.role),
      canAgree: canAgree(round.status, membership.role),
      canManagePlan: canManagePlan(round.status, membership.role),
      isLead: membership.role === 'lead_commissioner',
      paths,
    });
  });

  const editPage = (round: repository.Round, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    pageTitle: `Change ${round.title}`,
    round,
    values,
    editing: true,
    paths,
    ...extra,
  });

  app.get('/assessments/:roundId/edit', { preHandler: leadOnly }, async (request, reply) => {
    const { round } = await roundForRequest(db, request);
    return reply.render(
      view('round-form'),
      editPage(round, {
        title: round.title,
        version: round.version,
        startsOn: datePartsOf(round.starts_on),
        responsesDueOn: datePartsOf(round.responses_due_on),
        reEvaluateOn: datePartsOf(round.re_evaluate_on),
      }),
    );
  });

  app.post('/assessments/:roundId/edit', { preHandler: leadOnly }, async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    const form = validateForm(roundDetailsForm, request.body);
    const problems = form.ok ? roundDateProblems(form.data) : [];
    if (!form.ok || problems.length) {
      const errors = form.ok ? formErrors(problems, new Set(['responsesDueOn', 'reEvaluateOn'])) : form.errors;
      return reply.code(400).render(view('round-form'), editPage(round, form.values, { errors }));
    }
    const { version, ...details } = form.data;
    const result = await assessments.updateRound(membership.partnershipId, actor(request), round.id, version, details);
    if (!result.ok) {
      const latest = (await repository.findRound(db, membership.partnershipId, round.id)) ?? round;
      return reply.code(409).render(view('round-form'), editPage(latest, { ...form.values, version: latest.version }, { errors: formErrors([[result.field, result.problem]]) }));
    }
    request.session.flash = 'The round’s details have been saved.';
    return reply.redirect(paths.round(round.id));
  });

  // Confirmation pages for the moves that lock people out. Showing one changes nothing; its
  // button posts to the status form above.
  app.get('/assessments/:roundId/close-responses', { preHandler: leadOnly }, async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    if (round.status !== 'open') return reply.redirect(paths.round(round.id));
    const [themes, partners] = await Promise.all([
      repository.templateStructure(db, round.template_id),
      repository.answersByPartner(db, membership.partnershipId, round.id),
    ]);
    const statementCount = themes.reduce((total, theme) => total + theme.statements.length, 0);
    const missing = missingAnswers(statementCount, partners);
    return reply.render(view('confirm-status'), {
      pageTitle: 'Close responses and start agreeing answers',
      round,
      to: 'agreeing',
      statementCount,
      missing,
      missingRows: missing.partners.map((partner) => [
        { text: partner.name },
        { text: partner.organisation },
        { text: formatNumber(partner.answered), format: 'numeric' },
        { text: formatNumber(partner.missing), format: 'numeric' },
      ]),
      today: ukToday(now()),
      paths,
    });
  });

  app.get('/assessments/:roundId/send-for-peer-review', { preHandler: leadOnly }, async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    if (round.status !== 'agreeing') return reply.redirect(paths.round(round.id));
    const [themes, agreedCount] = await Promise.all([
      repository.templateStructure(db, round.template_id),
      repository.countAgreed(db, membership.partnershipId, round.id),
    ]);
    const statementCount = themes.reduce((total, theme) => total + theme.statements.length, 0);
    return reply.render(view('confirm-status'), {
      pageTitle: 'Send for peer review',
      round,
      to: 'peer_review',
      statementCount,
      stillToAgree: Math.max(0, statementCount - agreedCount),
      paths,
    });
  });

  app.post('/assessments/:roundId/status', { preHandler: leadOnly }, async (request, reply) => {
    const { round, membership } = await roundForRequest(db, request);
    const form = validateForm(statusForm, request.body);
    const result = form.ok
      ? await assessments.changeStatus(membership.partnershipId, actor(request), membership.role, round, form.data.to)
      : { ok: false as const, problem: 'Choose what to do with the round' };
    request.session.flash = result.ok ? `The round is now: ${roundStatusTags[form.ok ? form.data.to : round.status].text.toLowerCase()}.` : undefined;
    if (!result.ok) request.session.problem = result.problem;
    return reply.redirect(paths.round(round.id));
  });
}
