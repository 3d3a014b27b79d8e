/** A count or other number with thousands separators ("12,345"), as GOV.UK style asks; anything else as it is. */
export function formatNumber(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value).toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return value === null || value === undefined ? '' : String(value);
}
