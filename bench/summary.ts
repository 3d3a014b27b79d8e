/** The figures every part of npm run bench reports against a target, printed together at the end. */
export interface SummaryRow {
  measure: string;
  figure: string;
  target: string;
  met: boolean;
}

const rows: SummaryRow[] = [];

export function summarise(row: SummaryRow): void {
  rows.push(row);
}

export function printSummary(): void {
  if (!rows.length) return;
  const width = Math.max(...rows.map((row) => row.measure.length), 20);
  console.log('\nSummary: ratios and limits against their targets');
  console.log(`${'measure'.padEnd(width)} ${'figure'.padStart(10)} ${'target'.padStart(10)}  ok`);
  for (const row of rows) {
    console.log(`${row.measure.padEnd(width)} ${row.figure.padStart(10)} ${row.target.padStart(10)}  ${row.met ? 'yes' : 'NO'}`);
  }
}
