import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellDisplayText, unpackedZipSize } from './xlsx-read.js';

describe('reading a workbook', () => {
  it('reads each kind of cell as the text a person sees, dates as ISO dates', () => {
    const sheet = new ExcelJS.Workbook().addWorksheet('Sheet');
    sheet.addRow(['  Hillside  ', 24, true, new Date(Date.UTC(2026, 10, 23)), null]);
    const row = sheet.getRow(1);
    expect([1, 2, 3, 4, 5].map((column) => cellDisplayText(row.getCell(column)))).toEqual(['Hillside', '24', 'true', '2026-11-23', '']);
    expect(cellDisplayText(undefined)).toBe('');
  });

  it('finds how large a workbook unpacks to, and gives null for a file that is not a ZIP archive', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet').addRow(['x'.repeat(5000)]);
    const data = new Uint8Array(await workbook.xlsx.writeBuffer());
    const size = unpackedZipSize(data, 10 * 1024 * 1024);
    expect(typeof size === 'number' && size > data.length).toBe(true);
    expect(unpackedZipSize(data, 100)).toBe('too-big');
    expect(unpackedZipSize(new TextEncoder().encode('not a zip file at all, only some text here'), 1000)).toBeNull();
  });
});
