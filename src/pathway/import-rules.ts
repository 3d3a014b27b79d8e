import {
  type AgeBand,
  ageBands,
  complexityIndicators,
  type DischargeOutcome,
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
  type ReferralStage,
  referralStages,
  sexes,
  yesNoNotStated,
} from '../platform/db/schema.js';
import {
  bad,
  type ChoiceList,
  choiceKey,
  choices,
  cleanText,
  good,
  orList,
  quoted,
  type Read,
  readChoiceList,
  readDate,
  readPounds,
  readWholeNumber,
  readYesNo,
} from '../platform/tabular/cells.js';
import {
  type ColumnSpec as ColumnSpecOf,
  type HeadingsOutcome as HeadingsOutcomeOf,
  matchHeadings,
  type RowProblem,
  rowReader,
} from '../platform/tabular/columns.js';
import { longDate, ukLocalToInstant } from '../platform/values/calendar.js';
import { tagLabels } from '../platform/web/tags.js';
import { localReferenceProblem, type ReferralDetails, underEighteenMessage } from './rules/referral-details.js';
import { newReferralState, type ReferralState, type StageDetails } from './rules/referral-state.js';
import { allowedNextStages, currentStageDate, isFinal, nextStages, stageNames } from './rules/stages.js';
import { applyTransition, transitionProblems, withChanges } from './rules/transitions.js';
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
} from './labels.js';

/**
 * Reading one row of a file of referral histories: one row per referral, with its details and
 * the date (and outcome) of every stage it reached. Pure functions: no database, no web, no
 * files. Every problem names the row (as a spreadsheet numbers it: the headings are row 1) and
 * the column, and says what to change.
 */

export const maximumReferralRows = 100_000;
export const referralsPerBatch = 1_000;

const limits = {
  reference: 40,
  shortText: 200,
  longText: 2000,
  plannedWeeks: 104,
  weeklyCostPounds: 50_000,
};

// Columns -------------------------------------------------------------------------------------

export type ColumnKey =
  | 'reference'
  | 'stage'
  | 'identifiedVia'
  | 'referringService'
  | 'keyworkerRole'
  | 'ageBand'
  | 'sex'
  | 'ethnicity'
  | 'disability'
  | 'pregnant'
  | 'parentalResponsibility'
  | 'mainSubstance'
  | 'complexity'
  | 'eligibilityInformationGiven'
  | 'identifiedOn'
  | 'referredOn'
  | 'assessedOn'
  | 'eligibilityDecision'
  | 'eligibilityReasons'
  | 'preparingOn'
  | 'preparationGroup'
  | 'informationPackGiven'
  | 'serviceVisit'
  | 'detoxArranged'
  | 'service'
  | 'provider'
  | 'fundingRequestedOn'
  | 'fundingRoute'
  | 'fundingDecision'
  | 'fundingDecidedBy'
  | 'fundingDecisionReason'
  | 'fundingDecidedOn'
  | 'waitingSince'
  | 'aftercarePlanAgreedOn'
  | 'admittedWithoutAftercareReason'
  | 'admittedOn'
  | 'plannedWeeks'
  | 'detoxIncluded'
  | 'weeklyCost'
  | 'dischargedOn'
  | 'dischargeOutcome'
  | 'riskAssessmentSummary'
  | 'referrerToldAt'
  | 'aftercareStartedOn'
  | 'closedOn'
  | 'withdrawnOn'
  | 'withdrawnReason';

export type ColumnSpec = ColumnSpecOf<ColumnKey>;

export const referralImportColumns: ColumnSpec[] = [
  { key: 'reference', heading: 'Reference', required: true, aliases: ['local reference', 'referral reference', 'case reference'], help: 'Your local reference for the person, like NM-2025-0412. It must include a number. Never use a name, NHS number or date of birth. Each row needs a different reference.' },
  { key: 'stage', heading: 'Stage', required: false, aliases: ['current stage', 'status'], help: 'Where the referral is now. Leave it empty to have it worked out from the latest date in the row. If you fill it in, it must agree with the dates.' },
  { key: 'identifiedVia', heading: 'Identified via', required: true, aliases: ['identified', 'how identified', 'route in', 'source'], help: 'How the person was first identified as someone who might need residential treatment, from the list below.' },
  { key: 'referringService', heading: 'Referring service', required: false, aliases: ['referrer', 'referred by'], help: 'The service or team that made the referral. Up to 200 characters.' },
  { key: 'keyworkerRole', heading: 'Keyworker role', required: false, aliases: ['keyworker', 'keyworker team', 'keyworker role or team'], help: 'The keyworker’s role or team, like ‘Criminal justice team keyworker’. Never a person’s name.' },
  { key: 'ageBand', heading: 'Age band', required: true, aliases: ['age', 'age group'], help: 'An age band from the list below, or the person’s age in years. People under 18 cannot be referred here.' },
  { key: 'sex', heading: 'Sex', required: false, aliases: ['gender'], help: 'From the list below. Empty means not stated.' },
  { key: 'ethnicity', heading: 'Ethnicity', required: false, aliases: ['ethnic group', 'ethnicity group'], help: 'The ethnic group, from the list below. Empty means not stated.' },
  { key: 'disability', heading: 'Disability', required: false, aliases: ['disabled'], help: 'Yes, no or not stated. Empty means not stated.' },
  { key: 'pregnant', heading: 'Pregnant', required: false, aliases: ['pregnancy'], help: 'Yes, no, does not apply or not stated. Empty means not stated.' },
  { key: 'parentalResponsibility', heading: 'Parental responsibility', required: false, aliases: ['parent', 'parent or carer', 'has children'], help: 'Yes, no or not stated. Empty means not stated.' },
  { key: 'mainSubstance', heading: 'Main substance', required: true, aliases: ['substance', 'primary substance'], help: 'Drugs, alcohol, or drugs and alcohol.' },
  { key: 'complexity', heading: 'Complexity', required: false, aliases: ['complexity indicators', 'complex needs'], help: 'Any of the complexity indicators below, separated by semicolons (;).' },
  { key: 'eligibilityInformationGiven', heading: 'Eligibility information given', required: false, aliases: ['given eligibility information'], help: 'Yes if the person was told who residential treatment is for and how to get it. Empty means no.' },
  { key: 'identifiedOn', heading: 'Identified on', required: true, aliases: ['date identified', 'identified date'], help: 'The date the person was identified, like 23/11/2025 or 2025-11-23.' },
  { key: 'referredOn', heading: 'Referred on', required: false, aliases: ['date referred', 'referral date'], help: 'The date of the referral.' },
  { key: 'assessedOn', heading: 'Assessed on', required: false, aliases: ['date assessed', 'assessment date'], help: 'The date eligibility was decided. Needs an eligibility decision.' },
  { key: 'eligibilityDecision', heading: 'Eligibility decision', required: false, aliases: ['eligible', 'eligibility'], help: 'Eligible or not eligible. Needs the date assessed.' },
  { key: 'eligibilityReasons', heading: 'Eligibility reasons', required: false, aliases: ['eligibility reason', 'reasons'], help: 'Why, in up to 2,000 characters.' },
  { key: 'preparingOn', heading: 'Preparing from', required: false, aliases: ['preparation started', 'preparing on', 'preparation date'], help: 'The date preparation began (a preparation group, a visit, a detox plan).' },
  { key: 'preparationGroup', heading: 'Preparation group', required: false, aliases: [], help: 'Yes or no. Empty means no.' },
  { key: 'informationPackGiven', heading: 'Information pack given', required: false, aliases: ['information pack'], help: 'Yes or no. Empty means no.' },
  { key: 'serviceVisit', heading: 'Service visit', required: false, aliases: ['visited the service', 'visit'], help: 'Yes or no. Empty means no.' },
  { key: 'detoxArranged', heading: 'Detox arranged', required: false, aliases: [], help: 'Yes or no. Empty means no.' },
  { key: 'service', heading: 'Service', required: false, aliases: ['service name', 'residential service', 'placement'], help: 'The residential service’s name as it appears in the directory. Needed for an admission.' },
  { key: 'provider', heading: 'Provider', required: false, aliases: ['provider name'], help: 'The provider that runs the service. Only needed when 2 services in the directory have the same name.' },
  { key: 'fundingRequestedOn', heading: 'Funding requested on', required: false, aliases: ['date funding requested'], help: 'The date funding was asked for.' },
  { key: 'fundingRoute', heading: 'Funding route', required: false, aliases: ['route'], help: 'The funding route, from the list below.' },
  { key: 'fundingDecision', heading: 'Funding decision', required: false, aliases: [], help: 'Approved or declined. Needs the date decided.' },
  { key: 'fundingDecidedBy', heading: 'Funding decided by', required: false, aliases: ['decided by'], help: 'Funding panel or delegated officer.' },
  { key: 'fundingDecisionReason', heading: 'Funding decision reason', required: false, aliases: ['funding reason'], help: 'Up to 2,000 characters.' },
  { key: 'fundingDecidedOn', heading: 'Funding decided on', required: false, aliases: ['date funding decided', 'funding decision date'], help: 'The date of the funding decision.' },
  { key: 'waitingSince', heading: 'Waiting since', required: false, aliases: ['waiting from', 'date waiting'], help: 'The date the person began waiting for a place. Needs funding approved.' },
  { key: 'aftercarePlanAgreedOn', heading: 'Aftercare plan agreed on', required: false, aliases: ['aftercare plan agreed', 'aftercare agreed on'], help: 'The date the aftercare and transition plan was agreed. It should be on or before the admission date.' },
  { key: 'admittedWithoutAftercareReason', heading: 'Admitted without aftercare plan because', required: false, aliases: ['no aftercare plan reason', 'reason admitted without aftercare plan'], help: 'Needed when someone was admitted before an aftercare plan was agreed.' },
  { key: 'admittedOn', heading: 'Admitted on', required: false, aliases: ['admission date', 'date admitted'], help: 'The date of admission. Needs funding approved and the service.' },
  { key: 'plannedWeeks', heading: 'Planned weeks', required: false, aliases: ['planned length', 'planned stay weeks'], help: 'The planned length of stay, as a whole number of weeks from 1 to 104.' },
  { key: 'detoxIncluded', heading: 'Detox included', required: false, aliases: [], help: 'Yes or no. Empty means no.' },
  { key: 'weeklyCost', heading: 'Weekly cost', required: false, aliases: ['cost per week', 'weekly price'], help: 'In pounds, like 1250. Empty means the service’s weekly cost in the directory.' },
  { key: 'dischargedOn', heading: 'Discharged on', required: false, aliases: ['discharge date', 'date discharged'], help: 'The date the person left. Needs the admission date and the discharge outcome.' },
  { key: 'dischargeOutcome', heading: 'Discharge outcome', required: false, aliases: ['discharge reason', 'outcome'], help: 'How the stay ended, from the list below.' },
  { key: 'riskAssessmentSummary', heading: 'Risk assessment summary', required: false, aliases: ['risk assessment'], help: 'Needed when someone left early or was asked to leave. Up to 2,000 characters.' },
  { key: 'referrerToldAt', heading: 'Referrer told at', required: false, aliases: ['referrer notified at', 'referrer notified'], help: 'The date and time (UK time) the referrer was told about an unplanned discharge, like 23/11/2025 14:30.' },
  { key: 'aftercareStartedOn', heading: 'Aftercare started on', required: false, aliases: ['aftercare start date'], help: 'The date aftercare began after discharge.' },
  { key: 'closedOn', heading: 'Closed on', required: false, aliases: ['date closed'], help: 'The date the record was closed, after discharge.' },
  { key: 'withdrawnOn', heading: 'Withdrawn on', required: false, aliases: ['date withdrawn'], help: 'The date the referral stopped before admission. Needs the reason.' },
  { key: 'withdrawnReason', heading: 'Withdrawn reason', required: false, aliases: ['withdrawal reason', 'reason withdrawn'], help: 'Why the referral stopped. Up to 2,000 characters.' },
];

/** Columns the export adds that the import recognises but does not read back. */
export const exportOnlyHeadings = ['NDTMS discharge reason', 'NDTMS exit status', 'Partnership'];

const columnByKey = new Map(referralImportColumns.map((column) => [column.key, column]));
export const headingOf = (key: ColumnKey) => (columnByKey.get(key) as ColumnSpec).heading;

export type HeadingsOutcome = HeadingsOutcomeOf<ColumnKey>;

/** Which column holds what, from the heading row; the columns only the export writes are passed over. */
export function readHeadings(headings: string[]): HeadingsOutcome {
  return matchHeadings(headings, referralImportColumns, exportOnlyHeadings);
}

// Values given as codes or labels ---------------------------------------------------------------

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

// The reference and other words about the person --------------------------------------------------

/**
 * Why a local reference cannot be used, or null when it can: the same rule as the referral form
 * (no name, NHS number or date of birth), worded for a row of a file.
 */
export function referenceProblem(reference: string): string | null {
  const problem = localReferenceProblem(reference);
  return problem ? fromForm(problem) : null;
}

/** A message written for a form, as the end of "Row 12, column Admitted on: …". */
export function fromForm(message: string): string {
  const text = message.replace(/^Select /, 'Enter ').replace(/\.$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A role or team is wanted, never a person; titles give a name away. */
function roleProblem(text: string): string | null {
  if (/^(mr|mrs|ms|miss|mx|dr)\b\.?\s/i.test(text)) return 'write the keyworker’s role or team, not their name';
  if (text.includes('@')) return 'write the keyworker’s role or team, not an email address';
  return null;
}

/** An age band, or an age in years. Under-18s are refused: residential referrals here are for adults. */
export function readAgeBand(raw: string): Read<AgeBand | null> {
  const text = cleanText(raw);
  if (!text) return good(null);
  const underEighteen = `${fromForm(underEighteenMessage)}, and remove the row`;
  if (/^\d{1,3}$/.test(text)) {
    const age = Number(text);
    if (age < 18) return bad(underEighteen);
    if (age > 120) return bad(`${quoted(text)} is not an age. Use an age band, like ${ageBandLabels['25-34']}`);
    if (age < 25) return good('18-24');
    if (age < 35) return good('25-34');
    if (age < 45) return good('35-44');
    if (age < 55) return good('45-54');
    if (age < 65) return good('55-64');
    return good('65+');
  }
  const band = choiceLists.ageBand.find(text);
  if (band) return good(band);
  const range = /^(\d{1,2}) (?:to )?(\d{1,2})$/.exec(choiceKey(text));
  if (/\b(under|below) ?1[0-8]\b|^< ?1[0-8]$|young (person|people)|child|minor/i.test(text) || (range && Number(range[2]) < 18)) return bad(underEighteen);
  return bad(`${quoted(text)} is not an age band. Use ${orList(choiceLists.ageBand.labels)}, or the age in years`);
}

/** A date and a 24-hour time, UK time: 23/11/2025 14:30, 2025-11-23 14:30 or 2025-11-23T14:30. */
export function readDateTime(raw: string, today: string, now: Date): Read<{ date: string; moment: Date } | null> {
  const text = cleanText(raw);
  if (!text) return good(null);
  const match = /^(.+?)(?:[ T]+(\d{1,2})[:.](\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)?)?$/.exec(text);
  const date = readDate(match?.[1] ?? text, today);
  if (!date.ok) return date;
  if (!match?.[2]) return bad('enter the date and the time, like 23/11/2025 14:30');
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  if (hour > 23 || minute > 59) return bad(`${quoted(text)} does not have a real time. Use the 24-hour clock, like 14:30`);
  const moment = ukLocalToInstant(date.value as string, `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
  if (moment.getTime() > now.getTime()) return bad('the time cannot be in the future');
  return good({ date: date.value as string, moment });
}

// The row --------------------------------------------------------------------------------------

export interface ServiceChoice {
  id: string;
  name: string;
  providerName: string;
  weeklyCostPence: number | null;
}

/** The directory's services, found by name (and by provider when 2 share a name). */
export class ServiceFinder {
  private byName = new Map<string, ServiceChoice[]>();

  constructor(services: readonly ServiceChoice[]) {
    for (const service of services) {
      const key = choiceKey(service.name);
      const list = this.byName.get(key) ?? [];
      list.push(service);
      this.byName.set(key, list);
    }
  }

  find(serviceName: string, providerName: string): Read<ServiceChoice> {
    const found = this.byName.get(choiceKey(serviceName)) ?? [];
    if (found.length === 0) return bad(`there is no service called ${quoted(serviceName)} in the directory. Use the name the directory gives it`);
    if (providerName) {
      const ofProvider = found.filter((service) => choiceKey(service.providerName) === choiceKey(providerName));
      if (ofProvider.length === 1) return good(ofProvider[0] as ServiceChoice);
      return bad(`${providerName} has no service called ${quoted(serviceName)} in the directory`);
    }
    if (found.length > 1) {
      return bad(`${found.length} services in the directory are called ${quoted(serviceName)}. Add a Provider column naming ${orList(found.map((service) => service.providerName))}`);
    }
    return good(found[0] as ServiceChoice);
  }
}

export interface RowContext {
  /** 'YYYY-MM-DD', UK time: no date may be later. */
  today: string;
  now: Date;
  services: ServiceFinder;
}

/** One referral, ready to store. Dates are 'YYYY-MM-DD'. */
export interface ImportedReferral extends ReferralDetails {
  row: number;
  stage: ReferralStage;
  referredOn: string | null;
  assessedOn: string | null;
  eligibilityDecision: (typeof eligibilityDecisions)[number] | null;
  eligibilityReasons: string;
  preparingOn: string | null;
  preparationGroup: boolean;
  informationPackGiven: boolean;
  serviceVisit: boolean;
  detoxArranged: boolean;
  serviceId: string | null;
  serviceName: string | null;
  fundingRequestedOn: string | null;
  fundingRoute: (typeof fundingRoutes)[number] | null;
  fundingDecision: (typeof fundingDecisions)[number] | null;
  fundingDecidedBy: (typeof fundingDeciders)[number] | null;
  fundingDecisionReason: string;
  fundingDecidedOn: string | null;
  waitingSince: string | null;
  aftercarePlanAgreedOn: string | null;
  admittedWithoutAftercareReason: string;
  admittedOn: string | null;
  plannedWeeks: number | null;
  detoxIncluded: boolean;
  weeklyCostPence: number | null;
  dischargedOn: string | null;
  dischargeOutcome: DischargeOutcome | null;
  riskAssessmentSummary: string;
  referrerNotifiedAt: Date | null;
  aftercareStartedOn: string | null;
  closedOn: string | null;
  withdrawnOn: string | null;
  withdrawnFromStage: ReferralStage | null;
  withdrawnReason: string;
}

export type RowOutcome = { ok: true; referral: ImportedReferral } | { ok: false; problems: RowProblem[] };

/** The stages with a date of their own, in the order a referral passes through them. */
export const datedStages: Array<{ stage: Exclude<ReferralStage, 'withdrawn'>; key: ColumnKey }> = [
  { stage: 'identified', key: 'identifiedOn' },
  { stage: 'referred', key: 'referredOn' },
  { stage: 'assessed', key: 'assessedOn' },
  { stage: 'preparing', key: 'preparingOn' },
  { stage: 'funding_requested', key: 'fundingRequestedOn' },
  { stage: 'funding_decided', key: 'fundingDecidedOn' },
  { stage: 'waiting', key: 'waitingSince' },
  { stage: 'admitted', key: 'admittedOn' },
  { stage: 'discharged', key: 'dischargedOn' },
  { stage: 'aftercare', key: 'aftercareStartedOn' },
  { stage: 'closed', key: 'closedOn' },
];

/** The stages a row's dates can take a referral through, in order; withdrawal comes last. */
const journeyStages = referralStages.filter((stage): stage is Exclude<ReferralStage, 'identified'> => stage !== 'identified');

const stageDateKey: Record<ReferralStage, ColumnKey> = {
  ...(Object.fromEntries(datedStages.map(({ stage, key }) => [stage, key])) as Record<Exclude<ReferralStage, 'withdrawn'>, ColumnKey>),
  withdrawn: 'withdrawnOn',
};

/**
 * Reads and checks one row. `cells` are the row's values; `columnIndex` says which cell holds
 * which column; `row` is its number in the file (the headings are row 1).
 */
export function readReferralRow(cells: readonly string[], columnIndex: ReadonlyMap<ColumnKey, number>, row: number, context: RowContext): RowOutcome {
  const { problems, cell, complain, take } = rowReader(cells, columnIndex, row, headingOf, { firstPerColumn: true });
  const text = (key: ColumnKey, maximum: number, multiline = false) => {
    const value = cleanText(cell(key), multiline);
    if (value.length > maximum) {
      complain(key, `must be ${maximum.toLocaleString('en-GB')} characters or fewer`);
      return value.slice(0, maximum);
    }
    return value;
  };
  const choice = <T extends string>(key: ColumnKey, list: ChoiceList<T>, what: string): T | null => {
    const raw = cleanText(cell(key));
    if (!raw) return null;
    const code = list.find(raw);
    if (code === undefined) complain(key, `${quoted(raw)} is not ${what}. Use ${orList(list.labels)}`);
    return code ?? null;
  };
  const date = (key: ColumnKey) => take(key, readDate(cell(key), context.today), null);
  const yesNo = (key: ColumnKey) => take(key, readYesNo(cell(key)), false);

  // The person -------------------------------------------------------------------------------
  const localReference = cleanText(cell('reference'));
  const referenceIssue = referenceProblem(localReference);
  if (referenceIssue) complain('reference', referenceIssue);
  const givenStage = choice('stage', choiceLists.stage, 'a stage');
  const via = choice('identifiedVia', choiceLists.identifiedVia, 'a way of being identified');
  if (!via && !cleanText(cell('identifiedVia'))) complain('identifiedVia', `enter how the person was identified, like ${identifiedViaLabels.care_plan_review}`);
  const referringService = text('referringService', limits.shortText);
  const keyworkerRole = text('keyworkerRole', limits.shortText);
  const roleIssue = keyworkerRole ? roleProblem(keyworkerRole) : null;
  if (roleIssue) complain('keyworkerRole', roleIssue);
  const ageBand = take('ageBand', readAgeBand(cell('ageBand')), null);
  if (!ageBand && !cleanText(cell('ageBand'))) complain('ageBand', `enter the age band, like ${ageBandLabels['25-34']}`);
  const sex = choice('sex', choiceLists.sex, 'in the list of answers for sex') ?? 'not_stated';
  const ethnicityGroup = choice('ethnicity', choiceLists.ethnicity, 'an ethnic group') ?? 'not_stated';
  const disability = choice('disability', choiceLists.yesNoNotStated, 'an answer for disability') ?? 'not_stated';
  const pregnant = choice('pregnant', choiceLists.pregnant, 'an answer for pregnancy') ?? 'not_stated';
  const parentalResponsibility = choice('parentalResponsibility', choiceLists.yesNoNotStated, 'an answer for parental responsibility') ?? 'not_stated';
  const mainSubstance = choice('mainSubstance', choiceLists.mainSubstance, 'a main substance');
  if (!mainSubstance && !cleanText(cell('mainSubstance'))) complain('mainSubstance', 'enter the main substance: drugs, alcohol, or drugs and alcohol');
  const complexity = take('complexity', readChoiceList(cell('complexity'), choiceLists.complexity, 'complexity indicators'), []);
  const eligibilityInformationGiven = yesNo('eligibilityInformationGiven');

  // The stages ---------------------------------------------------------------------------------
  const identifiedOn = date('identifiedOn');
  if (!identifiedOn && !cleanText(cell('identifiedOn'))) complain('identifiedOn', 'enter the date the person was identified');
  const referredOn = date('referredOn');
  const assessedOn = date('assessedOn');
  const eligibilityDecision = choice('eligibilityDecision', choiceLists.eligibilityDecision, 'an eligibility decision');
  const eligibilityReasons = text('eligibilityReasons', limits.longText, true);
  const preparingOn = date('preparingOn');
  const preparationGroup = yesNo('preparationGroup');
  const informationPackGiven = yesNo('informationPackGiven');
  const serviceVisit = yesNo('serviceVisit');
  const detoxArranged = yesNo('detoxArranged');
  const serviceName = cleanText(cell('service'));
  const providerName = cleanText(cell('provider'));
  const service = serviceName ? take('service', context.services.find(serviceName, providerName), null) : null;
  if (!serviceName && providerName) complain('service', 'enter the service’s name as well as its provider');
  const fundingRequestedOn = date('fundingRequestedOn');
  const fundingRoute = choice('fundingRoute', choiceLists.fundingRoute, 'a funding route');
  const fundingDecision = choice('fundingDecision', choiceLists.fundingDecision, 'a funding decision');
  const fundingDecidedBy = choice('fundingDecidedBy', choiceLists.fundingDecidedBy, 'who decides funding');
  const fundingDecisionReason = text('fundingDecisionReason', limits.longText, true);
  const fundingDecidedOn = date('fundingDecidedOn');
  const waitingSince = date('waitingSince');
  const aftercarePlanAgreedOn = date('aftercarePlanAgreedOn');
  const admittedWithoutAftercareReason = text('admittedWithoutAftercareReason', limits.longText, true);
  const admittedOn = date('admittedOn');
  const plannedWeeks = take('plannedWeeks', readWholeNumber(cell('plannedWeeks'), limits.plannedWeeks, { example: '12', noun: 'weeks' }), null);
  if (plannedWeeks === 0) complain('plannedWeeks', 'enter at least 1 week');
  const detoxIncluded = yesNo('detoxIncluded');
  const weeklyCost = take('weeklyCost', readPounds(cell('weeklyCost'), limits.weeklyCostPounds), null);
  const dischargedOn = date('dischargedOn');
  const dischargeOutcome = choice('dischargeOutcome', choiceLists.dischargeOutcome, 'a discharge outcome');
  const riskAssessmentSummary = text('riskAssessmentSummary', limits.longText, true);
  const referrerTold = take('referrerToldAt', readDateTime(cell('referrerToldAt'), context.today, context.now), null);
  const aftercareStartedOn = date('aftercareStartedOn');
  const closedOn = date('closedOn');
  const withdrawnOn = date('withdrawnOn');
  const withdrawnReason = text('withdrawnReason', limits.longText, true);

  // Answers without the date of the stage they belong to.
  const orphan = (key: ColumnKey, dateKey: ColumnKey, message: string) => {
    if (cleanText(cell(key)) && !cleanText(cell(dateKey))) complain(dateKey, message);
  };
  orphan('eligibilityDecision', 'assessedOn', 'enter the date of the assessment that made the eligibility decision');
  orphan('fundingDecision', 'fundingDecidedOn', 'enter the date of the funding decision');
  orphan('dischargeOutcome', 'dischargedOn', 'enter the date of the discharge');
  orphan('withdrawnReason', 'withdrawnOn', 'enter the date the referral was withdrawn, or leave the reason empty');
  if (referrerTold && !dischargedOn && !cleanText(cell('dischargedOn'))) complain('referrerToldAt', 'the referrer is told about a discharge: fill in Discharged on as well, or leave this empty');

  // The referral's journey, stage by stage through the same rules as the forms. Only a row whose
  // values all read cleanly is walked: otherwise the messages above are the ones to act on first.
  let state: ReferralState | null = null;
  if (!problems.length && identifiedOn) {
    const planBeforeAdmission = aftercarePlanAgreedOn && admittedOn && aftercarePlanAgreedOn <= admittedOn ? aftercarePlanAgreedOn : null;
    const details: Record<Exclude<ReferralStage, 'identified'>, StageDetails> = {
      referred: { date: referredOn },
      assessed: { date: assessedOn, eligibilityDecision, eligibilityReasons },
      preparing: { date: preparingOn, preparationGroup, informationPackGiven, serviceVisit, detoxArranged, serviceId: service?.id ?? null },
      funding_requested: { date: fundingRequestedOn, fundingRoute, serviceId: service?.id ?? null },
      funding_decided: { date: fundingDecidedOn, fundingDecision, fundingDecidedBy, fundingDecisionReason },
      waiting: { date: waitingSince },
      admitted: {
        date: admittedOn,
        serviceId: service?.id ?? null,
        plannedWeeks,
        detoxIncluded,
        weeklyCostPence: weeklyCost ?? service?.weeklyCostPence ?? null,
        aftercarePlanAgreedOn: planBeforeAdmission,
        noAftercarePlanReason: admittedWithoutAftercareReason,
      },
      discharged: { date: dischargedOn, dischargeOutcome, riskAssessmentSummary, referrerNotifiedAt: referrerTold?.moment ?? null, referrerNotYetTold: !referrerTold },
      aftercare: { date: aftercareStartedOn },
      closed: { date: closedOn },
      withdrawn: { date: withdrawnOn, withdrawnReason },
    };
    const columnFor = (stage: ReferralStage, field: string): ColumnKey => {
      const byField: Record<string, ColumnKey> = {
        eligibilityDecision: 'eligibilityDecision',
        eligibilityReasons: 'eligibilityReasons',
        serviceId: 'service',
        fundingRoute: 'fundingRoute',
        fundingDecision: 'fundingDecision',
        fundingDecidedBy: 'fundingDecidedBy',
        fundingDecisionReason: 'fundingDecisionReason',
        plannedWeeks: 'plannedWeeks',
        weeklyCost: 'weeklyCost',
        aftercarePlanAgreedOn: aftercarePlanAgreedOn && !planBeforeAdmission ? 'admittedWithoutAftercareReason' : 'aftercarePlanAgreedOn',
        dischargeOutcome: 'dischargeOutcome',
        riskAssessmentSummary: 'riskAssessmentSummary',
        referrerNotifiedOn: 'referrerToldAt',
        withdrawnReason: 'withdrawnReason',
      };
      return byField[field] ?? stageDateKey[stage];
    };
    let walking: ReferralState = newReferralState(identifiedOn);
    for (const stage of journeyStages) {
      const stageDetails = details[stage];
      if (!stageDetails.date) continue;
      if (!nextStages(walking.stage).includes(stage) && (isFinal(walking.stage) || stage !== 'withdrawn')) {
        if (isFinal(walking.stage)) {
          complain(stageDateKey[stage], `the referral was ${stageNames[walking.stage]} on ${longDate(currentStageDate(walking).date)}, so it cannot reach a later stage. Remove this date, or the date it was ${stageNames[walking.stage]}`);
        } else {
          const missing = allowedNextStages(walking)
            .filter((next) => next !== 'withdrawn' && next !== 'closed')
            .map((next) => headingOf(stageDateKey[next]));
          complain(
            stageDateKey[stage],
            missing.length
              ? `the row has no date for the stage before this one. Fill in ${orList(missing)} as well, or remove this date`
              : `a referral that is ${stageNames[walking.stage]} cannot go on to be ${stageNames[stage]}. Remove this date`,
          );
        }
        break;
      }
      const found = transitionProblems(walking, stage, stageDetails, context.today);
      if (found.length) {
        for (const [field, message] of found) {
          const laterPlan = field === 'aftercarePlanAgreedOn' && aftercarePlanAgreedOn && !planBeforeAdmission;
          complain(columnFor(stage, field), laterPlan ? 'the aftercare plan was agreed after admission. Say why the person was admitted without one' : fromForm(message));
        }
        break;
      }
      walking = withChanges(walking, applyTransition(walking, stage, stageDetails));
    }
    if (!problems.length) state = walking;
  }
  // A plan agreed after admission is kept, as the referral page would record it later.
  if (aftercarePlanAgreedOn && identifiedOn && aftercarePlanAgreedOn < identifiedOn) {
    complain('aftercarePlanAgreedOn', `the date is before ${headingOf('identifiedOn')} (${longDate(identifiedOn)})`);
  }

  const stage: ReferralStage = state?.stage ?? 'identified';
  if (state && givenStage && givenStage !== stage) {
    complain('stage', `the row says ${stageTags[givenStage].text} but its dates show ${stageTags[stage].text}. Correct the stage or the dates, or leave the stage empty`);
  }

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    referral: {
      row,
      localReference,
      stage,
      identifiedVia: via as IdentifiedVia,
      referringService,
      keyworkerRole,
      ageBand: ageBand as AgeBand,
      sex,
      ethnicityGroup,
      disability,
      pregnant,
      parentalResponsibility,
      mainSubstance: mainSubstance as (typeof mainSubstances)[number],
      complexity,
      eligibilityInformationGiven,
      identifiedOn: identifiedOn as string,
      referredOn,
      assessedOn,
      eligibilityDecision,
      eligibilityReasons,
      preparingOn,
      preparationGroup,
      informationPackGiven,
      serviceVisit,
      detoxArranged,
      serviceId: service?.id ?? null,
      serviceName: service?.name ?? null,
      fundingRequestedOn,
      fundingRoute,
      fundingDecision,
      fundingDecidedBy,
      fundingDecisionReason,
      fundingDecidedOn,
      waitingSince,
      aftercarePlanAgreedOn,
      admittedWithoutAftercareReason: state?.aftercare_plan_agreed_on && admittedOn ? '' : admittedWithoutAftercareReason,
      admittedOn,
      plannedWeeks,
      detoxIncluded,
      weeklyCostPence: weeklyCost ?? (admittedOn ? (service?.weeklyCostPence ?? null) : null),
      dischargedOn,
      dischargeOutcome,
      riskAssessmentSummary,
      referrerNotifiedAt: referrerTold?.moment ?? null,
      aftercareStartedOn,
      closedOn,
      withdrawnOn,
      withdrawnFromStage: (state as ReferralState & { withdrawn_from_stage?: ReferralStage | null }).withdrawn_from_stage ?? null,
      withdrawnReason,
    },
  };
}

/** A reference as compared for repeats: "nm-2025-0412" and "NM 2025 0412" are the same person. */
export function referenceKey(reference: string): string {
  return reference.toLowerCase().replace(/[\s./_-]+/g, '');
}

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
