import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { csvCell, csvWriter, writeCsv } from './csv-write.js';

describe('csvCell', () => {
  it('makes anything that could run as a formula plain text', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('\'=HYPERLINK("http://evil")');
    expect(csvCell('+44 1234')).toBe("'+44 1234");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe("'\rx");
    expect(csvCell('Hope House')).toBe('Hope House');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(-12)).toBe('-12');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('leaves a cell already made safe as it is', () => {
    expect(csvCell(csvCell('=1+1'))).toBe("'=1+1");
  });
});

describe('writing CSV files', () => {
  it('starts with a byte order mark, ends lines the Windows way and neutralises formulas', () => {
    expect(writeCsv([['Name', 'Beds'], ['=cmd|calc', 12], ['Hope, House', null]])).toBe("\ufeffName,Beds\r\n'=cmd|calc,12\r\n\"Hope, House\",\r\n");
  });

  it('writes the same file row by row', async () => {
    // Read as bytes: decoding as text would drop the byte order mark.
    const written = (await buffer(Readable.from([['Name'], ['@SUM(A1)'], ['Hope House']]).pipe(csvWriter()))).toString('utf8');
    expect(written).toBe("\ufeffName\r\n'@SUM(A1)\r\nHope House\r\n");
  });
});
