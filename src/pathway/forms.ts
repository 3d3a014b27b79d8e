import { z } from 'zod';
import {
  ageBands,
  complexityIndicators,
  dischargeOutcomes,
  eligibilityDecisions,
  ethnicityGroups,
  fundingDeciders,
  fundingDecisions,
  fundingRoutes,
  identifiedVia,
  mainSubstances,
  pregnancyAnswers,
  type ReferralStage,
  referralStages,
  sexes,
  yesNoNotStated,
} from '../platform/db/schema.js';
import { choice, dateField, optionalText, requiredText, searchText } from '../platform/web/fields.js';
import { type FormErrors, formErrors, gatherDateParts, validateForm } from '../platform/web/forms.js';
import { parsePounds } from '../platform/values/money.js';
import { ukLocalToInstant } from '../platform/values/calendar.js';
import { ageBandProblem, localReferenceProblem, type ReferralDetails, underEighteen, validateReferralDetails } from './rules/referral-details.js';
import type { Problem, StageDetails } from './rules/referral-state.js';
import { stageDateNames } from './rules/stages.js';

/** The pathway tracker's forms, with messages in the GOV.UK style. */

const version = z.coerce.number({ error: 'Reload the page and try again' }).int({ error: 'Reload the page and try again' }).min(1, { error: 'Reload the page and try again' });

const longText = (maximum: number, what: string) =>
  optionalText(maximum, `${what} must be ${maximum.toLocaleString('en-GB')} characters or fewer`).transform((value) => value ?? '');

/** Ticked checkboxes arrive as nothing, one string or several strings. */
const ticked = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((item) => item !== ''));

/** An answer from a list that the rules (not the form) insist on: missing is null, anything else is refused. */
function optionalChoice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z
    .union([z.literal(''), z.enum(values)], { error: message })
    .optional()
    .transform((value) => (value ? value : null));
}

const optionalServiceId = z
  .union([z.literal(''), z.uuid()], { error: 'Select a service from the list' })
  .optional()
  .transform((value) => (value ? value.toLowerCase() : null));

/** Puts [field, message] pairs in the order the fields appear on the form. */
export function errorsInOrder(problems: Problem[], order: readonly string[], dateFields: ReadonlySet<string> = new Set()): FormErrors {
  const position = (field: string) => {
    const index = order.indexOf(field);
    return index === -1 ? order.length : index;
  };
  const sorted = problems.map((problem, index) => ({ problem, index })).sort((a, b) => position(a.problem[0]) - position(b.problem[0]) || a.index - b.index);
  return formErrors(
    sorted.map((item) => item.problem),
    dateFields,
  );
}

/** "14:30", "2:30pm", "2.30 pm", "9am" as 'HH:MM'; null when it is not a time. */
export function parseClockTime(text: string): string | null {
  const cleaned = text.trim().toLowerCase().replace(/\s+/g, '');
  const match = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(cleaned);
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? '0');
  const period = match[3];
  if (minute > 59) return null;
  if (period) {
    if (hour < 1 || hour > 12) return null;
    if (period === 'am' && hour === 12) hour = 0;
    if (period === 'pm' && hour !== 12) hour += 12;
  } else if (match[2] === undefined || hour > 23) {
    return null;
  }
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Fields that are GOV.UK date inputs, so the error summary links to their first box. */
export const dateFieldNames = new Set(['identifiedOn', 'date', 'aftercarePlanAgreedOn', 'referrerNotifiedOn', 'contactedOn', 'completedOn', 'agreedOn', 'toldOn']);

// The referral record --------------------------------------------------------------------------------

export const detailFieldOrder = [
  'localReference',
  'identifiedVia',
  'identifiedOn',
  'referringService',
  'keyworkerRole',
  'ageBand',
  'sex',
  'ethnicityGroup',
  'disability',
  'pregnant',
  'parentalResponsibility',
  'mainSubstance',
  'complexity',
  'eligibilityInformationGiven',
  'version',
] as const;

const detailSchema = z.object({
  localReference: z.string().optional().transform((value) => (value ?? '').trim()),
  identifiedVia: choice(identifiedVia, 'Select how the person was identified as someone who might need residential treatment'),
  identifiedOn: dateField({ inSentence: 'the date identified', asSubject: 'Date identified' }, false),
  referringService: requiredText('Enter the referring service', 150, 'Referring service must be 150 characters or fewer'),
  keyworkerRole: longText(100, 'Keyworker role or team'),
  ageBand: choice([...ageBands, underEighteen] as const, 'Select the person’s age band'),
  sex: choice(sexes, 'Select the person’s sex'),
  ethnicityGroup: choice(ethnicityGroups, 'Select the person’s ethnic group'),
  disability: choice(yesNoNotStated, 'Select whether the person has a disability'),
  pregnant: choice(pregnancyAnswers, 'Select whether the person is pregnant'),
  parentalResponsibility: choice(yesNoNotStated, 'Select whether the person is responsible for a child'),
  mainSubstance: choice(mainSubstances, 'Select the main substance the person needs treatment for'),
  complexity: ticked.refine((values) => values.every((value) => (complexityIndicators as readonly string[]).includes(value)), { error: 'Select complex needs from the list' }),
  eligibilityInformationGiven: choice(['yes', 'no'] as const, 'Select whether the person has been given information about who can get residential treatment'),
});

const detailEditSchema = detailSchema.extend({ version });

export type DetailsForm =
  | { ok: true; details: ReferralDetails; version: number | null; values: Record<string, unknown> }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/**
 * The new-referral and edit forms: each answer from its list, then the record's own rules (the
 * reference must not identify the person; adults only), all reported together.
 */
export function validateDetailsForm(body: unknown, today: string, options: { edit: boolean; nextStageDate?: string | null }): DetailsForm {
  const form = validateForm(options.edit ? detailEditSchema : detailSchema, body);
  if (!form.ok) {
    // Still say what is wrong with the reference and age band, so one round of corrections is enough.
    const raw = form.values;
    const extra: Problem[] = [];
    const reference = localReferenceProblem(typeof raw.localReference === 'string' ? raw.localReference : '');
    if (reference && !form.errors.fields.localReference) extra.push(['localReference', reference]);
    const age = typeof raw.ageBand === 'string' ? ageBandProblem(raw.ageBand) : null;
    if (age && raw.ageBand === underEighteen) extra.push(['ageBand', age]);
    const existing = form.errors.summary.map((item) => [item.href.replace(/^#/, '').replace(/-day$/, ''), item.text] as Problem);
    return { ok: false, errors: errorsInOrder([...existing, ...extra], detailFieldOrder, dateFieldNames), values: form.values };
  }
  const data = form.data;
  const problems = validateReferralDetails({ localReference: data.localReference, ageBand: data.ageBand, identifiedOn: data.identifiedOn }, today, {
    nextStageDate: options.nextStageDate ?? null,
  });
  if (problems.length || !data.identifiedOn || data.ageBand === underEighteen) {
    return { ok: false, errors: errorsInOrder(problems, detailFieldOrder, dateFieldNames), values: form.values };
  }
  const details: ReferralDetails = {
    localReference: data.localReference,
    identifiedVia: data.identifiedVia,
    identifiedOn: data.identifiedOn,
    referringService: data.referringService,
    keyworkerRole: data.keyworkerRole,
    ageBand: data.ageBand,
    sex: data.sex,
    ethnicityGroup: data.ethnicityGroup,
    disability: data.disability,
    pregnant: data.pregnant,
    parentalResponsibility: data.parentalResponsibility,
    mainSubstance: data.mainSubstance,
    complexity: [...new Set(data.complexity)] as ReferralDetails['complexity'],
    eligibilityInformationGiven: data.eligibilityInformationGiven === 'yes',
  };
  return { ok: true, details, version: 'version' in data ? (data.version as number) : null, values: form.values };
}

/** The list's filters, from the address. */
export const referralListQuery = z.object({
  stage: z
    .union([z.literal(''), z.enum(referralStages)], { error: 'Select a stage from the list' })
    .optional()
    .transform((value) => value || undefined),
  q: searchText(30, 'Search must be 30 characters or fewer'),
  page: z.coerce.number({ error: 'Page must be a number' }).int({ error: 'Page must be a number' }).min(1, { error: 'Page must be a number' }).max(100_000).optional().default(1),
});

// Stage forms ------------------------------------------------------------------------------------

export const preparationSteps = ['preparation_group', 'information_pack', 'service_visit', 'detox_arranged'] as const;

function optionalWholeNumber(what: string) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      const text = (value ?? '').trim();
      if (!text) return null;
      if (!/^\d+$/.test(text)) {
        context.addIssue({ code: 'custom', message: `${what} must be a whole number, like 12` });
        return z.NEVER;
      }
      return Number(text);
    });
}

function optionalPounds(what: string) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      const reading = parsePounds(value ?? '', { maximumPounds: 20_000 });
      if (reading.ok) return reading.pence;
      const message = reading.problem === 'too_large' ? `${what} must be £20,000 or less` : `${what} must be an amount in pounds, like 650 or 650.50`;
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    });
}

/** The order of each stage form's fields, for the error summary. */
export const stageFieldOrder = [
  'stage',
  'date',
  'eligibilityDecision',
  'eligibilityReasons',
  'preparation',
  'serviceId',
  'fundingRoute',
  'fundingDecision',
  'fundingDecidedBy',
  'fundingDecisionReason',
  'plannedWeeks',
  'detoxIncluded',
  'weeklyCost',
  'aftercarePlan',
  'aftercarePlanAgreedOn',
  'noAftercarePlanReason',
  'dischargeOutcome',
  'riskAssessmentSummary',
  'referrerTold',
  'referrerNotifiedOn',
  'referrerNotifiedTime',
  'withdrawnReason',
  'version',
] as const;

function stageSchema(stage: ReferralStage) {
  const dateName = stageDateNames[stage];
  return z.object({
    version,
    date: dateField({ inSentence: dateName.toLowerCase(), asSubject: dateName }, false),
    eligibilityDecision: optionalChoice(eligibilityDecisions, 'Select whether the person is eligible from the list'),
    eligibilityReasons: longText(2000, 'Reasons'),
    preparation: ticked.refine((values) => values.every((value) => (preparationSteps as readonly string[]).includes(value)), { error: 'Select preparation steps from the list' }),
    serviceId: optionalServiceId,
    fundingRoute: optionalChoice(fundingRoutes, 'Select a funding route from the list'),
    fundingDecision: optionalChoice(fundingDecisions, 'Select approved or declined'),
    fundingDecidedBy: optionalChoice(fundingDeciders, 'Select who made the decision from the list'),
    fundingDecisionReason: longText(2000, 'Reason'),
    plannedWeeks: optionalWholeNumber('Planned length of stay'),
    detoxIncluded: ticked,
    weeklyCost: optionalPounds('Weekly cost'),
    aftercarePlan: optionalChoice(['agreed', 'not_agreed'] as const, 'Select whether an aftercare plan has been agreed'),
    aftercarePlanAgreedOn: dateField({ inSentence: 'the date the aftercare plan was agreed', asSubject: 'Date the aftercare plan was agreed' }, false),
    noAftercarePlanReason: longText(2000, 'Reason'),
    dischargeOutcome: optionalChoice(dischargeOutcomes, 'Select how the placement ended from the list'),
    riskAssessmentSummary: longText(4000, 'Risk assessment summary'),
    referrerTold: optionalChoice(['yes', 'not_yet'] as const, 'Select whether the referrer has been told'),
    referrerNotifiedOn: dateField({ inSentence: 'the date the referrer was told', asSubject: 'Date the referrer was told' }, false),
    referrerNotifiedTime: z.string().optional().transform((value) => (value ?? '').trim()),
    withdrawnReason: longText(2000, 'Reason'),
  });
}

export type StageForm =
  | { ok: true; details: StageDetails; version: number; values: Record<string, unknown> }
  | { ok: false; problems: Problem[]; values: Record<string, unknown> };

/**
 * A stage form turned into the details the rules check. Only shape is checked here (dates are
 * real dates, numbers are numbers, answers come from their lists); what each stage requires is
 * the rules' job, so the same messages come from the web, the provider pages and the import.
 */
export function readStageForm(stage: ReferralStage, body: unknown): StageForm {
  const form = validateForm(stageSchema(stage), body);
  if (!form.ok) {
    return { ok: false, problems: form.errors.summary.map((item) => [item.href.replace(/^#/, '').replace(/-day$/, ''), item.text] as Problem), values: form.values };
  }
  const data = form.data;
  const problems: Problem[] = [];
  const details: StageDetails = { date: data.date };
  switch (stage) {
    case 'assessed':
      Object.assign(details, { eligibilityDecision: data.eligibilityDecision, eligibilityReasons: data.eligibilityReasons });
      break;
    case 'preparing':
      Object.assign(details, {
        preparationGroup: data.preparation.includes('preparation_group'),
        informationPackGiven: data.preparation.includes('information_pack'),
        serviceVisit: data.preparation.includes('service_visit'),
        detoxArranged: data.preparation.includes('detox_arranged'),
        serviceId: data.serviceId,
      });
      break;
    case 'funding_requested':
      Object.assign(details, { fundingRoute: data.fundingRoute, serviceId: data.serviceId });
      break;
    case 'funding_decided':
      Object.assign(details, { fundingDecision: data.fundingDecision, fundingDecidedBy: data.fundingDecidedBy, fundingDecisionReason: data.fundingDecisionReason });
      break;
    case 'admitted':
      Object.assign(details, {
        serviceId: data.serviceId,
        plannedWeeks: data.plannedWeeks,
        detoxIncluded: data.detoxIncluded.includes('yes'),
        weeklyCostPence: data.weeklyCost,
      });
      if (!data.aftercarePlan) problems.push(['aftercarePlan', 'Select whether an aftercare plan was agreed before admission']);
      else if (data.aftercarePlan === 'agreed') {
        if (!data.aftercarePlanAgreedOn) problems.push(['aftercarePlanAgreedOn', 'Enter the date the aftercare plan was agreed']);
        details.aftercarePlanAgreedOn = data.aftercarePlanAgreedOn;
      } else {
        if (!data.noAftercarePlanReason.trim()) problems.push(['noAftercarePlanReason', 'Enter why the person is being admitted without an agreed aftercare plan']);
        details.noAftercarePlanReason = data.noAftercarePlanReason;
      }
      break;
    case 'discharged':
      Object.assign(details, { dischargeOutcome: data.dischargeOutcome, riskAssessmentSummary: data.riskAssessmentSummary });
      if (data.referrerTold === 'not_yet') details.referrerNotYetTold = true;
      if (data.referrerTold === 'yes') {
        const time = parseClockTime(data.referrerNotifiedTime);
        if (!data.referrerNotifiedOn) problems.push(['referrerNotifiedOn', 'Enter the date the referrer was told']);
        if (!data.referrerNotifiedTime) problems.push(['referrerNotifiedTime', 'Enter the time the referrer was told']);
        else if (!time) problems.push(['referrerNotifiedTime', 'Time the referrer was told must be a real time, like 14:30 or 2:30pm']);
        if (data.referrerNotifiedOn && time) details.referrerNotifiedAt = ukLocalToInstant(data.referrerNotifiedOn, time);
      }
      break;
    case 'withdrawn':
      details.withdrawnReason = data.withdrawnReason;
      break;
    default:
      break;
  }
  if (problems.length) return { ok: false, problems, values: form.values };
  return { ok: true, details, version: data.version, values: form.values };
}

/**
 * The rules name one field for "when was the referrer told"; on the form, if the person has not
 * answered whether the referrer was told, the message belongs beside that question.
 */
export function placeStageProblems(problems: Problem[], values: Record<string, unknown>): Problem[] {
  return problems.map(([field, message]) => {
    if (field === 'referrerNotifiedOn' && values.referrerTold !== 'yes') return ['referrerTold', message];
    if (field === 'aftercarePlanAgreedOn' && values.aftercarePlan === 'not_agreed') return ['noAftercarePlanReason', message];
    return [field, message];
  });
}

// Contacts, reviews and the follow-up records --------------------------------------------------------

export const contactForm = z.object({
  contactedOn: dateField({ inSentence: 'the date of the contact', asSubject: 'Date of the contact' }, false),
  note: longText(1000, 'Note'),
});

export const reviewForm = z.object({
  version,
  completedOn: dateField({ inSentence: 'the date the review was done', asSubject: 'Date the review was done' }, false),
  notes: longText(2000, 'Notes'),
});

export const aftercarePlanForm = z.object({
  version,
  agreedOn: dateField({ inSentence: 'the date the aftercare plan was agreed', asSubject: 'Date the aftercare plan was agreed' }, false),
});

const referrerToldSchema = z.object({
  version,
  toldOn: dateField({ inSentence: 'the date the referrer was told', asSubject: 'Date the referrer was told' }, false),
  toldTime: z.string().optional().transform((value) => (value ?? '').trim()),
});

export function readReferrerToldForm(body: unknown): { ok: true; toldAt: Date | null; version: number; values: Record<string, unknown> } | { ok: false; errors: FormErrors; values: Record<string, unknown> } {
  const form = validateForm(referrerToldSchema, body);
  if (!form.ok) return form;
  const problems: Problem[] = [];
  const time = parseClockTime(form.data.toldTime);
  if (!form.data.toldTime) problems.push(['toldTime', 'Enter the time the referrer was told']);
  else if (!time) problems.push(['toldTime', 'Time the referrer was told must be a real time, like 14:30 or 2:30pm']);
  if (!form.data.toldOn) problems.unshift(['toldOn', 'Enter the date the referrer was told']);
  if (problems.length) return { ok: false, errors: formErrors(problems, dateFieldNames), values: form.values };
  return { ok: true, toldAt: form.data.toldOn && time ? ukLocalToInstant(form.data.toldOn, time) : null, version: form.data.version, values: form.values };
}

/** The submitted values gathered (date boxes into parts), for showing a form again. */
export function gatheredValues(body: unknown): Record<string, unknown> {
  return gatherDateParts((typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>).gathered;
}
