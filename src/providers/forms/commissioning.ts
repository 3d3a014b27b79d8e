import { z } from 'zod';
import { contractTypes, preferredDecisions } from '../../platform/db/schema.js';
import { choice, dateField, optionalLongText, requiredText, tickedField, versionField } from '../../platform/web/fields.js';
import { type FormResult, formErrors, validateForm } from '../../platform/web/forms.js';
import { parsePounds } from '../../platform/values/money.js';
import { contractDateProblems, reviewDateProblems } from '../commissioning-rules.js';

/** Forms for contracts, the preferred-provider list, its reviews and local notes, with messages in the GOV.UK style. */

const version = versionField;
const ticked = tickedField;

const serviceChoice = z.uuid({ error: 'Select a service from the list' }).transform((value) => value.toLowerCase());

/** An optional whole number typed in a box; commas are allowed ("1,000"). */
function optionalWholeNumber(what: string, maximum: number) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      const cleaned = (value ?? '').trim().replace(/,/g, '');
      if (!cleaned) return null;
      if (/^-\d+$/.test(cleaned)) {
        context.addIssue({ code: 'custom', message: `${what} must be 0 or more` });
        return z.NEVER;
      }
      if (!/^\d+$/.test(cleaned)) {
        context.addIssue({ code: 'custom', message: `${what} must be a whole number, like 365` });
        return z.NEVER;
      }
      const number = Number(cleaned);
      if (number > maximum) {
        context.addIssue({ code: 'custom', message: `${what} must be ${maximum.toLocaleString('en-GB')} or fewer` });
        return z.NEVER;
      }
      return number;
    });
}

/** An optional amount in pounds typed in a box, stored in pence. */
function optionalPounds(what: string, maximumPounds: number) {
  return z
    .string()
    .optional()
    .transform((value, context) => {
      const reading = parsePounds(value ?? '', { maximumPounds });
      if (reading.ok) return reading.pence;
      const messages = {
        too_small: `${what} must be £0 or more`,
        not_an_amount: `${what} must be an amount in pounds, like 650 or 650.50`,
        too_large: `${what} must be £${maximumPounds.toLocaleString('en-GB')} or less`,
      };
      context.addIssue({ code: 'custom', message: messages[reading.problem] });
      return z.NEVER;
    });
}

// Contracts ----------------------------------------------------------------------------------------

export const contractRequirements = ['ndtms_reporting', 'user_involvement', 'feedback_surveys'] as const;
export type ContractRequirement = (typeof contractRequirements)[number];

const contractFields = {
  serviceId: serviceChoice,
  contractType: choice(contractTypes, 'Select whether this is a spot purchase or a block contract'),
  reference: optionalLongText(100, 'Reference'),
  startsOn: dateField({ inSentence: 'the start date', asSubject: 'Start date' }, true),
  endsOn: dateField({ inSentence: 'the end date', asSubject: 'End date' }, true),
  bedNightsPurchased: optionalWholeNumber('Bed nights purchased', 1_000_000),
  bedNightsUsed: optionalWholeNumber('Bed nights used', 1_000_000),
  weeklyPrice: optionalPounds('Weekly price', 100_000),
  requirements: ticked.refine((values) => values.every((value) => (contractRequirements as readonly string[]).includes(value)), {
    error: 'Select requirements from the list',
  }),
  nextReviewOn: dateField({ inSentence: 'the next review date', asSubject: 'Next review date' }, false),
  notes: optionalLongText(5000, 'Notes'),
};

const contractForm = z.object(contractFields);
const contractEditForm = z.object({ ...contractFields, version });

const contractFieldOrder = Object.keys(contractFields);
const contractDateFields = new Set(['startsOn', 'endsOn', 'nextReviewOn']);

/** The contract as the repository stores it. */
export function contractDetails(data: z.output<typeof contractForm>) {
  return {
    serviceId: data.serviceId,
    contractType: data.contractType,
    reference: data.reference,
    startsOn: data.startsOn,
    endsOn: data.endsOn,
    bedNightsPurchased: data.bedNightsPurchased,
    bedNightsUsed: data.bedNightsUsed,
    weeklyPricePence: data.weeklyPrice,
    requiresNdtmsReporting: data.requirements.includes('ndtms_reporting'),
    requiresUserInvolvement: data.requirements.includes('user_involvement'),
    requiresFeedbackSurveys: data.requirements.includes('feedback_surveys'),
    nextReviewOn: data.nextReviewOn,
    notes: data.notes,
  };
}

/**
 * Validates a form, then adds problems that compare fields (such as two dates). Those checks
 * run whenever the fields they need are valid, so they are reported with any other problems,
 * and the error summary keeps the order of the form.
 */
function validateWithChecks<S extends z.ZodType>(
  schema: S,
  fieldOrder: readonly string[],
  dateFields: ReadonlySet<string>,
  body: unknown,
  checks: (values: Record<string, unknown>) => Array<[field: string, message: string]>,
): FormResult<z.output<S>> {
  const form = validateForm(schema, body);
  const problems = checks(form.values);
  if (form.ok && !problems.length) return form;
  const messages: Array<[string, string]> = form.ok ? [] : Object.entries(form.errors.fields).map(([field, message]) => [field, message.text]);
  messages.push(...problems);
  const position = (field: string) => {
    const index = fieldOrder.indexOf(field);
    return index === -1 ? fieldOrder.length : index;
  };
  messages.sort((a, b) => position(a[0]) - position(b[0]));
  return { ok: false, errors: formErrors(messages, new Set(dateFields)), values: form.values };
}

/** A field's value if it is valid on its own, otherwise undefined. */
function validField<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Checks a contract form, including that the end date is not before the start date. */
export function validateContract(body: unknown) {
  return validateWithChecks(contractForm, contractFieldOrder, contractDateFields, body, (values) => {
    const startsOn = validField(contractFields.startsOn, values.startsOn);
    const endsOn = validField(contractFields.endsOn, values.endsOn);
    return startsOn && endsOn ? contractDateProblems({ startsOn, endsOn }) : [];
  });
}

export function validateContractEdit(body: unknown) {
  return validateWithChecks(contractEditForm, contractFieldOrder, contractDateFields, body, (values) => {
    const startsOn = validField(contractFields.startsOn, values.startsOn);
    const endsOn = validField(contractFields.endsOn, values.endsOn);
    return startsOn && endsOn ? contractDateProblems({ startsOn, endsOn }) : [];
  });
}

/** The filters above the contract list. Values only come from the form, so anything else is refused. */
export const contractFilterQuery = z.object({
  type: z
    .union([z.literal(''), z.enum(contractTypes)], { error: 'Select a type of contract from the list' })
    .optional()
    .transform((value) => value || undefined),
  ending: z
    .union([z.literal(''), z.literal('soon')], { error: 'Select the filters from the list' })
    .optional()
    .transform((value) => value === 'soon'),
  review: z
    .union([z.literal(''), z.literal('overdue')], { error: 'Select the filters from the list' })
    .optional()
    .transform((value) => value === 'overdue'),
});

export const deleteForm = z.object({ version });

// Preferred-provider list ----------------------------------------------------------------------------

export const preferredForm = z.object({ serviceId: serviceChoice });

export const preferredFilterQuery = z.object({
  due: z
    .union([z.literal(''), z.literal('yes')], { error: 'Select the filter from the list' })
    .optional()
    .transform((value) => value === 'yes'),
});

const reviewFields = {
  reviewedOn: dateField({ inSentence: 'the date of the review', asSubject: 'Date of the review' }, true),
  dataConsidered: requiredText('Enter the data you looked at', 5000, 'Data looked at must be 5,000 characters or fewer'),
  serviceUserFeedback: optionalLongText(5000, 'Feedback from people who used the service'),
  visitMade: choice(['yes', 'no'] as const, 'Select yes if someone visited the service for this review').transform((value) => value === 'yes'),
  decision: choice(preferredDecisions, 'Select the decision'),
  decisionNotes: optionalLongText(5000, 'Reasons and conditions'),
  nextReviewOn: dateField({ inSentence: 'the next review date', asSubject: 'Next review date' }, false),
};

const reviewForm = z.object(reviewFields);

/**
 * Checks a review: its date cannot be in the future, the next review comes after it, and a
 * decision to keep with conditions or to remove needs its conditions or reasons written down.
 */
export function validateReview(body: unknown, today: string) {
  return validateWithChecks(reviewForm, Object.keys(reviewFields), new Set(['reviewedOn', 'nextReviewOn']), body, (values) => {
    const reviewedOn = validField(reviewFields.reviewedOn, values.reviewedOn);
    const nextReviewOn = validField(reviewFields.nextReviewOn, values.nextReviewOn);
    const decision = validField(reviewFields.decision, values.decision);
    const notes = validField(reviewFields.decisionNotes, values.decisionNotes);
    const problems = reviewedOn ? reviewDateProblems({ reviewedOn, nextReviewOn: nextReviewOn ?? null }, today) : [];
    if (decision === 'keep_with_conditions' && notes === '') problems.push(['decisionNotes', 'Enter the conditions the service must meet']);
    if (decision === 'remove' && notes === '') problems.push(['decisionNotes', 'Enter why the service is being taken off the list']);
    return problems;
  });
}

// Local notes ------------------------------------------------------------------------------------------

export const noteForm = z.object({
  note: requiredText('Enter the note', 2000, 'Note must be 2,000 characters or fewer'),
});
