import type { AgeBand } from '../../platform/db/schema.js';
import { bad, choiceKey, cleanText, good, orList, quoted, type Read, readDate } from '../../platform/tabular/cells.js';
import { ukLocalToInstant } from '../../platform/values/calendar.js';
import { ageBandLabels } from '../labels.js';
import { localReferenceProblem, underEighteenMessage } from '../rules/referral-details.js';
import { choiceLists } from './choice-lists.js';

/** Cells that need more than the platform's readers: the reference, the keyworker's role, an age, a date with a time. */

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
export function roleProblem(text: string): string | null {
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

/** A reference as compared for repeats: "nm-2025-0412" and "NM 2025 0412" are the same person. */
export function referenceKey(reference: string): string {
  return reference.toLowerCase().replace(/[\s./_-]+/g, '');
}
