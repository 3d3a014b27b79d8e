import { addDays, isoDateOfUtcMoment } from '../platform/values/calendar.js';

/** A small repeatable random sequence, so every demo database tells the same story. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** The ISO date a number of days from today, so demo data stays current whenever it is made. */
export function isoDaysFrom(today: Date, days: number): string {
  return addDays(isoDateOfUtcMoment(today), days);
}
