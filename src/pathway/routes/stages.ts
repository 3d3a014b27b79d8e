import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, ReferralStage } from '../../platform/db/schema.js';
import { referralStages } from '../../platform/db/schema.js';
import { formatDate } from '../../platform/web/dates.js';
import { notFound } from '../../platform/web/errors.js';
import { datePartsOf } from '../../platform/web/fields.js';
import { placeStageProblems, preparationSteps, readStageForm, stageFieldOrder } from '../forms.js';
import { dischargeOutcomeLabels, fundingDeciderLabels, fundingRouteLabels, stageTags } from '../labels.js';
import { pathwayPaths as paths } from '../paths.js';
import * as repository from '../repository.js';
import type { PathwayService } from '../service.js';
import type { Problem } from '../rules/referral-state.js';
import { allowedNextStages, currentStageDate, stageDateNames } from '../rules/stages.js';
import { transitionProblems } from '../rules/transitions.js';
import { ukDateOf } from '../../platform/values/calendar.js';
import { poundsForInput } from '../../platform/values/money.js';
import { conflictMessage } from '../../platform/values/outcome.js';
import { checkboxItems, radioItems } from '../../platform/web/choice-items.js';
import { stageActionText, stagePath } from '../view-models/stage-actions.js';
import { actorOf, type LoadedReferral, loadReferral, problemsAsErrors, referralFlags, view } from './shared.js';

/**
 * One form per stage, asking for that stage's date and details, and the withdrawal form. The
 * rules in rules/ decide what is allowed; a refused move keeps what was typed and shows
 * each message beside its field. A move made from an out-of-date page is refused, not merged.
 */

type Values = Record<string, unknown>;

const stageIntro: Partial<Record<ReferralStage, string>> = {
  referred: 'Record the day the person was referred for residential treatment.',
  assessed: 'Record the outcome of the assessment of the person’s eligibility and needs.',
  preparing:
    'Record how the person is being prepared for residential treatment. Tick what has happened so far. Preparation should help the person, not hold them back: you can ask for funding without it.',
  funding_requested: 'Record the request for funding.',
  funding_decided: 'Record the decision on funding and who made it.',
  waiting: 'Record that funding is in place and the person is waiting for a bed. You can then add each contact with them while they wait.',
  admitted:
    'Record the admission. An aftercare and transition plan should be agreed before the person is admitted. If there is none, say why: the referral will be flagged until a plan is recorded.',
  discharged:
    'Record how and when the placement ended. If the person left early or was asked to leave, they are at high risk, including of overdose: record the risk assessment and when the referrer was told.',
  aftercare: 'Record the day aftercare and support in the community started.',
  closed: 'Close the referral when nothing more will happen on it.',
  withdrawn: 'Withdraw the referral if the person will not go on with it, for example because they decided against residential treatment or moved away.',
};

const eligibilityLabels = { eligible: 'Eligible', not_eligible: 'Not eligible' };
const fundingDecisionLabels = { approved: 'Approved', declined: 'Declined' };
const preparationLabels: Record<(typeof preparationSteps)[number], string> = {
  preparation_group: 'They went to a preparation group',
  information_pack: 'They were given the service’s information pack',
  service_visit: 'They visited the service',
  detox_arranged: 'Detox has been arranged',
};
const fundingRouteHints: Record<string, string> = {
  fast_track_detox: 'A quicker decision for an inpatient detox',
  extension: 'To make an existing placement longer',
  other_route: 'For example funded by the NHS or another organisation',
};
const dischargeHints: Record<string, string> = {
  left_early: 'Unplanned: they chose to leave before the end of the programme',
  asked_to_leave: 'Unplanned: the service ended the placement',
};

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
    const previous = currentStageDate(referral);
    return {
      pageTitle: stageActionText(referral.stage, stage),
      stage,
      referral,
      action: stagePath(referral.id, stage),
      intro: stageIntro[stage],
      stageTag: stageTags[referral.stage],
      dateLabel: stageDateNames[stage],
      dateHint: `For example, ${formatExample(today())}. It cannot be before ${formatDate(previous.date)}.`,
      flags: await referralFlags(db, loaded.membership.partnershipId, referral, now()),
      values,
      serviceItems: [
        { value: '', text: stage === 'admitted' ? 'Select a service' : 'Not chosen yet' },
        ...services.map((option) => ({
          value: option.id,
          text: `${option.name} (${option.provider_name}${option.town ? `, ${option.town}` : ''})`,
          selected: option.id === values.serviceId,
        })),
      ],
      eligibilityItems: radioItems(eligibilityLabels, values.eligibilityDecision),
      preparationItems: checkboxItems(preparationLabels, values.preparation),
      fundingRouteItems: radioItems(fundingRouteLabels, values.fundingRoute, Object.keys(fundingRouteLabels), fundingRouteHints),
      fundingDecisionItems: radioItems(fundingDecisionLabels, values.fundingDecision),
      fundingDeciderItems: radioItems(fundingDeciderLabels, values.fundingDecidedBy),
      detoxItems: checkboxItems({ yes: 'Detox is part of this placement' }, values.detoxIncluded),
      dischargeItems: radioItems(dischargeOutcomeLabels, values.dischargeOutcome, Object.keys(dischargeOutcomeLabels), dischargeHints),
      paths,
      ...extra,
    };
  }

  /** What the form starts with: today's date, and what is already known (the chosen service, its cost). */
  async function startingValues(referral: LoadedReferral['referral'], stage: ReferralStage): Promise<Values> {
    const values: Values = { date: datePartsOf(today()), version: referral.version };
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
    return { loaded, refused, page: refused ? null : await formPage(loaded, stage, await startingValues(loaded.referral, stage)) };
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
  app.get('/referrals/:referralId/stages/:stage', byParam.get);
  app.post('/referrals/:referralId/stages/:stage', byParam.post);

  const withdrawal = handlers(() => 'withdrawn');
  app.get('/referrals/:referralId/withdraw', withdrawal.get);
  app.post('/referrals/:referralId/withdraw', withdrawal.post);
}

function formatExample(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${Number(day)} ${Number(month)} ${year}`;
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
