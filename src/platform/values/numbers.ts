// Made once: toLocaleString with options builds a new formatter on every call.
const ukNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** A count or other number with thousands separators ("12,345"), as GOV.UK style asks; anything else as it is. */
export function formatNumber(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return ukNumber.format(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return ukNumber.format(Number(value));
  return value === null || value === undefined ? '' : String(value);
}
