import { describe, expect, it } from 'vitest';
import type { FunnelCounts } from '../funnel-figures.js';
import { figureText } from './figure-text.js';
import { funnelChart, leftTable, stagesTable } from './funnel.js';

const counts: FunnelCounts = {
  reached: { identified: 40, referred: 30, assessed: 24, funding_decided: 20, admitted: 15, completed: 3, aftercare: 0 },
  notEligible: 2,
  fundingDeclined: 0,
  withdrawn: 12,
  withdrawnFrom: { referred: 3, waiting: 9 },
};

describe('the funnel page', () => {
  it('shows own staff every count, with conversions', () => {
    const table = stagesTable(counts, figureText('own_staff'));
    expect(table.rows[4]).toEqual(['Admitted', '15', '75%', '38%']);
    expect(table.rows[5]).toEqual(['Completed their stay', '3', '20%', '7.5%']);
    expect(funnelChart(counts, figureText('own_staff'))?.svg).toContain('The pathway funnel');
  });

  it('hides counts of 1 to 4 from others, the rates built on them, and any withdrawal count that would give one away', () => {
    const text = figureText('shared');
    const table = stagesTable(counts, text);
    expect(table.rows[5]).toEqual(['Completed their stay', 'fewer than 5', 'withheld (fewer than 5)', 'withheld (fewer than 5)']);
    const left = leftTable(counts, text);
    const withdrawn = left.rows.filter((row) => row[0]?.startsWith('Withdrawn:')).map((row) => row[1]);
    // 3 of 12 is hidden; with the total shown, 9 must be hidden too.
    expect(withdrawn.filter((cell) => cell !== '0')).toEqual(['withheld', 'withheld']);
    expect(left.rows.find((row) => row[0] === 'All withdrawn')?.[1]).toBe('12');
    expect(left.rows.find((row) => row[0] === 'Found not eligible at assessment')?.[1]).toBe('fewer than 5');
    expect(funnelChart(counts, text)).toBeNull();
  });
});
