/**
 * A value axis from zero (or below, for negative values) to a little above the largest value, with
 * about five ticks a round whole number apart (1, 2 or 5 times a power of ten), so that no two
 * ticks read the same once rounded to whole numbers as every chart format is. A `ceiling`, like
 * 100 for percentages, caps the top.
 */
export function valueAxis(values: readonly number[], options: { ceiling?: number } = {}): { domain: [number, number]; ticks: number[] } {
  const largest = Math.min(options.ceiling ?? Infinity, Math.max(0, ...values));
  const smallest = Math.min(0, ...values);
  const rough = Math.max(1, (largest - smallest) / 5);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((multiple) => multiple * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const top = Math.min(options.ceiling ?? Infinity, Math.max(step, Math.ceil((largest * 1.05) / step) * step));
  const bottom = smallest < 0 ? Math.floor((smallest * 1.05) / step) * step : 0;
  const ticks: number[] = [];
  for (let tick = bottom; tick <= top + step / 1e6; tick += step) ticks.push(Math.round(tick / step) * step);
  return { domain: [bottom, top], ticks };
}

/**
 * Moves labels at the given pixel positions apart so that no two are closer than `gap`, keeping
 * them between `low` and `high` where there is room: from the top, each is pushed down clear of
 * the one above, then from the bottom, back up clear of the one below. Returns the new positions
 * in the order given.
 */
export function placeLabels(positions: readonly number[], gap: number, low: number, high: number): number[] {
  const order = positions.map((position, index) => ({ position, index })).sort((a, b) => a.position - b.position || a.index - b.index);
  const placed = order.map((label) => label.position);
  // Push down from the top, then back up from the bottom if the last ones went past it.
  for (let i = 0; i < placed.length; i++) placed[i] = Math.max(placed[i]!, i === 0 ? low : placed[i - 1]! + gap);
  for (let i = placed.length - 1; i >= 0; i--) placed[i] = Math.min(placed[i]!, i === placed.length - 1 ? high : placed[i + 1]! - gap);
  const result = new Array<number>(positions.length);
  order.forEach((label, i) => (result[label.index] = placed[i]!));
  return result;
}
