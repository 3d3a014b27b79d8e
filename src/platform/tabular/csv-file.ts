import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { csvParseOptions, csvReadProblem, detectDelimiter, fileKind, likelyEncoding, notCsvProblem, type TextEncoding } from './uploaded-file.js';

/**
 * Reading a large CSV file from disk a little at a time, so a file of 100,000 rows never sits in
 * memory whole. The caller goes through it row by row, as often as it needs to.
 */

export interface CsvLayout {
  delimiter: string;
  encoding: TextEncoding;
}

/** The file cannot be read as CSV at all; the message says why and what to do. */
export class UnreadableFile extends Error {}

/** The file is not valid UTF-8: read it again as the Windows encoding older Excel uses. */
class NotUtf8 extends Error {}

const sampleBytes = 64 * 1024;

/** Checks the start of the file: that it is a CSV file, how it is encoded and how its values are separated. */
export async function sniffCsvFile(path: string): Promise<{ ok: true; layout: CsvLayout } | { ok: false; problem: string }> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(sampleBytes);
    const { bytesRead } = await handle.read(buffer, 0, sampleBytes, 0);
    const sample = buffer.subarray(0, bytesRead);
    const kindProblem = notCsvProblem(fileKind(sample));
    if (kindProblem) return { ok: false, problem: kindProblem };
    const encoding = likelyEncoding(sample);
    // Until the whole file is read it is not known to be UTF-8; Windows-1252 decodes any byte, and
    // the heading row, which decides the delimiter, is the same either way.
    const text = encoding === 'utf-8' ? new TextDecoder('windows-1252').decode(sample).replace(/^\u00ef\u00bb\u00bf/, '') : new TextDecoder(encoding).decode(sample);
    if (!text.trim()) return { ok: false, problem: 'The selected file is empty' };
    return { ok: true, layout: { delimiter: detectDelimiter(text), encoding } };
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

/**
 * Every row of the file in order, numbered as a spreadsheet numbers them (the headings are row 1).
 * Throws UnreadableFile for a file that is not CSV; `oneRecord` is what a row holds, like "one referral".
 */
export async function* csvRows(path: string, layout: CsvLayout, oneRecord: string): AsyncGenerator<{ row: number; cells: string[] }> {
  const source = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  const text = decoder(layout.encoding);
  const parser = parse(csvParseOptions(layout.delimiter));
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
    throw new UnreadableFile(csvReadProblem((error as { code?: string }).code, row + 1, oneRecord));
  } finally {
    source.destroy();
    text.destroy();
    parser.destroy();
  }
}

/**
 * Goes through the file with `visit` in the layout sniffed and, if it was taken to be UTF-8 and
 * turns out not to be, again from the start as the Windows encoding. Returns the layout that
 * worked, for the next pass.
 */
export async function readCsvFile(
  path: string,
  sniffed: CsvLayout,
  oneRecord: string,
  visit: (rows: AsyncGenerator<{ row: number; cells: string[] }>) => Promise<void>,
  reset: () => void,
): Promise<CsvLayout> {
  try {
    await visit(csvRows(path, sniffed, oneRecord));
    return sniffed;
  } catch (error) {
    if (!(error instanceof NotUtf8)) throw error;
  }
  reset();
  const windows: CsvLayout = { delimiter: sniffed.delimiter, encoding: 'windows-1252' };
  await visit(csvRows(path, windows, oneRecord));
  return windows;
}
