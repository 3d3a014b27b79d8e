import type { ReferralStage } from '../../platform/db/schema.js';
import { formatDate } from '../../platform/web/dates.js';
import { checkboxItems, radioItems } from '../../platform/web/choice-items.js';
import type { preparationSteps } from '../forms.js';
import { dischargeOutcomeLabels, fundingDeciderLabels, fundingRouteLabels, stageTags } from '../labels.js';
import { pathwayPaths as paths } from '../paths.js';
import type * as repository from '../repository.js';
import type { SafetyFlag } from '../rules/safety-flags.js';
import { currentStageDate, stageDateNames } from '../rules/stages.js';
import { stageActionText, stagePath } from './stage-actions.js';

/** The form that moves a referral to one stage (or withdraws it), for its template. */

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

/** What the stage form shows, loaded by the route. */
export interface StageFormData {
  referral: repository.Referral;
  stage: ReferralStage;
  /** The directory's services, for the stages that choose one. */
  services: Awaited<ReturnType<typeof repository.serviceChoices>>;
  flags: SafetyFlag[];
  /** The UK date, for the example date. */
  today: string;
}

export function stageFormPage({ referral, stage, services, flags, today }: StageFormData, values: Values, extra: Values = {}) {
  const previous = currentStageDate(referral);
  return {
    pageTitle: stageActionText(referral.stage, stage),
    stage,
    referral,
    action: stagePath(referral.id, stage),
    intro: stageIntro[stage],
    stageTag: stageTags[referral.stage],
    dateLabel: stageDateNames[stage],
    dateHint: `For example, ${formatExample(today)}. It cannot be before ${formatDate(previous.date)}.`,
    // Works as a plain link without JavaScript; app.mjs fills the boxes in place instead.
    todayLink: { href: `${stagePath(referral.id, stage)}?today=1#date-day`, date: formatExample(today) },
    flags,
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

function formatExample(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${Number(day)} ${Number(month)} ${year}`;
}
