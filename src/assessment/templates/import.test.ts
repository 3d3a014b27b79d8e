import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { unpackedZipSize } from '../../platform/tabular/xlsx-read.js';
import { fileKind, maximumUnpackedBytes, parseJsonTemplate, parseTemplateFile, parseXlsxTemplate, statementColumns, templateWorkbook } from './import.js';
import { readBuiltInTemplates } from './store.js';

const encode = (text: string) => new TextEncoder().encode(text);

function smallTemplate() {
  return {
    key: 'test-bank',
    version: '1',
    title: 'Test bank',
    description: 'For tests',
    themes: [
      {
        key: 'first-theme',
        title: 'First theme',
        description: '',
        statements: [
          { key: 'ONE-01', text: 'First statement', goodLooksLike: '', evidence: ['A document'] },
          { key: 'ONE-02', text: 'Second statement', goodLooksLike: '', evidence: [] },
        ],
      },
      {
        key: 'second-theme',
        title: 'Second theme',
        description: '',
        statements: [
          { key: 'TWO-01', text: 'Third statement', goodLooksLike: '', evidence: [] },
          { key: 'TWO-02', text: 'Fourth statement', goodLooksLike: '', evidence: [] },
          { key: 'TWO-03', text: 'Fifth statement', goodLooksLike: '', evidence: [] },
        ],
      },
    ],
  };
}

type Row = Array<string | number | null>;

/** A workbook in the import layout; leave a part out to test its absence. */
async function workbook(parts: { template?: Row[] | null; statements?: Row[] | null; heading?: string[]; statementsName?: string }): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  if (parts.template !== null) {
    const sheet = book.addWorksheet('Template');
    for (const row of parts.template ?? [['Key', 'test-bank'], ['Version', '1'], ['Title', 'Test bank'], ['Description', 'For tests']]) sheet.addRow(row);
  }
  if (parts.statements !== null) {
    const sheet = book.addWorksheet(parts.statementsName ?? 'Statements');
    sheet.addRow(parts.heading ?? [...statementColumns]);
    for (const row of parts.statements ?? []) sheet.addRow(row);
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const row = (themeKey: string, statementKey: string, text = 'A statement', extra: Partial<{ title: string; description: string; good: string; evidence: string }> = {}): Row => [
  themeKey,
  extra.title ?? (themeKey ? `${themeKey} title` : ''),
  extra.description ?? '',
  statementKey,
  text,
  extra.good ?? '',
  extra.evidence ?? '',
];

describe('recognising the kind of file', () => {
  it('goes by the contents', () => {
    expect(fileKind(new Uint8Array())).toBe('empty');
    expect(fileKind(encode('  \n\t '))).toBe('empty');
    expect(fileKind(encode('\ufeff{"key": 1}'))).toBe('json');
    expect(fileKind(encode('Theme key,Theme title'))).toBe('other');
    expect(fileKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('xlsx');
    expect(fileKind(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1]))).toBe('old-excel');
  });

  it('explains what is wrong with an empty, old or unknown file', async () => {
    expect(await parseTemplateFile(new Uint8Array())).toEqual({ ok: false, problems: ['The selected file is empty'] });
    expect(await parseTemplateFile(encode('Theme key,Theme title\n'))).toEqual({ ok: false, problems: ['The selected file must be a JSON file or an Excel workbook (.xlsx)'] });
    const old = await parseTemplateFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(old.ok).toBe(false);
    expect(!old.ok && old.problems[0]).toContain('Save it as an Excel Workbook (.xlsx)');
  });
});

describe('a JSON question bank', () => {
  it('reads the built-in question bank file', async () => {
    const [builtIn] = readBuiltInTemplates();
    const outcome = await parseTemplateFile(encode(JSON.stringify(builtIn, null, 2)));
    expect(outcome.ok && outcome.definition).toEqual(builtIn);
    expect(outcome.ok && outcome.format).toBe('json');
  });

  it('gives the line of a JSON syntax error', () => {
    const outcome = parseJsonTemplate(encode('{\n  "key": "test-bank",\n  "version": 1,,\n}'));
    expect(outcome).toEqual({ ok: false, problems: [expect.stringMatching(/^The file is not valid JSON: check line 3, near character \d+$/)] });
  });

  it('treats a file that stops half way as invalid JSON', () => {
    const outcome = parseJsonTemplate(encode('{"key": "test-bank", "themes": ['));
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problems[0]).toMatch(/^The file is not valid JSON/);
  });

  it('refuses text that is not UTF-8 and JSON that is not one object', () => {
    expect(parseJsonTemplate(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toEqual({ ok: false, problems: ['The JSON file must be saved as UTF-8 text'] });
    expect(parseJsonTemplate(encode('[]'))).toEqual({
      ok: false,
      problems: ['The JSON file must hold one question bank: an object with a key, version, title, description and a list of themes'],
    });
  });

  it('names the theme, statement and field of each problem', () => {
    const template = smallTemplate();
    (template.themes[1]?.statements[2] as { key: string }).key = 'bad key';
    (template.themes[0] as { title: string }).title = 'T'.repeat(151);
    (template.themes[0]?.statements[0] as { text: string }).text = 'x'.repeat(401);
    (template.themes[0]?.statements[1] as { evidence: string[] }).evidence = Array.from({ length: 11 }, (_, index) => `Item ${index}`);
    (template as { version: string }).version = '';
    const outcome = parseJsonTemplate(encode(JSON.stringify(template)));
    expect(outcome.ok).toBe(false);
    const problems = outcome.ok ? [] : outcome.problems;
    expect(problems).toContain('Theme 2, statement 3, key: Statement key must be 2 to 4 capital letters, a hyphen and 2 or 3 digits, like GOV-01');
    expect(problems).toContain('Theme 1, title: Theme title must be 150 characters or fewer');
    expect(problems).toContain('Theme 1, statement 1, text: Statement must be 400 characters or fewer');
    expect(problems).toContain('Theme 1, statement 2, evidence: Evidence can have no more than 10 items');
    expect(problems).toContain('Template, version: Enter the template’s version');
  });

  it('finds duplicate statement and theme keys', () => {
    const template = smallTemplate();
    (template.themes[1]?.statements[0] as { key: string }).key = 'ONE-01';
    (template.themes[1] as { key: string }).key = 'first-theme';
    const outcome = parseJsonTemplate(encode(JSON.stringify(template)));
    expect(!outcome.ok && outcome.problems).toEqual([
      'Theme 2, key: Theme key first-theme is used more than once',
      'Theme 2, statement 1, key: Statement key ONE-01 is used more than once',
    ]);
  });

  it('says which part has the wrong type', () => {
    const outcome = parseJsonTemplate(encode(JSON.stringify({ ...smallTemplate(), themes: { first: 1 } })));
    expect(!outcome.ok && outcome.problems).toEqual(['Template, themes: Themes must be a list']);
    const missing = parseJsonTemplate(encode(JSON.stringify({ key: 'test-bank', version: '1', title: 'Test', themes: [{ key: 'a', title: 'A', statements: [{ key: 'ONE-01' }] }] })));
    expect(!missing.ok && missing.problems).toEqual(['Theme 1, statement 1, text: Enter the statement']);
  });
});

describe('an Excel question bank', () => {
  it('reads back the example workbook the service makes, exactly', async () => {
    const [builtIn] = readBuiltInTemplates();
    const file = new Uint8Array(await templateWorkbook(builtIn as NonNullable<typeof builtIn>));
    const outcome = await parseTemplateFile(file);
    expect(outcome.ok && outcome.format).toBe('xlsx');
    expect(outcome.ok && outcome.definition).toEqual(builtIn);
  });

  it('accepts headings in any order, with notes in brackets, and evidence separated by semicolons', async () => {
    const heading = ['Statement key', 'Theme key', 'Theme title', 'Theme description', 'Statement text', 'What good looks like', 'Evidence (separated by semicolons)', 'Notes'];
    const file = await workbook({
      heading,
      statements: [
        ['ONE-01', 'first-theme', 'First theme', 'About the first', 'First statement', 'Good', 'Minutes; Terms of reference ;; ', 'ignored'],
        ['ONE-02', 'first-theme', '', '', 'Second statement', '', '', ''],
        [],
        ['TWO-01', 'second-theme', 'Second theme', '', 'Third statement', '', '', ''],
      ],
    });
    const outcome = await parseXlsxTemplate(file);
    expect(outcome.ok).toBe(true);
    const definition = outcome.ok ? outcome.definition : null;
    expect(definition?.themes.map((theme) => theme.key)).toEqual(['first-theme', 'second-theme']);
    expect(definition?.themes[0]?.description).toBe('About the first');
    expect(definition?.themes[0]?.statements.map((statement) => statement.key)).toEqual(['ONE-01', 'ONE-02']);
    expect(definition?.themes[0]?.statements[0]?.evidence).toEqual(['Minutes', 'Terms of reference']);
    expect(definition?.version).toBe('1');
  });

  it('reads a version typed as a number', async () => {
    const file = await workbook({
      template: [['Key', 'test-bank'], ['Version', 2027.1], ['Title', 'Test bank']],
      statements: [row('first-theme', 'ONE-01')],
    });
    const outcome = await parseXlsxTemplate(file);
    expect(outcome.ok && outcome.definition.version).toBe('2027.1');
  });

  it('lists every missing column', async () => {
    const file = await workbook({ heading: ['Theme key', 'Theme title', 'Statement text'], statements: [['a', 'b', 'c']] });
    const outcome = await parseXlsxTemplate(file);
    expect(!outcome.ok && outcome.problems).toEqual([
      'The Statements sheet has no column called Theme description. Add it to row 1',
      'The Statements sheet has no column called Statement key. Add it to row 1',
      'The Statements sheet has no column called What good looks like. Add it to row 1',
      'The Statements sheet has no column called Evidence. Add it to row 1',
    ]);
  });

  it('gives the row and column of each problem, in row order', async () => {
    const file = await workbook({
      statements: [
        row('first-theme', 'ONE-01'),
        row('first-theme', 'ONE-02', 'x'.repeat(401)),
        row('first-theme', 'ONE-01'),
        row('Second Theme', 'TWO-01'),
        row('third-theme', 'THR-01', 'A statement', { evidence: 'y'.repeat(201) }),
        row('third-theme', 'three'),
      ],
    });
    const outcome = await parseXlsxTemplate(file);
    expect(!outcome.ok && outcome.problems).toEqual([
      'Row 3, column Statement text: Statement must be 400 characters or fewer',
      'Row 4, column Statement key: Statement key ONE-01 is used more than once',
      'Row 5, column Theme key: Theme key must be lower-case words joined by hyphens, like data-and-monitoring',
      'Row 6, column Evidence: Each evidence suggestion must be 200 characters or fewer',
      'Row 7, column Statement key: Statement key must be 2 to 4 capital letters, a hyphen and 2 or 3 digits, like GOV-01',
    ]);
  });

  it('gives the row of a theme title that is too long or missing', async () => {
    const file = await workbook({
      statements: [row('first-theme', 'ONE-01', 'Text', { title: '' }), row('second-theme', 'TWO-01', 'Text', { title: '' }), row('second-theme', 'TWO-02', 'Text', { title: 'T'.repeat(151) })],
    });
    const outcome = await parseXlsxTemplate(file);
    expect(!outcome.ok && outcome.problems).toEqual([
      'Row 2, column Theme title: Enter the theme’s title',
      'Row 4, column Theme title: Theme title must be 150 characters or fewer',
    ]);
  });

  it('notices a theme given two different titles', async () => {
    const file = await workbook({ statements: [row('first-theme', 'ONE-01', 'Text', { title: 'One' }), row('first-theme', 'ONE-02', 'Text', { title: 'Two' })] });
    const outcome = await parseXlsxTemplate(file);
    expect(!outcome.ok && outcome.problems).toEqual([
      'Row 3, column Theme title: Theme title is different from row 2 for the same theme key. Give it once, or the same on every row',
    ]);
  });

  it('needs the Template sheet and each of its details', async () => {
    const noTemplate = await parseXlsxTemplate(await workbook({ template: null, statements: [row('first-theme', 'ONE-01')] }));
    expect(!noTemplate.ok && noTemplate.problems).toEqual(['The workbook must have a sheet called Template giving the question bank’s key, version, title and description']);
    const partial = await parseXlsxTemplate(await workbook({ template: [['Key', 'Bad Key'], ['Title', 'Test'], ['Owner', 'Someone']], statements: [row('first-theme', 'ONE-01')] }));
    expect(!partial.ok && partial.problems).toEqual(['Template sheet, row 3: column A must say Key, Version, Title or Description']);
    const details = await parseXlsxTemplate(await workbook({ template: [['Key', 'Bad Key'], ['Title', 'T'.repeat(201)]], statements: [row('first-theme', 'ONE-01')] }));
    expect(!details.ok && details.problems).toEqual([
      'Template sheet, row 1, Key: Template key must be lower-case words joined by hyphens',
      'Template sheet, Version: Add a row with Version in column A and the version in column B',
      'Template sheet, row 2, Title: Template title must be 200 characters or fewer',
    ]);
  });

  it('needs statements', async () => {
    const empty = await parseXlsxTemplate(await workbook({ statements: [] }));
    expect(!empty.ok && empty.problems).toEqual(['The Statements sheet has no statements. Add one row for each statement below the headings']);
    const noSheet = await parseXlsxTemplate(await workbook({ statements: null }));
    expect(!noSheet.ok && noSheet.problems).toEqual(['The workbook must have a sheet called Statements with one row for each statement']);
    const noHeadings = await parseXlsxTemplate(await workbook({ heading: ['Something else'], statements: [['x']] }));
    expect(!noHeadings.ok && noHeadings.problems[0]).toBe(`Row 1 of the Statements sheet must have these headings: ${statementColumns.join(', ')}`);
  });

  it('uses the first other sheet when none is called Statements', async () => {
    const outcome = await parseXlsxTemplate(await workbook({ statementsName: 'Sheet1', statements: [row('first-theme', 'ONE-01')] }));
    expect(outcome.ok).toBe(true);
  });

  it('cannot read a damaged file', async () => {
    const damaged = new Uint8Array(await workbook({ statements: [row('first-theme', 'ONE-01')] })).slice(0, 300);
    const outcome = await parseTemplateFile(damaged);
    expect(!outcome.ok && outcome.problems[0]).toMatch(/^The selected file could not be read/);
    const garbage = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...encode('not really a zip file at all')]);
    expect((await parseTemplateFile(garbage)).ok).toBe(false);
  });

  it('refuses a small file that would unpack into a huge one, whatever sizes its headers claim', async () => {
    // A real ZIP of one entry that inflates to 200 MB of zeros, while its headers claim 100 bytes.
    const bomb = zipOfOneEntry(zlib.deflateRawSync(Buffer.alloc(200 * 1024 * 1024)), 100);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(unpackedZipSize(bomb, maximumUnpackedBytes)).toBe('too-big');
    const outcome = await parseTemplateFile(bomb);
    expect(!outcome.ok && outcome.problems).toEqual(['The workbook is too large to import. A question bank needs only the Template and Statements sheets']);
    const real = await workbook({ statements: [row('first-theme', 'ONE-01')] });
    const size = unpackedZipSize(real, maximumUnpackedBytes);
    expect(typeof size === 'number' && size > real.length).toBe(true);
  });

});

/** A ZIP archive of one deflated entry whose headers declare `claimedSize` bytes unpacked. */
function zipOfOneEntry(deflated: Buffer, claimedSize: number): Uint8Array {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(claimedSize, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(claimedSize, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const centralOffset = local.length + name.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return new Uint8Array(Buffer.concat([local, name, deflated, central, name, end]));
}

describe('links from statements to the figures that evidence them', () => {
  it('ships links in the built-in bank, each to a known measure', () => {
    const [builtIn] = readBuiltInTemplates();
    const linked = builtIn?.themes.flatMap((theme) => theme.statements).filter((statement) => statement.measures.length) ?? [];
    expect(linked.map((statement) => statement.key)).toContain('FUND-04');
    expect(linked.find((statement) => statement.key === 'FUND-04')?.measures).toEqual([{ measure: 'days_to_funding_decision', inPlace: 14, partly: 28 }]);
  });

  it('refuses an unknown measure and thresholds the wrong way round, saying where', () => {
    const template = smallTemplate();
    const [first, second] = template.themes[0]?.statements ?? [];
    Object.assign(first as object, { measures: [{ measure: 'happiness', inPlace: 1, partly: 2 }] });
    Object.assign(second as object, { measures: [{ measure: 'days_to_funding_decision', inPlace: 28, partly: 14 }] });
    const outcome = parseJsonTemplate(encode(JSON.stringify(template)));
    expect(outcome.ok).toBe(false);
    const problems = outcome.ok ? [] : outcome.problems;
    expect(problems.some((problem) => problem.startsWith('Theme 1, statement 1') && problem.includes('Measure must be one of access_rate'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('Theme 1, statement 2') && problem.includes('no more than the “partly” threshold'))).toBe(true);
  });

  it('reads the optional Linked measures column of a workbook', async () => {
    const file = await workbook({
      heading: [...statementColumns, 'Linked measures (optional)'],
      statements: [
        [...row('first-theme', 'ONE-01'), 'days_to_funding_decision: in place 14, partly 28; completion: in place 60, partly 45.5'],
        [...row('first-theme', 'ONE-02'), ''],
      ],
    });
    const outcome = await parseXlsxTemplate(file);
    const statements = outcome.ok ? outcome.definition.themes[0]?.statements : [];
    expect(statements?.[0]?.measures).toEqual([
      { measure: 'days_to_funding_decision', inPlace: 14, partly: 28 },
      { measure: 'completion', inPlace: 60, partly: 45.5 },
    ]);
    expect(statements?.[1]?.measures).toEqual([]);
  });

  it('explains a link written the wrong way in a workbook, with its row', async () => {
    const file = await workbook({
      heading: [...statementColumns, 'Linked measures'],
      statements: [
        [...row('first-theme', 'ONE-01'), 'days_to_funding_decision 14 28'],
        [...row('first-theme', 'ONE-02'), 'completion: in place 40, partly 60'],
      ],
    });
    const outcome = await parseXlsxTemplate(file);
    expect(outcome.ok).toBe(false);
    const problems = outcome.ok ? [] : outcome.problems;
    expect(problems[0]).toMatch(/^Row 2, column Linked measures: write each link as a measure key/);
    const thresholds = await parseXlsxTemplate(
      await workbook({ heading: [...statementColumns, 'Linked measures'], statements: [[...row('first-theme', 'ONE-01'), 'completion: in place 40, partly 60']] }),
    );
    expect(thresholds.ok ? [] : thresholds.problems).toEqual(['Row 2, column Linked measures: The “in place” threshold must be at least the “partly” threshold, because a higher figure is better']);
  });
});
