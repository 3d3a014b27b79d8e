/**
 * Money is stored as whole pence and typed, imported and shown as pounds. One reader and one set
 * of writers, so every form, import and page agrees on what an amount looks like.
 */

export interface PoundsBounds {
  /** The least allowed, in pounds; 0 when left out. */
  minimumPounds?: number;
  /** The most allowed, in pounds. */
  maximumPounds: number;
}

/** Why a piece of text is not an allowed amount; each caller puts it into its own words. */
export type PoundsProblem = 'not_an_amount' | 'too_small' | 'too_large';

export type PoundsReading = { ok: true; pence: number | null } | { ok: false; problem: PoundsProblem };

/**
 * Thousands must be grouped in threes ("6,500", "1,250,000") or not at all ("6500"): a stray
 * comma such as "6,5,0" or "1,25" is more likely a typing slip than £650 or £125.
 */
const amountShape = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Reads pounds as a person types them ("1250", "£1,250.50", "99.5") as pence. Empty text is no
 * amount (pence null). A leading minus is always too small: money here is never negative.
 */
export function parsePounds(text: string, bounds: PoundsBounds): PoundsReading {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, pence: null };
  if (trimmed.startsWith('-')) return { ok: false, problem: 'too_small' };
  const shape = amountShape.exec(trimmed.replace(/^£\s*/, ''));
  if (!shape) return { ok: false, problem: 'not_an_amount' };
  const pence = Number((shape[1] as string).replace(/,/g, '')) * 100 + Number((shape[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(pence)) return { ok: false, problem: 'too_large' };
  if (pence < (bounds.minimumPounds ?? 0) * 100) return { ok: false, problem: 'too_small' };
  if (pence > bounds.maximumPounds * 100) return { ok: false, problem: 'too_large' };
  return { ok: true, pence };
}

/** Pence as pounds for a form box or a query string: 125000 → "1250", 125050 → "1250.50". */
export function poundsForInput(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return '';
  const pounds = Math.floor(pence / 100);
  const rest = pence % 100;
  return rest === 0 ? String(pounds) : `${pounds}.${String(rest).padStart(2, '0')}`;
}

/** Pence as a number of pounds, for spreadsheet cells. */
export function penceToPounds(pence: number | null | undefined): number | null {
  return pence === null || pence === undefined ? null : pence / 100;
}

/**
 * Pence shown as pounds on a page: "£1,250", or "£1,250.50" when there are pence. Totals and
 * averages that are only meant to be read roughly round to whole pounds.
 */
export function formatPounds(pence: number | null | undefined, options: { roundToPounds?: boolean } = {}): string {
  if (pence === null || pence === undefined) return 'Not known';
  const pounds = options.roundToPounds ? Math.round(pence / 100) : pence / 100;
  return `£${(Number.isInteger(pounds) ? wholePounds : poundsAndPence).format(pounds)}`;
}

// Made once: toLocaleString with options builds a new formatter on every call, which a page of prices paid for many times over.
const wholePounds = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const poundsAndPence = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
