import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, excelDate, excelDateTime, excelFormats, newSheet, safeSheetName, styleHeadingRow, writeTable } from './xlsx-write.js';

describe('sheet names', () => {
  it('removes characters Excel refuses, shortens to 31 characters and keeps names unique', () => {
    const used = new Set<string>(['summary']);
    const long = safeSheetName('Referral: assessment/eligibility [and] funding decisions?', used);
    expect(long.length).toBeLessThanOrEqual(31);
    expect(long).not.toMatch(/[[\]:*?/\\]/);
    expect(safeSheetName('SUMMARY', used)).toBe('SUMMARY (2)');
    const first = safeSheetName('A'.repeat(40), used);
    const second = safeSheetName('A'.repeat(40), used);
    expect(first).toBe('A'.repeat(31));
    expect(second).toBe(`${'A'.repeat(27)} (2)`);
    expect(safeSheetName('Identifying who needs residential treatment', used)).toBe('Identifying who needs');
    expect(safeSheetName('Equality, accessibility and inclusion', used)).toBe('Equality, accessibility and');
    expect(safeSheetName("'quoted'", used)).toBe('quoted');
    expect(safeSheetName('History', used, 'Theme 3')).toBe('Theme 3');
    expect(safeSheetName('???', used, 'Theme 4')).toBe('---');
    expect(safeSheetName('   ', used, 'Theme 5')).toBe('Theme 5');
  });
});

describe('cell values', () => {
  it('turns dates into Excel dates and UK clock times', () => {
    expect(excelDate('2027-02-26')?.toISOString()).toBe('2027-02-26T00:00:00.000Z');
    expect(excelDate(null)).toBeNull();
    expect(excelDate('not a date')).toBeNull();
    // 10:00 UTC in July is 11:00 in the UK.
    expect(excelDateTime(new Date('2026-07-01T10:00:00Z'))?.toISOString()).toBe('2026-07-01T11:00:00.000Z');
    expect(excelDateTime(new Date('2026-12-01T10:00:00Z'))?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });

  it('drops characters a spreadsheet cannot hold', () => {
    expect(cellText('a\u0000b\u0008c\nd')).toBe('abc\nd');
    expect(cellText('x'.repeat(40_000)).length).toBe(32_767);
  });
});

describe('tables', () => {
  it('write a bold heading row and cells by kind, widening columns but never narrowing them', () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = newSheet(workbook, 'Table');
    const after = writeTable(sheet, 1, [{ header: 'Name', width: 20 }, { header: 'Due', width: 12, kind: 'date' }], [['=1+1\u0000', excelDate('2026-11-23')]]);
    expect(after).toBe(3);
    expect(sheet.getCell('A1').value).toBe('Name');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').value).toBe('=1+1');
    expect(sheet.getCell('B2').numFmt).toBe(excelFormats.date);
    writeTable(sheet, after, [{ header: 'Short', width: 5 }], []);
    expect(sheet.getColumn(1).width).toBe(20);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('style a single heading row as every download does', () => {
    const row = new ExcelJS.Workbook().addWorksheet('Sheet').getRow(1);
    styleHeadingRow(row);
    expect(row.font).toEqual({ bold: true });
    expect(row.alignment).toEqual({ wrapText: true, vertical: 'top' });
  });
});
