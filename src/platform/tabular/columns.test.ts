import { describe, expect, it } from 'vitest';
import { bad, good } from './cells.js';
import { type ColumnSpec, headingKey, matchHeadings, problemTexts, rowReader, rowsWithValues } from './columns.js';

type Key = 'name' | 'cost' | 'notes';
const columns: ColumnSpec<Key>[] = [
  { key: 'name', heading: 'Name', required: true, aliases: ['service name'], help: '' },
  { key: 'cost', heading: 'Weekly cost', required: true, aliases: [], help: '' },
  { key: 'notes', heading: 'Notes', required: false, aliases: [], help: '' },
];
const headingOf = (key: Key) => columns.find((column) => column.key === key)?.heading ?? key;

describe('headings', () => {
  it('match whatever their case, spacing, punctuation or bracketed notes', () => {
    expect(headingKey(' Weekly-cost (£) ')).toBe('weekly cost');
    expect(headingKey('WEEKLY COST')).toBe('weekly cost');
    expect(headingKey('Drugs & alcohol')).toBe('drugs and alcohol');
  });

  it('find each column in any order, by heading or alias, reporting headings not used', () => {
    const outcome = matchHeadings(['Weekly cost (£)', 'Colour', 'SERVICE NAME', 'Partnership'], columns, ['Partnership']);
    expect(outcome).toEqual({ ok: true, columnIndex: new Map([['cost', 0], ['name', 2]]), ignoredHeadings: ['Colour'] });
  });

  it('refuse a column given twice, and name every required column missing', () => {
    expect(matchHeadings(['Name', 'name', 'Weekly cost'], columns)).toEqual({
      ok: false,
      problems: ['Row 1: there are 2 columns called Name (columns 1 and 2). Remove one of them'],
    });
    expect(matchHeadings(['Notes'], columns)).toEqual({
      ok: false,
      problems: ['The file has no column called Name. Add it to row 1', 'The file has no column called Weekly cost. Add it to row 1'],
    });
    expect(matchHeadings(['Colour'], columns)).toEqual({
      ok: false,
      problems: ['Row 1 must have the column headings, such as Name and Weekly cost. Download the example file to see them all'],
    });
  });
});

describe('rows', () => {
  it('read cells by column and name the row and column of each problem', () => {
    const reader = rowReader(['Hillside', 'lots'], new Map<Key, number>([['name', 0], ['cost', 1]]), 4, headingOf, { firstPerColumn: false });
    expect(reader.cell('name')).toBe('Hillside');
    expect(reader.cell('notes')).toBe('');
    expect(reader.take('name', good('Hillside'), '')).toBe('Hillside');
    expect(reader.take('cost', bad('enter an amount in pounds, like 1250'), null)).toBeNull();
    reader.complain('cost', 'a second problem');
    expect(reader.problems.map((problem) => problem.text)).toEqual(['Row 4, column Weekly cost: enter an amount in pounds, like 1250', 'Row 4, column Weekly cost: a second problem']);
  });

  it('keep only the first problem of a column when asked, but every problem of a missing column', () => {
    const reader = rowReader(['Hillside', 'lots'], new Map<Key, number>([['name', 0], ['cost', 1]]), 4, headingOf, { firstPerColumn: true });
    reader.complain('cost', 'first');
    reader.complain('cost', 'second');
    reader.complain('notes', 'one');
    reader.complain('notes', 'two');
    expect(reader.problems.map((problem) => problem.text)).toEqual(['Row 4, column Weekly cost: first', 'Row 4, column Notes: one', 'Row 4, column Notes: two']);
  });

  it('are numbered as a spreadsheet numbers them, skipping empty ones, and their problems sorted by row then column', () => {
    expect(rowsWithValues([['Name'], ['a'], [' ', ''], ['b']])).toEqual([
      { cells: ['a'], row: 2 },
      { cells: ['b'], row: 4 },
    ]);
    expect(problemTexts([{ row: 3, column: 0, text: 'c' }, { row: 2, column: 5, text: 'b' }, { row: 2, column: 1, text: 'a' }])).toEqual(['a', 'b', 'c']);
  });
});
