import {
  type AgeBand,
  ageBands,
  complexityIndicators,
  dischargeOutcomes,
  eligibilityDecisions,
  ethnicityGroups,
  fundingDeciders,
  fundingDecisions,
  fundingRoutes,
  type IdentifiedVia,
  identifiedVia,
  mainSubstances,
  pregnancyAnswers,
  referralStages,
  sexes,
  yesNoNotStated,
} from '../../platform/db/schema.js';
import { type ChoiceList, choices } from '../../platform/tabular/cells.js';
import { tagLabels } from '../../platform/web/tags.js';
import {
  ageBandLabels,
  complexityLabels,
  dischargeOutcomeLabels,
  ethnicityLabels,
  fundingDeciderLabels,
  fundingRouteLabels,
  identifiedViaLabels,
  sexLabels,
  stageTags,
  substanceLabels,
  yesNoLabels,
} from '../labels.js';

/** The answers a column with a list accepts: each code, its label, and the other words people use for it. */

const stageLabels = tagLabels(stageTags);
export const eligibilityDecisionLabels: Record<(typeof eligibilityDecisions)[number], string> = { eligible: 'Eligible', not_eligible: 'Not eligible' };
export const fundingDecisionLabels: Record<(typeof fundingDecisions)[number], string> = { approved: 'Approved', declined: 'Declined' };
const pregnancyLabels = Object.fromEntries(pregnancyAnswers.map((answer) => [answer, yesNoLabels[answer] as string])) as Record<(typeof pregnancyAnswers)[number], string>;
const yesNoStatedLabels = Object.fromEntries(yesNoNotStated.map((answer) => [answer, yesNoLabels[answer] as string])) as Record<(typeof yesNoNotStated)[number], string>;
const notStated = { unknown: 'not_stated', 'not known': 'not_stated', 'prefer not to say': 'not_stated', declined: 'not_stated', 'not recorded': 'not_stated' } as const;

export const choiceLists = {
  stage: choices(referralStages, stageLabels, { waiting: 'waiting', 'funding approved': 'funding_decided', 'in treatment': 'admitted', 'in residential treatment': 'admitted' }),
  identifiedVia: choices(identifiedVia, identifiedViaLabels as Record<IdentifiedVia, string>, {
    presentation: 'presentation',
    'at presentation': 'presentation',
    'comprehensive assessment': 'presentation',
    'care plan review': 'care_plan_review',
    review: 'care_plan_review',
    'treatment exit': 'treatment_exit',
    'leaving treatment': 'treatment_exit',
    'self referral': 'self_referral',
    self: 'self_referral',
    other: 'other',
  }),
  ageBand: choices(ageBands, ageBandLabels as Record<AgeBand, string>, { '65 and over': '65+', 'over 65': '65+', '65 plus': '65+' }),
  sex: choices(sexes, sexLabels as Record<(typeof sexes)[number], string>, { f: 'female', m: 'male', woman: 'female', man: 'male', other: 'other', ...notStated }),
  ethnicity: choices(ethnicityGroups, ethnicityLabels as Record<(typeof ethnicityGroups)[number], string>, {
    asian: 'asian',
    'asian british': 'asian',
    black: 'black',
    'black british': 'black',
    mixed: 'mixed',
    'white british': 'white',
    'white irish': 'white',
    'white other': 'white',
    other: 'other',
    ...notStated,
  }),
  yesNoNotStated: choices(yesNoNotStated, yesNoStatedLabels, { y: 'yes', n: 'no', ...notStated }),
  pregnant: choices(pregnancyAnswers, pregnancyLabels, { y: 'yes', n: 'no', 'n/a': 'not_applicable', na: 'not_applicable', 'not applicable': 'not_applicable', ...notStated }),
  mainSubstance: choices(mainSubstances, substanceLabels as Record<(typeof mainSubstances)[number], string>, {
    drug: 'drugs',
    'alcohol and drugs': 'both',
    'drugs and alcohol': 'both',
  }),
  complexity: choices(complexityIndicators, complexityLabels, {
    'physical health': 'physical_health',
    'mental health': 'mental_health',
    'unsafe in the community': 'unsafe_in_community',
    unsafe: 'unsafe_in_community',
    'community treatment not worked': 'community_treatment_not_worked',
    pregnant: 'pregnant_or_parent',
    parent: 'pregnant_or_parent',
    'pregnant or parent': 'pregnant_or_parent',
    homeless: 'homelessness',
    homelessness: 'homelessness',
    'criminal justice': 'criminal_justice',
  }),
  eligibilityDecision: choices(eligibilityDecisions, eligibilityDecisionLabels, { yes: 'eligible', no: 'not_eligible', ineligible: 'not_eligible' }),
  fundingRoute: choices(fundingRoutes, fundingRouteLabels as Record<(typeof fundingRoutes)[number], string>, {
    standard: 'standard',
    'fast track': 'fast_track_detox',
    'detox fast track': 'fast_track_detox',
    extension: 'extension',
    other: 'other_route',
  }),
  fundingDecision: choices(fundingDecisions, fundingDecisionLabels, { agreed: 'approved', yes: 'approved', refused: 'declined', no: 'declined' }),
  fundingDecidedBy: choices(fundingDeciders, fundingDeciderLabels as Record<(typeof fundingDeciders)[number], string>, { officer: 'delegated_officer' }),
  dischargeOutcome: choices(dischargeOutcomes, dischargeOutcomeLabels, {
    completed: 'completed',
    planned: 'completed',
    'left early': 'left_early',
    'self discharged': 'left_early',
    'self discharge': 'left_early',
    'dropped out': 'left_early',
    'asked to leave': 'asked_to_leave',
    'discharged by the service': 'asked_to_leave',
    transferred: 'transferred',
    other: 'other',
  }),
};

/** The words each list accepts, for the import page. */
export const acceptedValueLists: Array<{ caption: string; list: ChoiceList<string> }> = [
  { caption: 'Stages', list: choiceLists.stage },
  { caption: 'Ways of being identified', list: choiceLists.identifiedVia },
  { caption: 'Age bands', list: choiceLists.ageBand },
  { caption: 'Sex', list: choiceLists.sex },
  { caption: 'Ethnic groups', list: choiceLists.ethnicity },
  { caption: 'Pregnant', list: choiceLists.pregnant },
  { caption: 'Disability and parental responsibility', list: choiceLists.yesNoNotStated },
  { caption: 'Main substance', list: choiceLists.mainSubstance },
  { caption: 'Complexity indicators', list: choiceLists.complexity },
  { caption: 'Eligibility decisions', list: choiceLists.eligibilityDecision },
  { caption: 'Funding routes', list: choiceLists.fundingRoute },
  { caption: 'Funding decisions', list: choiceLists.fundingDecision },
  { caption: 'Who decided funding', list: choiceLists.fundingDecidedBy },
  { caption: 'Discharge outcomes', list: choiceLists.dischargeOutcome },
] as Array<{ caption: string; list: ChoiceList<string> }>;
