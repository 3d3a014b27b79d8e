/**
 * Disclosure control for figures that leave the partnership's own staff: peer reviewers from
 * another area, exports for sharing, comparator views, and later an API. Residential treatment
 * numbers are small, and a count of 1 to 4 in a breakdown by ethnic group or age can point to a
 * person, so those are shown as "fewer than 5", and any percentage built on one is withheld.
 * 0 may be shown: it says nobody, which points to nobody.
 *
 * Where a set of counts is shown with its total (or adds up to a figure shown elsewhere), one
 * hidden count could be worked out by subtraction, so a second is hidden too (secondary
 * suppression). The partnership's own staff see exact numbers: they hold the records anyway.
 *
 * The rule used, "no row or column with a shown total has exactly one hidden cell", is the usual
 * practical one, not a proof: in a large two-way table a determined reader with both margins can
 * sometimes narrow hidden cells down by solving the rows and columns together. It is greedy, so it
 * may hide more cells than the fewest possible.
 */

/** Counts from 1 to one less than this are hidden. */
export const disclosureThreshold = 5;

export type Audience = 'own_staff' | 'shared';

export type ShownCount = { kind: 'count'; value: number } | { kind: 'suppressed'; reason: 'small' | 'secondary' };

/** `none`: nothing to divide by. */
export type ShownRate = { kind: 'rate'; percent: number } | { kind: 'withheld' } | { kind: 'none' };

function requireCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number, 0 or more (got ${value})`);
}

/** 1 to 4: small enough to point to someone. */
export function isSmallCount(value: number): boolean {
  return value >= 1 && value < disclosureThreshold;
}

/** One count on its own. A count in a breakdown with a total needs showGroups or showTable, which also hide a second cell. */
export function showCount(value: number, audience: Audience): ShownCount {
  requireCount('count', value);
  if (audience === 'shared' && isSmallCount(value)) return { kind: 'suppressed', reason: 'small' };
  return { kind: 'count', value };
}

/**
 * A percentage, withheld for a shared audience when it is built on a hidden count: a small
 * numerator or denominator, or one hidden elsewhere on the page by secondary suppression (pass
 * `suppressedNumerator` or `suppressedDenominator`), since the percentage and the other number
 * would give the hidden one back.
 */
export function showRate(
  numerator: number,
  denominator: number,
  audience: Audience,
  hidden: { suppressedNumerator?: boolean; suppressedDenominator?: boolean } = {},
): ShownRate {
  requireCount('numerator', numerator);
  requireCount('denominator', denominator);
  if (denominator === 0) return { kind: 'none' };
  const builtOnHidden = isSmallCount(numerator) || isSmallCount(denominator) || hidden.suppressedNumerator === true || hidden.suppressedDenominator === true;
  if (audience === 'shared' && builtOnHidden) return { kind: 'withheld' };
  return { kind: 'rate', percent: (numerator / denominator) * 100 };
}

// Secondary suppression -----------------------------------------------------------------------

/**
 * Hides small cells, then, while any line (a set of cells whose total is shown) has exactly one
 * hidden cell, hides one more in that line: the smallest count left, because it gives away least;
 * a non-zero one where there is one, because a hidden 0 beside a total can still be seen through
 * (a reader who knows a group is empty, or sees it empty elsewhere, subtracts it). Among equal
 * counts it takes one whose crossing line also needs a second hidden cell, then the first.
 * A line of one cell cannot be protected this way; its total must not be shown.
 */
function suppressLines(values: readonly number[], lines: ReadonlyArray<readonly number[]>): boolean[] {
  const suppressed = values.map(isSmallCount);
  const linesOf = values.map(() => [] as number[]);
  lines.forEach((line, lineIndex) => line.forEach((cell) => linesOf[cell]?.push(lineIndex)));
  const hiddenIn = (lineIndex: number) => (lines[lineIndex] ?? []).filter((cell) => suppressed[cell]).length;
  const needsPartner = (cell: number, besides: number) => (linesOf[cell] ?? []).some((lineIndex) => lineIndex !== besides && hiddenIn(lineIndex) === 1);
  let changed = true;
  while (changed) {
    changed = false;
    lines.forEach((line, lineIndex) => {
      if (hiddenIn(lineIndex) !== 1) return;
      const candidates = line.filter((cell) => !suppressed[cell]);
      const value = (cell: number) => values[cell] as number;
      candidates.sort(
        (a, b) =>
          Number(value(a) === 0) - Number(value(b) === 0) ||
          value(a) - value(b) ||
          Number(needsPartner(b, lineIndex)) - Number(needsPartner(a, lineIndex)) ||
          a - b,
      );
      const partner = candidates[0];
      if (partner === undefined) return;
      suppressed[partner] = true;
      changed = true;
    });
  }
  return suppressed;
}

/**
 * Which counts of a one-way breakdown (referrals by ethnic group, say) to hide from a shared
 * audience. With `totalShown` (the default, and the safe assumption when the groups add up to any
 * figure on the page) no hidden count can be worked out from the others.
 */
export function suppressGroups(counts: readonly number[], options: { totalShown?: boolean } = {}): boolean[] {
  counts.forEach((count) => requireCount('count', count));
  const lines = (options.totalShown ?? true) ? [counts.map((_, index) => index)] : [];
  return suppressLines(counts, lines);
}

/**
 * Which cells of a two-way table (ethnic group by outcome, say) to hide from a shared audience,
 * applying the one-way rule to every row and column whose total is shown (both, by default),
 * over and over until nothing changes, because a cell hidden to protect a row can leave its
 * column with one hidden cell, and so on.
 */
export function suppressTable(
  cells: ReadonlyArray<readonly number[]>,
  options: { rowTotalsShown?: boolean; columnTotalsShown?: boolean } = {},
): boolean[][] {
  const columns = cells[0]?.length ?? 0;
  if (cells.some((row) => row.length !== columns)) throw new RangeError('every row of the table must have the same number of cells');
  const values = cells.flat();
  values.forEach((count) => requireCount('count', count));
  const rowLines = cells.map((_, row) => Array.from({ length: columns }, (_, column) => row * columns + column));
  const columnLines = Array.from({ length: columns }, (_, column) => cells.map((_, row) => row * columns + column));
  const lines = [...((options.rowTotalsShown ?? true) ? rowLines : []), ...((options.columnTotalsShown ?? true) ? columnLines : [])];
  const suppressed = suppressLines(values, lines);
  return rowLines.map((line) => line.map((cell) => suppressed[cell] as boolean));
}

function shown(value: number, hidden: boolean): ShownCount {
  if (!hidden) return { kind: 'count', value };
  return { kind: 'suppressed', reason: isSmallCount(value) ? 'small' : 'secondary' };
}

/**
 * Once a set has a cell hidden only to protect another, every hidden cell in it reads the same:
 * "fewer than 5" beside "withheld" would tell a reader which is which, and with the total that
 * can give both away (1 and 5 of 6: the withheld cell must be 5).
 */
function neutralWhenMixed(cells: ShownCount[]): ShownCount[] {
  if (!cells.some((cell) => cell.kind === 'suppressed' && cell.reason === 'secondary')) return cells;
  return cells.map((cell) => (cell.kind === 'suppressed' ? { kind: 'suppressed', reason: 'secondary' } : cell));
}

/** A one-way breakdown as its audience may see it. */
export function showGroups(counts: readonly number[], audience: Audience, options: { totalShown?: boolean } = {}): ShownCount[] {
  counts.forEach((count) => requireCount('count', count));
  if (audience === 'own_staff') return counts.map((value) => ({ kind: 'count', value }));
  const hidden = suppressGroups(counts, options);
  return neutralWhenMixed(counts.map((value, index) => shown(value, hidden[index] as boolean)));
}

/** A two-way table as its audience may see it. */
export function showTable(
  cells: ReadonlyArray<readonly number[]>,
  audience: Audience,
  options: { rowTotalsShown?: boolean; columnTotalsShown?: boolean } = {},
): ShownCount[][] {
  const hidden = suppressTable(cells, options);
  if (audience === 'own_staff') return cells.map((row) => row.map((value) => ({ kind: 'count', value })));
  const table = cells.map((row, rowIndex) => row.map((value, column) => shown(value, hidden[rowIndex]?.[column] as boolean)));
  const neutral = neutralWhenMixed(table.flat());
  return table.map((row, rowIndex) => row.map((_, column) => neutral[rowIndex * (row.length || 1) + column] as ShownCount));
}

// Words ---------------------------------------------------------------------------------------

/**
 * '1,234', 'fewer than 5', or 'withheld' for the hidden cells of a set where some were hidden
 * only so another cannot be worked out (those are not fewer than 5, and saying so would be
 * untrue). The page's note explains both.
 */
export function countText(shownCount: ShownCount): string {
  if (shownCount.kind === 'count') return shownCount.value.toLocaleString('en-GB');
  return shownCount.reason === 'small' ? `fewer than ${disclosureThreshold}` : 'withheld';
}

/** '30%' (to the nearest whole percent), 'withheld (fewer than 5)', or 'no cases'. */
export function rateText(shownRate: ShownRate): string {
  switch (shownRate.kind) {
    case 'rate':
      return `${shownRate.percent.toLocaleString('en-GB', { maximumFractionDigits: 0 })}%`;
    case 'withheld':
      return `withheld (fewer than ${disclosureThreshold})`;
    case 'none':
      return 'no cases';
  }
}
