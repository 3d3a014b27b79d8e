import { formatPounds } from '../../platform/values/money.js';

/**
 * What a chart's values are:
 * - `percent`: a percentage from 0 to 100, like `Rate.percent` in measures.ts, shown as "30%";
 * - `number`: a count, shown as "1,250";
 * - `days`: a number of days, shown as "12 days" ("1 day");
 * - `pounds`: whole pounds (not pence), shown as "£24,000".
 */
export type ChartFormat = 'percent' | 'number' | 'days' | 'pounds';

// `|| 0` turns -0 into 0, so nothing rounds to "-0".
const wholeNumber = (value: number) => (Math.round(value) || 0).toLocaleString('en-GB');

/**
 * How a chart writes its values, on axes and labels, so tables can write them the same way.
 * Percentages have no decimals, and nor do counts, days or pounds.
 */
export function chartFormat(format: ChartFormat): (value: number) => string {
  switch (format) {
    case 'percent':
      // Access rates are around 1%, so percentages under 10% keep one decimal place.
      return (value) => (Math.abs(value) < 9.95 ? `${(Math.round(value * 10) / 10 || 0).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%` : `${wholeNumber(value)}%`);
    case 'number':
      return wholeNumber;
    case 'days':
      return (value) => `${wholeNumber(value)} ${Math.round(value) === 1 ? 'day' : 'days'}`;
    case 'pounds':
      return (value) => formatPounds(Math.round(value) * 100);
  }
}

/** Axis ticks are shorter than labels: "12" under an axis labelled in days, not "12 days". */
export function tickFormat(format: ChartFormat): (value: number) => string {
  return format === 'days' ? wholeNumber : chartFormat(format);
}
