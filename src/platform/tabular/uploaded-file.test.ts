import { describe, expect, it } from 'vitest';
import { csvReadProblem, decodeText, detectDelimiter, fileKind, isBlank, looksLikeJson, readCsvUpload } from './uploaded-file.js';

const encode = (text: string) => new TextEncoder().encode(text);
const utf16le = (text: string) => new Uint8Array([0xff, 0xfe, ...Array.from(text).flatMap((character) => [character.charCodeAt(0) & 0xff, character.charCodeAt(0) >> 8])]);
const utf16be = (text: string) => new Uint8Array([0xfe, 0xff, ...Array.from(text).flatMap((character) => [character.charCodeAt(0) >> 8, character.charCodeAt(0) & 0xff])]);

describe('the kind of file', () => {
  it('tells files apart by their contents', () => {
    expect(fileKind(new Uint8Array())).toBe('empty');
    expect(fileKind(encode('Provider,Service name'))).toBe('text');
    expect(fileKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('xlsx');
    expect(fileKind(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00]))).toBe('other');
    expect(fileKind(encode('%PDF-1.7'))).toBe('other');
  });

  it('takes text marked as UTF-16 for text despite its zero bytes', () => {
    expect(fileKind(utf16le('Provider,Service name'))).toBe('text');
    expect(fileKind(utf16be('Provider,Service name'))).toBe('text');
  });

  it('knows JSON and blank files by their first characters', () => {
    expect(looksLikeJson(encode('\ufeff  \n{"key": 1}'))).toBe(true);
    expect(looksLikeJson(encode('[1]'))).toBe(true);
    expect(looksLikeJson(encode('key,value'))).toBe(false);
    expect(isBlank(encode('\ufeff \r\n\t'))).toBe(true);
    expect(isBlank(encode(' x '))).toBe(false);
  });
});

describe('decoding text', () => {
  it('reads UTF-8 with or without a byte order mark', () => {
    expect(decodeText(encode('\ufeffCafé,1'))).toBe('Café,1');
    expect(decodeText(encode('Café,1'))).toBe('Café,1');
  });

  it('reads UTF-16 in either byte order when the file says so', () => {
    expect(decodeText(utf16le('Café,£1'))).toBe('Café,£1');
    expect(decodeText(utf16be('Café,£1'))).toBe('Café,£1');
  });

  it('falls back to the Windows encoding older Excel uses', () => {
    expect(decodeText(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x2c, 0xa3, 0x31]))).toBe('Café,£1');
  });
});

describe('separating values', () => {
  it('uses commas unless the heading row plainly uses semicolons or tabs', () => {
    expect(detectDelimiter('a,b;c\n1;2;3')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,2,3')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('one heading')).toBe(',');
  });
});

describe('reading a CSV upload', () => {
  it('gives every row, in UTF-16 as in UTF-8', () => {
    expect(readCsvUpload(encode('a;b\n1;"2;3"\n'), 'one thing')).toEqual({ ok: true, records: [['a', 'b'], ['1', '2;3']] });
    expect(readCsvUpload(utf16le('a,b\r\n1,2\r\n'), 'one thing')).toEqual({ ok: true, records: [['a', 'b'], ['1', '2']] });
  });

  it('says why a file cannot be read', () => {
    expect(readCsvUpload(new Uint8Array(), 'one thing')).toEqual({ ok: false, problem: 'The selected file is empty' });
    expect(readCsvUpload(encode(' \n '), 'one thing')).toEqual({ ok: false, problem: 'The selected file is empty' });
    expect(readCsvUpload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]), 'one thing')).toEqual({
      ok: false,
      problem: 'The selected file is an Excel workbook. Save it as ‘CSV UTF-8 (comma delimited)’ and upload the CSV file',
    });
    const unclosed = readCsvUpload(encode('a,b\n1,"2\n'), 'one thing');
    expect(unclosed.ok ? '' : unclosed.problem).toMatch(/^Row 2: a value starts with a quotation mark/);
  });

  it('names what a row holds when a row is far too long', () => {
    expect(csvReadProblem('CSV_MAX_RECORD_SIZE', 3, 'one referral')).toBe(
      'Row 3 is far too long for one referral. Check that every quotation mark (") in it is closed and that the file was saved as CSV',
    );
  });
});
