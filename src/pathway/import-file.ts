import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { fileKind } from '../providers/service-import.js';

/**
 * Reading a large CSV file from disk a little at a time, so a file of 100,000 referrals never
 * sits in memory whole. The caller goes through it row by row, as often as it needs to.
 */

export type TextEncoding = 'utf-8' | 'windows-1252';

export interface CsvLayout {
  delimiter: string;
  encoding: TextEncoding;
}

/** The file cannot be read as CSV at all; the message says why and what to do. */
export class UnreadableFile extends Error {}

/** The file is not valid UTF-8: read it again as the Windows encoding older Excel uses. */
class NotUtf8 extends Error {}

const sampleBytes = 64 * 1024;

/** Commas, unless the heading row plainly uses semicolons or tabs (as some spreadsheet settings do). */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (character: string) => firstLine.split(character).length - 1;
  const commas = count(',');
  if (count('\t') > commas) return '\t';
  if (count(';') > commas) return ';';
  return ',';
}

/** Checks the start of the file: that it is a CSV file and how its values are separated. */
export async function sniffCsvFile(path: string): Promise<{ ok: true; delimiter: string } | { ok: false; problem: string }> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(sampleBytes);
    const { bytesRead } = await handle.read(buffer, 0, sampleBytes, 0);
    const sample = buffer.subarray(0, bytesRead);
    switch (fileKind(sample)) {
      case 'empty':
        return { ok: false, problem: 'The selected file is empty' };
      case 'xlsx':
      case 'old-excel':
        return { ok: false, problem: 'The selected file is an Excel workbook. Save it as ‘CSV UTF-8 (comma delimited)’ and upload the CSV file' };
      case 'other':
        return { ok: false, problem: 'The selected file must be a CSV file' };
      default:
    }
    const text = new TextDecoder('windows-1252').decode(sample).replace(/^\u00ef\u00bb\u00bf/, '');
    if (!text.trim()) return { ok: false, problem: 'The selected file is empty' };
    return { ok: true, delimiter: delimiterOf(text) };
  } finally {
    await handle.close();
  }
}

function decoder(encoding: TextEncoding): Transform {
  const textDecoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, textDecoder.decode(chunk, { stream: true }));
      } catch {
        done(new NotUtf8('not UTF-8'));
      }
    },
    flush(done) {
      try {
        done(null, textDecoder.decode());
      } catch {
        done(new NotUtf8('not UTF-8'));
      }
    },
  });
}

function parseProblem(error: unknown, rowsRead: number): UnreadableFile {
  const { code } = error as { code?: string };
  const row = rowsRead + 1;
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return new UnreadableFile(`Row ${row}: a value starts with a quotation mark (") that is never closed. Check the quotation marks in row ${row}, or save the file again from your spreadsheet program`);
  }
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return new UnreadableFile(`Row ${row} is far too long for one referral. Check that every quotation mark (") in it is closed and that the file was saved as CSV`);
  }
  return new UnreadableFile(`Row ${row}: this row could not be read. Check its quotation marks and commas, or save the file again from your spreadsheet program as CSV`);
}

/**
 * Every row of the file in order, numbered as a spreadsheet numbers them (the headings are row 1).
 * Throws UnreadableFile for a file that is not CSV.
 */
export async function* csvRows(path: string, layout: CsvLayout): AsyncGenerator<{ row: number; cells: string[] }> {
  const source = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  const text = decoder(layout.encoding);
  const parser = parse({
    bom: true,
    delimiter: layout.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    // A spreadsheet row is never this big; stops a broken quote swallowing the whole file.
    max_record_size: 64 * 1024,
  });
  source.on('error', (error) => parser.destroy(error));
  text.on('error', (error) => parser.destroy(error));
  source.pipe(text).pipe(parser);
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells };
    }
  } catch (error) {
    if (error instanceof NotUtf8) throw error;
    throw parseProblem(error, row);
  } finally {
    source.destroy();
    text.destroy();
    parser.destroy();
  }
}

/**
 * Goes through the file with `visit`, first as UTF-8 and, if it turns out not to be, again from
 * the start as the Windows encoding. Returns the layout that worked, for the next pass.
 */
export async function readCsvFile(
  path: string,
  delimiter: string,
  visit: (rows: AsyncGenerator<{ row: number; cells: string[] }>) => Promise<void>,
  reset: () => void,
): Promise<CsvLayout> {
  const utf8: CsvLayout = { delimiter, encoding: 'utf-8' };
  try {
    await visit(csvRows(path, utf8));
    return utf8;
  } catch (error) {
    if (!(error instanceof NotUtf8)) throw error;
  }
  reset();
  const windows: CsvLayout = { delimiter, encoding: 'windows-1252' };
  await visit(csvRows(path, windows));
  return windows;
}
