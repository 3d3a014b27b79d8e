import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, ReferralStage } from '../../platform/db/schema.js';
import { referralStages } from '../../platform/db/schema.js';
import { formatDate } from '../../platform/web/dates.js';
import { notFound } from '../../platform/web/errors.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { placeStageProblems, readStageForm, stageFieldOrder } from '../forms.js';
import { stageTags } from '../labels.js';
import { pathwayPaths as paths } from '../paths.js';
import * as repository from '../repository.js';
import type { PathwayService } from '../service.js';
import type { Problem } from '../rules/referral-state.js';
import { allowedNextStages, currentStageDate } from '../rules/stages.js';
import { transitionProblems } from '../rules/transitions.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { poundsForInput } from '../../platform/values/money.js';
import { conflictMessage } from '../../platform/values/outcome.js';
import { stageFormPage } from '../view-models/stage-form.js';
import { actorOf, type LoadedReferral, loadReferral, problemsAsErrors, referralFlags, view } from './shared.js';

/**
 * One form per stage, asking for that stage's date and details, and the withdrawal form. The
 * rules in rules/ decide what is allowed; a refused move keeps what was typed and shows
 * each message beside its field. A move made from an out-of-date page is refused, not merged.
 */

type Values = Record<string, unknown>;

function stageParam(request: FastifyRequest): ReferralStage {
  const stage = (request.params as Values).stage;
  if (typeof stage !== 'string' || !(referralStages as readonly string[]).includes(stage) || stage === 'identified') throw notFound();
  return stage as ReferralStage;
}

export function stageRoutes(app: FastifyInstance, db: Kysely<Database>, service: PathwayService, now: () => Date) {
  const today = () => ukDateOf(now());

  async function formPage(loaded: LoadedReferral, stage: ReferralStage, values: Values, extra: Values = {}) {
    const { referral } = loaded;
    const services = ['preparing', 'funding_requested', 'admitted'].includes(stage) ? await repository.serviceChoices(db) : [];
    const flags = await referralFlags(db, loaded.membership.partnershipId, referral, now());
    return stageFormPage({ referral, stage, services, flags, today: today() }, values, extra);
  }

  /**
   * What the form starts with: what is already known (the chosen service, its cost). The date is
   * left empty, so a stage recorded late is never dated today by mistake, unless the person asked
   * for today's date with the form's "Use today's date" link (?today=1).
   */
  async function startingValues(referral: LoadedReferral['referral'], stage: ReferralStage, useToday: boolean): Promise<Values> {
    const values: Values = { date: useToday ? datePartsOf(today()) : undefined, version: referral.version };
    if (stage === 'preparing' || stage === 'funding_requested' || stage === 'admitted') values.serviceId = referral.service_id ?? '';
    if (stage === 'admitted' && referral.service_id) {
      const chosen = await repository.findService(db, referral.service_id);
      values.weeklyCost = poundsForInput(referral.weekly_cost_pence ?? chosen?.weekly_cost_pence ?? null);
    }
    return values;
  }

  /** A move this referral cannot make now is refused before the form is shown. */
  function refusal(loaded: LoadedReferral, stage: ReferralStage): string | null {
    if (allowedNextStages(loaded.referral).includes(stage)) return null;
    const problem = transitionProblems(loaded.referral, stage, { date: today() }, today()).find(([field]) => field === 'stage');
    return problem?.[1] ?? `This referral cannot be moved to ${stageTags[stage].text.toLowerCase()} now.`;
  }

  async function showForm(request: FastifyRequest, stage: ReferralStage) {
    const loaded = await loadReferral(db, request);
    const refused = refusal(loaded, stage);
    const useToday = (request.query as Values | undefined)?.today === '1';
    return { loaded, refused, page: refused ? null : await formPage(loaded, stage, await startingValues(loaded.referral, stage, useToday)) };
  }

  async function submitForm(request: FastifyRequest, stage: ReferralStage) {
    const loaded = await loadReferral(db, request);
    const form = readStageForm(stage, request.body);
    const conflictPage = async (problems: Problem[]) => {
      const latest = await loadReferral(db, request);
      return {
        status: 409,
        page: await formPage(latest, stage, { ...form.values, version: latest.referral.version }, {
          errors: problemsAsErrors(problems, stageFieldOrder),
          saved: { stageTag: stageTags[latest.referral.stage], since: formatDate(currentStageDate(latest.referral).date) },
          refused: !allowedNextStages(latest.referral).includes(stage),
        }),
      };
    };
    if (!form.ok) {
      // A page opened before someone else's change: say so first, whatever else is wrong.
      if (String(form.values.version ?? '') !== String(loaded.referral.version)) return conflictPage([['stage', conflictMessage('this referral')]]);
      const refused = refusal(loaded, stage);
      const problems = placeStageProblems(form.problems, form.values);
      return {
        status: 400,
        page: await formPage(loaded, stage, form.values, { errors: problemsAsErrors(refused ? [['stage', refused], ...problems] : problems, stageFieldOrder), refused: Boolean(refused) }),
      };
    }
    const outcome = await service.moveStage(loaded.membership.partnershipId, actorOf(loaded, request), loaded.referral.id, form.version, stage, form.details);
    if (!outcome.ok && outcome.reason === 'not_found') throw notFound();
    if (!outcome.ok && outcome.reason === 'conflict') return conflictPage(outcome.problems);
    if (!outcome.ok) {
      const refused = outcome.problems.some(([field]) => field === 'stage');
      return { status: 400, page: await formPage(loaded, stage, form.values, { errors: problemsAsErrors(placeStageProblems(outcome.problems, form.values), stageFieldOrder), refused }) };
    }
    request.session.flash = flashFor(stage, loaded.referral.local_reference);
    return { status: 302, location: paths.referral(loaded.referral.id) };
  }

  const handlers = (stageOf: (request: FastifyRequest) => ReferralStage) => ({
    get: async (request: FastifyRequest, reply: FastifyReply) => {
      const stage = stageOf(request);
      const { loaded, refused, page } = await showForm(request, stage);
      if (refused || !page) {
        request.session.problem = refused ?? undefined;
        return reply.redirect(paths.referral(loaded.referral.id));
      }
      return reply.render(view('stage'), page);
    },
    post: async (request: FastifyRequest, reply: FastifyReply) => {
      const result = await submitForm(request, stageOf(request));
      if ('location' in result) return reply.redirect(result.location);
      return reply.code(result.status).render(view('stage'), result.page);
    },
  });

  const byParam = handlers(stageParam);
  app.get(paths.stage(':referralId', ':stage'), byParam.get);
  app.post(paths.stage(':referralId', ':stage'), byParam.post);

  const withdrawal = handlers(() => 'withdrawn');
  app.get(paths.withdraw(':referralId'), withdrawal.get);
  app.post(paths.withdraw(':referralId'), withdrawal.post);
}

function flashFor(stage: ReferralStage, reference: string): string {
  switch (stage) {
    case 'admitted':
      return `The admission has been recorded for ${reference}. Care-plan and risk reviews have been scheduled.`;
    case 'discharged':
      return `The discharge has been recorded for ${reference}. Follow-ups at 3, 6 and 12 months have been scheduled.`;
    case 'withdrawn':
      return `The referral ${reference} has been withdrawn.`;
    case 'closed':
      return `The referral ${reference} has been closed.`;
    default:
      return `The referral ${reference} is now at the stage: ${stageTags[stage].text.toLowerCase()}.`;
  }
}
