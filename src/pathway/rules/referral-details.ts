import type {
  AgeBand,
  ComplexityIndicator,
  IdentifiedVia,
  ethnicityGroups,
  mainSubstances,
  pregnancyAnswers,
  sexes,
  yesNoNotStated,
} from '../../platform/db/schema.js';
import { ageBands } from '../../platform/db/schema.js';
import { longDate } from '../../platform/values/calendar.js';
import type { Problem } from './referral-state.js';

/**
 * The rules for the referral record itself. Records are pseudonymised: the local reference must
 * not be (or contain) a name, an NHS number or a date of birth, and the service is for adults.
 */

export interface ReferralDetails {
  localReference: string;
  identifiedVia: IdentifiedVia;
  identifiedOn: string;
  referringService: string;
  keyworkerRole: string;
  ageBand: AgeBand;
  sex: (typeof sexes)[number];
  ethnicityGroup: (typeof ethnicityGroups)[number];
  disability: (typeof yesNoNotStated)[number];
  pregnant: (typeof pregnancyAnswers)[number];
  parentalResponsibility: (typeof yesNoNotStated)[number];
  mainSubstance: (typeof mainSubstances)[number];
  complexity: ComplexityIndicator[];
  eligibilityInformationGiven: boolean;
}

/** The age band answer on the form: one of the adult bands, or "under 18" (which is refused). */
export const underEighteen = 'under_18';

export const localReferenceMaximum = 30;

export const notPersonalMessage = 'Use your local reference, not the person’s name, NHS number or date of birth';
export const underEighteenMessage =
  'Residential treatment through this service is for adults aged 18 or over. Refer someone under 18 to your local young people’s drug and alcohol service instead';

const monthWords = 'jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?';
const datePatterns = [
  // 01/02/1980, 1-2-80, 01.02.1980
  /(?<!\d)(0?[1-9]|[12]\d|3[01])[/.-](0?[1-9]|1[0-2])[/.-](\d{2}|\d{4})(?!\d)/,
  // 1980-02-01, 1980/2/1
  /(?<!\d)(19|20)\d{2}[/.-](0?[1-9]|1[0-2])[/.-](0?[1-9]|[12]\d|3[01])(?!\d)/,
  // 01021980 (day, month, year run together)
  /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(19|20)\d{2}(?!\d)/,
  // 1 Feb 1980, 1st February 80
  new RegExp(`(?<!\\d)(0?[1-9]|[12]\\d|3[01])(st|nd|rd|th)?[ .-]?(${monthWords})[ .-]?(\\d{2}|\\d{4})(?!\\d)`, 'i'),
];

/** Two words that each start with a capital and go on in lower case, like a first name and surname. */
const namePattern = /(?:^|[^\p{L}])\p{Lu}[\p{L}'’-]*\p{Ll}[ ]+\p{Lu}[\p{L}'’-]*\p{Ll}(?:$|[^\p{L}])/u;

/** Why a local reference may identify the person, or null if it looks like a local reference. */
export function localReferenceProblem(reference: string): string | null {
  const value = reference.trim();
  if (!value) return 'Enter the local reference';
  if (value.length > localReferenceMaximum) return `Local reference must be ${localReferenceMaximum} characters or fewer`;
  // Personal details first, so that a name with an apostrophe gets the message that matters.
  // An NHS number: 10 digits, perhaps written 3-3-4 with spaces or hyphens.
  if (/(?<!\d)\d{10}(?!\d)/.test(value) || /(?<![\d])\d{3}[ -]\d{3}[ -]\d{4}(?![\d])/.test(value)) return notPersonalMessage;
  if (datePatterns.some((pattern) => pattern.test(value))) return notPersonalMessage;
  if (namePattern.test(value)) return notPersonalMessage;
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/.test(value)) {
    return 'Local reference must only include letters, numbers, spaces, hyphens, slashes, full stops and underscores';
  }
  return null;
}

/** Problems with the age band answer: not given, or under 18. */
export function ageBandProblem(ageBand: string | null | undefined): string | null {
  if (!ageBand) return 'Select the person’s age band';
  if (ageBand === underEighteen) return underEighteenMessage;
  if (!(ageBands as readonly string[]).includes(ageBand)) return 'Select the person’s age band';
  return null;
}

/**
 * The record's own rules, beyond each answer being one from its list: the local reference must
 * not identify the person, the person must be an adult, and the date identified must not be in
 * the future (nor after the next stage's date, when the referral has moved on).
 */
export function validateReferralDetails(
  details: { localReference: string; ageBand: string; identifiedOn: string | null },
  today: string,
  options: { nextStageDate?: string | null } = {},
): Problem[] {
  const problems: Problem[] = [];
  const reference = localReferenceProblem(details.localReference);
  if (reference) problems.push(['localReference', reference]);
  const age = ageBandProblem(details.ageBand);
  if (age) problems.push(['ageBand', age]);
  if (!details.identifiedOn) problems.push(['identifiedOn', 'Enter the date the person was identified as someone who might need residential treatment']);
  else if (details.identifiedOn > today) problems.push(['identifiedOn', 'Date identified must be today or in the past']);
  else if (options.nextStageDate && details.identifiedOn > options.nextStageDate) {
    problems.push(['identifiedOn', `Date identified must be the same as or before the date of the referral (${longDate(options.nextStageDate)})`]);
  }
  return problems;
}

/** Which details changed between two versions of the record, named for the timeline. */
export function changedDetails(before: ReferralDetails, after: ReferralDetails): string[] {
  const names: Record<keyof ReferralDetails, string> = {
    localReference: 'local reference',
    identifiedVia: 'how they were identified',
    identifiedOn: 'date identified',
    referringService: 'referring service',
    keyworkerRole: 'keyworker role or team',
    ageBand: 'age band',
    sex: 'sex',
    ethnicityGroup: 'ethnic group',
    disability: 'disability',
    pregnant: 'pregnancy',
    parentalResponsibility: 'parental responsibility',
    mainSubstance: 'main substance',
    complexity: 'complex needs',
    eligibilityInformationGiven: 'eligibility information given',
  };
  return (Object.keys(names) as Array<keyof ReferralDetails>)
    .filter((key) => {
      const a = before[key];
      const b = after[key];
      return Array.isArray(a) && Array.isArray(b) ? [...a].sort().join(',') !== [...b].sort().join(',') : a !== b;
    })
    .map((key) => names[key]);
}
