import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CsvLayout, readCsvFile, sniffCsvFile, UnreadableFile } from './csv-file.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-file-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
let count = 0;
const file = (bytes: Uint8Array | string) => {
  count += 1;
  const name = path.join(folder, `${count}.csv`);
  fs.writeFileSync(name, bytes);
  return name;
};

async function rowsOf(name: string): Promise<{ layout: CsvLayout; rows: string[][] }> {
  const sniffed = await sniffCsvFile(name);
  if (!sniffed.ok) throw new Error(sniffed.problem);
  let rows: string[][] = [];
  const layout = await readCsvFile(
    name,
    sniffed.layout,
    'one thing',
    async (all) => {
      for await (const { cells } of all) rows.push(cells);
    },
    () => {
      rows = [];
    },
  );
  return { layout, rows };
}

describe('reading a CSV file from disk', () => {
  it('reads UTF-8 with a byte order mark and semicolons', async () => {
    const { layout, rows } = await rowsOf(file('\ufeffName;Town\nCafé;Leeds\n'));
    expect(layout).toEqual({ delimiter: ';', encoding: 'utf-8' });
    expect(rows).toEqual([['Name', 'Town'], ['Café', 'Leeds']]);
  });

  it('reads the file again as the Windows encoding when it is not UTF-8', async () => {
    const { layout, rows } = await rowsOf(file(new Uint8Array([0x4e, 0x2c, 0x54, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x2c, 0xa3, 0x31, 0x0a])));
    expect(layout.encoding).toBe('windows-1252');
    expect(rows).toEqual([['N', 'T'], ['Café', '£1']]);
  });

  it('reads UTF-16 marked by its byte order mark', async () => {
    const text = 'Name\tTown\r\nCafé\tLeeds\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...Array.from(text).flatMap((character) => [character.charCodeAt(0) & 0xff, character.charCodeAt(0) >> 8])]);
    const { layout, rows } = await rowsOf(file(bytes));
    expect(layout).toEqual({ delimiter: '\t', encoding: 'utf-16le' });
    expect(rows).toEqual([['Name', 'Town'], ['Café', 'Leeds']]);
  });

  it('refuses files that are not CSV, and names the row a broken quotation mark starts in', async () => {
    expect(await sniffCsvFile(file(''))).toEqual({ ok: false, problem: 'The selected file is empty' });
    expect(await sniffCsvFile(file(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0])))).toMatchObject({ ok: false });
    await expect(rowsOf(file('a,b\n1,"2\n3,4\n'))).rejects.toThrow(UnreadableFile);
    await expect(rowsOf(file('a,b\n1,"2\n3,4\n'))).rejects.toThrow(/^Row 2: a value starts with a quotation mark/);
  });
});
