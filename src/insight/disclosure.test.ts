import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countText,
  disclosureThreshold,
  isSmallCount,
  rateText,
  showCount,
  showGroups,
  showRate,
  showTable,
  suppressGroups,
  suppressTable,
} from './disclosure.js';

const hiddenCount = (flags: readonly boolean[]) => flags.filter(Boolean).length;

/** No hidden cell can be worked out by subtraction: every line with a shown total hides 0 cells or at least 2. */
function expectNoneRecoverable(hidden: boolean[][], rowTotalsShown: boolean, columnTotalsShown: boolean): void {
  if (rowTotalsShown) for (const row of hidden) expect(hiddenCount(row)).not.toBe(1);
  if (columnTotalsShown) {
    for (let column = 0; column < (hidden[0]?.length ?? 0); column += 1) {
      expect(hiddenCount(hidden.map((row) => row[column] as boolean))).not.toBe(1);
    }
  }
}

describe('showCount', () => {
  it('hides 1 to 4 from a shared audience, but not 0 or 5', () => {
    expect(disclosureThreshold).toBe(5);
    expect(showCount(0, 'shared')).toEqual({ kind: 'count', value: 0 });
    for (const value of [1, 2, 3, 4]) expect(showCount(value, 'shared')).toEqual({ kind: 'suppressed', reason: 'small' });
    expect(showCount(5, 'shared')).toEqual({ kind: 'count', value: 5 });
    expect(showCount(1234, 'shared')).toEqual({ kind: 'count', value: 1234 });
  });

  it("shows the partnership's own staff every count exactly", () => {
    for (const value of [0, 1, 2, 3, 4, 5]) expect(showCount(value, 'own_staff')).toEqual({ kind: 'count', value });
  });

  it('refuses a negative or fractional count', () => {
    expect(() => showCount(-1, 'shared')).toThrow(RangeError);
    expect(() => showCount(2.5, 'own_staff')).toThrow(RangeError);
  });
});

describe('showRate', () => {
  it('shows a percentage built on counts of 0 or 5 and more', () => {
    expect(showRate(6, 20, 'shared')).toEqual({ kind: 'rate', percent: 30 });
    expect(showRate(0, 7, 'shared')).toEqual({ kind: 'rate', percent: 0 });
    expect(showRate(5, 5, 'shared')).toEqual({ kind: 'rate', percent: 100 });
  });

  it('withholds a percentage with a small numerator or denominator from a shared audience', () => {
    expect(showRate(3, 10, 'shared')).toEqual({ kind: 'withheld' });
    expect(showRate(0, 4, 'shared')).toEqual({ kind: 'withheld' });
  });

  it('withholds a percentage whose numerator or denominator is hidden by secondary suppression', () => {
    expect(showRate(12, 40, 'shared', { suppressedNumerator: true })).toEqual({ kind: 'withheld' });
    expect(showRate(12, 40, 'shared', { suppressedDenominator: true })).toEqual({ kind: 'withheld' });
  });

  it('has nothing to show with nothing to divide by', () => {
    expect(showRate(0, 0, 'shared')).toEqual({ kind: 'none' });
    expect(showRate(0, 0, 'own_staff')).toEqual({ kind: 'none' });
  });

  it("shows the partnership's own staff every percentage", () => {
    expect(showRate(3, 10, 'own_staff', { suppressedNumerator: true })).toEqual({ kind: 'rate', percent: 30 });
  });
});

describe('suppressGroups', () => {
  it('hides nothing when no count is small', () => {
    expect(suppressGroups([5, 10, 0, 20])).toEqual([false, false, false, false]);
  });

  it('hides the next smallest count too when one count is small and the total is shown', () => {
    // Referrals by ethnic group: 3 shown as "fewer than 5" with the total 40 would give 3 back.
    expect(suppressGroups([3, 10, 20, 7])).toEqual([true, false, false, true]);
  });

  it('needs nothing more when two counts are small', () => {
    expect(suppressGroups([2, 3, 40])).toEqual([true, true, false]);
  });

  it('hides a non-zero count rather than a 0 beside the small one', () => {
    // A hidden 0 beside the total can still be seen through: 12 is hidden instead.
    expect(suppressGroups([3, 0, 0, 12, 30])).toEqual([true, false, false, true, false]);
  });

  it('falls back to a 0 only when no other count is left', () => {
    expect(suppressGroups([3, 0])).toEqual([true, true]);
  });

  it('hides only the small counts when no total is shown', () => {
    expect(suppressGroups([3, 10, 20], { totalShown: false })).toEqual([true, false, false]);
  });

  it('never leaves exactly one hidden count, and always hides 1 to 4', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 10 }), (counts) => {
        const hidden = suppressGroups(counts);
        expect(hiddenCount(hidden)).not.toBe(1);
        counts.forEach((count, index) => {
          if (isSmallCount(count)) expect(hidden[index]).toBe(true);
        });
      }),
      { numRuns: 500, seed: 20_261_202 },
    );
  });
});

describe('suppressTable', () => {
  it('follows a row suppression into a column and back into another row until nothing changes', () => {
    // Primary: the 2. Row 1 then has one hidden cell, so its smallest other count, 10, goes.
    // Column 1 now has one hidden (the 2) and so does column 2 (the 10): 9 and 7 go.
    // That leaves row 2 with one hidden (the 9) and row 3 with one (the 7): 40 and 60 go.
    // Every row and column then hides 0 or at least 2 cells.
    const cells = [
      [2, 10, 30],
      [9, 40, 50],
      [60, 7, 80],
    ];
    expect(suppressTable(cells)).toEqual([
      [true, true, false],
      [true, true, false],
      [true, true, false],
    ]);
  });

  it('hides nothing in a table with no small cells', () => {
    expect(suppressTable([
      [5, 0],
      [12, 30],
    ])).toEqual([
      [false, false],
      [false, false],
    ]);
  });

  it('needs nothing more when the small cells already pair up in rows and columns', () => {
    expect(suppressTable([
      [1, 2, 30],
      [3, 4, 50],
      [60, 70, 80],
    ])).toEqual([
      [true, true, false],
      [true, true, false],
      [false, false, false],
    ]);
  });

  it('protects only the lines whose totals are shown', () => {
    const cells = [
      [3, 10, 30],
      [9, 40, 50],
    ];
    expect(suppressTable(cells, { rowTotalsShown: true, columnTotalsShown: false })).toEqual([
      [true, true, false],
      [false, false, false],
    ]);
    expect(suppressTable(cells, { rowTotalsShown: false, columnTotalsShown: true })).toEqual([
      [true, false, false],
      [true, false, false],
    ]);
    expect(suppressTable(cells, { rowTotalsShown: false, columnTotalsShown: false })).toEqual([
      [true, false, false],
      [false, false, false],
    ]);
  });

  it('refuses a ragged table', () => {
    expect(() => suppressTable([[1, 2], [3]])).toThrow(RangeError);
  });

  it('in any table, hides every 1 to 4, leaves no line with a shown total hiding exactly one cell, and shows the rest when no totals are shown', () => {
    const table = fc
      .record({ rows: fc.integer({ min: 2, max: 6 }), columns: fc.integer({ min: 2, max: 6 }) })
      .chain(({ rows, columns }) =>
        fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), { minLength: columns, maxLength: columns }), {
          minLength: rows,
          maxLength: rows,
        }),
      );
    fc.assert(
      fc.property(table, fc.boolean(), fc.boolean(), (cells, rowTotalsShown, columnTotalsShown) => {
        const hidden = suppressTable(cells, { rowTotalsShown, columnTotalsShown });
        expectNoneRecoverable(hidden, rowTotalsShown, columnTotalsShown);
        cells.forEach((row, rowIndex) =>
          row.forEach((value, column) => {
            const isHidden = hidden[rowIndex]?.[column];
            if (isSmallCount(value)) expect(isHidden).toBe(true);
            if (!rowTotalsShown && !columnTotalsShown) expect(isHidden).toBe(isSmallCount(value));
          }),
        );
      }),
      { numRuns: 1000, seed: 20_261_202 },
    );
  });
});

describe('showGroups and showTable', () => {
  it('marks every hidden cell of a set alike once one was hidden only to protect another', () => {
    // "fewer than 5" beside "withheld" with a total of 40 would say which cell is the small one.
    expect(showGroups([3, 10, 20, 7], 'shared')).toEqual([
      { kind: 'suppressed', reason: 'secondary' },
      { kind: 'count', value: 10 },
      { kind: 'count', value: 20 },
      { kind: 'suppressed', reason: 'secondary' },
    ]);
    expect(showGroups([3, 4, 20], 'shared').map(countText)).toEqual(['fewer than 5', 'fewer than 5', '20']);
  });

  it("shows the partnership's own staff every cell", () => {
    expect(showGroups([3, 10], 'own_staff')).toEqual([
      { kind: 'count', value: 3 },
      { kind: 'count', value: 10 },
    ]);
    expect(showTable([
      [2, 10],
      [9, 40],
    ], 'own_staff')).toEqual([
      [
        { kind: 'count', value: 2 },
        { kind: 'count', value: 10 },
      ],
      [
        { kind: 'count', value: 9 },
        { kind: 'count', value: 40 },
      ],
    ]);
  });

  it('applies table suppression for a shared audience', () => {
    expect(showTable([
      [2, 10],
      [9, 40],
    ], 'shared')).toEqual([
      [
        { kind: 'suppressed', reason: 'secondary' },
        { kind: 'suppressed', reason: 'secondary' },
      ],
      [
        { kind: 'suppressed', reason: 'secondary' },
        { kind: 'suppressed', reason: 'secondary' },
      ],
    ]);
  });
});

describe('countText and rateText', () => {
  it('writes counts with en-GB grouping, and hidden ones in words', () => {
    expect(countText({ kind: 'count', value: 12 })).toBe('12');
    expect(countText({ kind: 'count', value: 1234 })).toBe('1,234');
    expect(countText({ kind: 'count', value: 0 })).toBe('0');
    expect(countText({ kind: 'suppressed', reason: 'small' })).toBe('fewer than 5');
    expect(countText({ kind: 'suppressed', reason: 'secondary' })).toBe('withheld');
  });

  it('writes percentages to the nearest whole percent, and withheld or missing ones in words', () => {
    expect(rateText({ kind: 'rate', percent: 30 })).toBe('30%');
    expect(rateText({ kind: 'rate', percent: 100 / 3 })).toBe('33%');
    expect(rateText({ kind: 'withheld' })).toBe('withheld (fewer than 5)');
    expect(rateText({ kind: 'none' })).toBe('no cases');
  });
});
