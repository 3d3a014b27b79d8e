import type ExcelJS from 'exceljs';
import { ukClock } from '../values/calendar.js';

/**
 * Writing Excel workbooks: names, cells and tables that Excel accepts and people can read and
 * print, for every download that offers an xlsx file.
 */

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// Sheet names ---------------------------------------------------------------------------------

const maximumSheetName = 31;

/** At most `length` characters, cut at the end of a word where that keeps most of the text. */
function shorten(text: string, length: number): string {
  const characters = [...text];
  if (characters.length <= length) return text;
  const cut = characters.slice(0, length).join('');
  const lastSpace = cut.lastIndexOf(' ');
  const atWord = characters[length] === ' ' ? cut : lastSpace >= length / 2 ? cut.slice(0, lastSpace) : cut;
  return atWord.replace(/[\s,;.–-]+$/, '').trim() || cut.trim();
}

/**
 * A name Excel accepts: at most 31 characters, none of [ ] : * ? / \, not starting or ending
 * with an apostrophe, not the reserved "History", and unique ignoring case (as Excel compares).
 * Adds the name to `used`.
 */
export function safeSheetName(wanted: string, used: Set<string>, fallback = 'Sheet'): string {
  let base = wanted
    .replace(/[[\]:*?/\\]/g, '-')
    // Control characters cannot appear in a sheet name.
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  if (!base || base.toLowerCase() === 'history') base = fallback;
  base = shorten(base, maximumSheetName);
  let name = base;
  for (let counter = 2; used.has(name.toLowerCase()); counter += 1) {
    const suffix = ` (${counter})`;
    name = `${shorten(base, maximumSheetName - suffix.length)}${suffix}`;
  }
  used.add(name.toLowerCase());
  return name;
}

// Cell values ---------------------------------------------------------------------------------

const maximumCellText = 32_767;

/** Text safe to put in a cell: no characters XML forbids, and no longer than Excel allows. */
export function cellText(value: string | null | undefined): string {
  if (!value) return '';
  const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
  return clean.length > maximumCellText ? `${clean.slice(0, maximumCellText - 1)}…` : clean;
}

/** A YYYY-MM-DD date as an Excel date (Excel dates have no time zone, so it is built in UTC). */
export function excelDate(isoDate: string | null | undefined): Date | null {
  if (!isoDate) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** A moment as the date and time a clock in the UK showed then, for an Excel date-time cell. */
export function excelDateTime(moment: Date | null | undefined): Date | null {
  if (!moment || Number.isNaN(moment.getTime())) return null;
  const clock = ukClock(moment);
  return new Date(Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute));
}

export const excelDateFormat = 'd mmm yyyy';
export const excelDateTimeFormat = 'd mmm yyyy hh:mm';
export const excelMoneyFormat = '£#,##0.00';

export type ColumnKind = 'text' | 'number' | 'money' | 'date' | 'dateTime';

/** The number format each kind of column is shown with; text and plain numbers need none. */
export const excelFormats: Readonly<Partial<Record<ColumnKind, string>>> = { date: excelDateFormat, dateTime: excelDateTimeFormat, money: excelMoneyFormat };

/** A single table's heading row: bold, wrapped, aligned to the top, as every download has it. */
export function styleHeadingRow(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'top' };
}

// Tables --------------------------------------------------------------------------------------

export type CellValue = string | number | Date | null;

export interface TableColumn {
  header: string;
  width: number;
  kind?: 'text' | 'date' | 'dateTime' | 'number';
}

const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
const headerBorder: Partial<ExcelJS.Borders> = { bottom: { style: 'thin', color: { argb: 'FF505A5F' } } };

/**
 * Writes a table with a bold header row at `startRow`; returns the first row after it.
 * Widths only ever grow, so two tables on one sheet both fit.
 */
export function writeTable(sheet: ExcelJS.Worksheet, startRow: number, columns: TableColumn[], rows: CellValue[][]): number {
  const header = sheet.getRow(startRow);
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.fill = headerFill;
    cell.border = headerBorder;
    cell.alignment = { wrapText: true, vertical: 'top' };
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = Math.max(sheetColumn.width ?? 0, column.width);
  });
  rows.forEach((values, rowIndex) => {
    const row = sheet.getRow(startRow + 1 + rowIndex);
    columns.forEach((column, index) => {
      const cell = row.getCell(index + 1);
      const value = values[index] ?? null;
      cell.value = typeof value === 'string' ? cellText(value) : value;
      cell.alignment = { wrapText: true, vertical: 'top' };
      if (column.kind === 'date') cell.numFmt = excelDateFormat;
      if (column.kind === 'dateTime') cell.numFmt = excelDateTimeFormat;
    });
  });
  return startRow + 1 + rows.length;
}

export function newSheet(workbook: ExcelJS.Workbook, name: string, frozen: { rows: number; columns?: number } = { rows: 1 }) {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: frozen.rows, xSplit: frozen.columns ?? 0 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.pageSetup.printTitlesRow = '1:1';
  return sheet;
}

export function boldRow(sheet: ExcelJS.Worksheet, rowNumber: number) {
  sheet.getRow(rowNumber).font = { bold: true };
}
