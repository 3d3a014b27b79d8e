import { formatPounds } from '../../platform/values/money.js';
import { type Audience, countText, disclosureThreshold, isSmallCount, rateText, showCount, showGroups, showRate } from '../disclosure.js';
import type { Distribution, Rate } from '../measures.js';

/**
 * Every figure on the insight pages is written through one of these, so the audience decides
 * once what may be shown: the partnership's own staff see exact numbers (with "too few to
 * compare" where a figure rests on few people); anyone else sees counts of 1 to 4 as "fewer
 * than 5", and rates, waits and costs built on them withheld.
 */

export interface FigureText {
  audience: Audience;
  count(value: number): string;
  /** A set of counts shown with their total: small ones hidden, and others so none can be worked out. */
  counts(values: readonly number[], options?: { totalShown?: boolean }): string[];
  /** '30%'. */
  percent(value: Rate): string;
  /** '3 of 10'. */
  basis(value: Rate): string;
  /** '12 days', from a distribution's median or 90th percentile. */
  days(value: Distribution, which: 'median' | 'p90'): string;
  /** '£24,000', for a cost built on `cases` placements. */
  pounds(pence: number | null, cases: number): string;
  /** Whether the figure rests on too few people to compare. */
  tooFew(cases: number, minimum?: number): boolean;
}

const oneDecimal = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** Percentages under 10% keep one decimal place (1.0%, 1.2%), since access rates are around 1%. */
export function percentWords(percent: number): string {
  if (percent === 0) return '0%';
  if (percent < 9.95) return `${percent.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
  return `${Math.round(percent).toLocaleString('en-GB')}%`;
}

export function figureText(audience: Audience): FigureText {
  const shared = audience === 'shared';
  const hidden = (cases: number) => shared && isSmallCount(cases);
  return {
    audience,
    count: (value) => countText(showCount(value, audience)),
    counts: (values, options = {}) => showGroups(values, audience, options).map(countText),
    percent(value) {
      if (value.denominator === 0) return 'no cases';
      const shown = showRate(value.numerator, value.denominator, audience);
      return shown.kind === 'rate' ? percentWords(shown.percent) : rateText(shown);
    },
    basis(value) {
      if (value.denominator === 0) return 'no cases';
      return `${countText(showCount(value.numerator, audience))} of ${countText(showCount(value.denominator, audience))}`;
    },
    days(value, which) {
      const figure = value[which];
      if (figure === null) return 'no cases';
      if (hidden(value.count)) return `withheld (fewer than ${disclosureThreshold})`;
      return `${oneDecimal(figure)} ${figure === 1 ? 'day' : 'days'}`;
    },
    pounds(pence, cases) {
      if (pence === null) return 'not known';
      if (hidden(cases)) return `withheld (fewer than ${disclosureThreshold})`;
      return formatPounds(pence, { roundToPounds: true });
    },
    tooFew: (cases, minimum = 10) => cases < minimum,
  };
}

