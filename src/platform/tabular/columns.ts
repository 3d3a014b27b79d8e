import { cleanText, orList, type Read } from './cells.js';

/**
 * The columns of an uploaded file, found by their headings in row 1 whatever order they come
 * in, and the problems of one row collected against them.
 */

export interface ColumnSpec<K extends string> {
  key: K;
  heading: string;
  required: boolean;
  /** Other headings that mean the same column. */
  aliases: string[];
  /** What to put in it, for the import page. */
  help: string;
}

/** "Weekly cost (£)", " weekly-cost " and "WEEKLY COST" all mean "Weekly cost". */
export function headingKey(text: string): string {
  return text
    .replace(/\(.*?\)/g, ' ')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export type HeadingsOutcome<K extends string> = { ok: true; columnIndex: Map<K, number>; ignoredHeadings: string[] } | { ok: false; problems: string[] };

/**
 * Which column holds what, from the heading row. Headings in `recognisedButUnread` (columns an
 * export adds for people to read) are neither read nor reported as ignored.
 */
export function matchHeadings<K extends string>(headings: readonly string[], columns: readonly ColumnSpec<K>[], recognisedButUnread: readonly string[] = []): HeadingsOutcome<K> {
  const columnByHeading = new Map<string, ColumnSpec<K>>();
  for (const column of columns) {
    for (const heading of [column.heading, ...column.aliases]) columnByHeading.set(headingKey(heading), column);
  }
  const unread = new Set(recognisedButUnread.map(headingKey));
  const columnIndex = new Map<K, number>();
  const problems: string[] = [];
  const ignoredHeadings: string[] = [];
  headings.forEach((raw, index) => {
    const heading = cleanText(raw);
    if (!heading) return;
    const key = headingKey(heading);
    const column = columnByHeading.get(key);
    if (!column) {
      if (!unread.has(key)) ignoredHeadings.push(heading);
      return;
    }
    const earlier = columnIndex.get(column.key);
    if (earlier !== undefined) {
      problems.push(`Row 1: there are 2 columns called ${column.heading} (columns ${earlier + 1} and ${index + 1}). Remove one of them`);
      return;
    }
    columnIndex.set(column.key, index);
  });
  const required = columns.filter((column) => column.required);
  if (columnIndex.size === 0) {
    return {
      ok: false,
      problems: [`Row 1 must have the column headings, such as ${orList(required.map((column) => column.heading), 'and')}. Download the example file to see them all`],
    };
  }
  for (const column of required) {
    if (!columnIndex.has(column.key)) problems.push(`The file has no column called ${column.heading}. Add it to row 1`);
  }
  return problems.length ? { ok: false, problems } : { ok: true, columnIndex, ignoredHeadings };
}

/** A problem with a file, where a spreadsheet would show it: row 1 is the headings, column -1 the whole row. */
export interface RowProblem {
  row: number;
  column: number;
  text: string;
}

/** Problems in the order a person would fix them: row by row, left to right. */
export function problemTexts(problems: RowProblem[]): string[] {
  return [...problems].sort((a, b) => a.row - b.row || a.column - b.column).map((problem) => problem.text);
}

/**
 * Reads the cells of one row by column and collects what is wrong with them, each problem
 * named "Row 4, column Weekly cost: …". With `firstPerColumn`, a column's later problems are
 * dropped: the first is usually the cause of the others.
 */
export function rowReader<K extends string>(
  cells: readonly string[],
  columnIndex: ReadonlyMap<K, number>,
  row: number,
  headingOf: (key: K) => string,
  options: { firstPerColumn: boolean },
) {
  const problems: RowProblem[] = [];
  const cell = (key: K) => {
    const index = columnIndex.get(key);
    return index === undefined ? '' : (cells[index] ?? '');
  };
  const complain = (key: K, message: string) => {
    const text = `Row ${row}, column ${headingOf(key)}: ${message}`;
    const column = columnIndex.get(key) ?? (options.firstPerColumn ? -1 : 0);
    if (options.firstPerColumn && column >= 0 && problems.some((problem) => problem.column === column)) return;
    problems.push({ row, column, text });
  };
  function take<T>(key: K, read: Read<T>, fallback: T): T {
    if (read.ok) return read.value;
    complain(key, read.message);
    return fallback;
  }
  return { problems, cell, complain, take };
}

/** The rows below the headings, numbered as a spreadsheet numbers them, without empty rows. */
export function rowsWithValues(records: readonly string[][]): Array<{ cells: string[]; row: number }> {
  return records
    .map((cells, index) => ({ cells, row: index + 1 }))
    .slice(1)
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
}
