import { z } from 'zod';

/** The sharing setting's form: yes or no, and the version the lead commissioner saw. */
export const sharingForm = z.object({
  sharesFigures: z.enum(['yes', 'no'], { error: 'Select yes if your partnership shares its figures with regional and national analysts' }).transform((value) => value === 'yes'),
  version: z.coerce.number().int().min(0),
});

/** The audit log's words for a change of the setting. */
export function sharingSummary(before: boolean, after: boolean): string {
  if (before === after) return after ? 'Kept sharing figures with regional and national analysts' : 'Kept not sharing figures with regional and national analysts';
  return after ? 'Started sharing figures with regional and national analysts' : 'Stopped sharing figures with regional and national analysts';
}

export const sharingConflict = 'Someone else changed this setting while you were looking at it. Check the setting below and choose again.';
