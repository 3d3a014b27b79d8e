import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { areaLevelOfCode, isAreaCode, regionAreaCodes, regionOfCode } from '../areas.js';
import { parsePeriod, periodCode, periodEnd, periodLabel } from './periods.js';
import { exampleFiguresCsv, type ImportScope, type PublishedFigure, readFiguresRecords, revisionsOf, type StoredFigure } from './rules.js';

const today = '2026-12-07';
const admin: ImportScope = { kind: 'any' };
const lead: ImportScope = { kind: 'own', areaCode: 'E06999901', regionCode: 'E12000002', partnershipName: 'Northmoor (demo)' };
const headings = ['Area code', 'Area name', 'Area level', 'Period', 'Measure', 'Breakdown', 'Breakdown value', 'Value', 'Qualifier'];
const read = (rows: string[][], scope: ImportScope = admin, heading = headings) => readFiguresRecords([heading, ...rows], { scope, today });
const row = (overrides: Partial<Record<(typeof headings)[number], string>> = {}) => {
  const base: Record<string, string> = {
    'Area code': 'E06999901',
    'Area name': 'Northmoor (demo)',
    'Area level': 'Local authority',
    Period: '2025-26',
    Measure: 'Adults in treatment',
    Breakdown: '',
    'Breakdown value': '',
    Value: '2450',
    Qualifier: '',
    ...overrides,
  };
  return headings.map((heading) => base[heading] as string);
};
const problemsOf = (outcome: ReturnType<typeof read>) => (outcome.ok ? [] : outcome.problems);

describe('area codes', () => {
  it('knows England, the 9 regions and the local authority formats', () => {
    expect(areaLevelOfCode('E92000001')).toBe('england');
    expect(areaLevelOfCode('E12000002')).toBe('region');
    expect(regionOfCode('E12000002')).toBe('North West');
    expect(regionAreaCodes['South West']).toBe('E12000009');
    for (const code of ['E06000001', 'E07000026', 'E08000001', 'E09000001', 'E10000002']) expect(isAreaCode(code, 'local_authority'), code).toBe(true);
    for (const code of ['E11000001', 'E12000010', 'W06000001', 'E0600001', 'E92000002', '']) expect(areaLevelOfCode(code), code).toBeNull();
  });
});

describe('periods', () => {
  it('reads months written either way, and a spreadsheet date on the first of the month', () => {
    expect(parsePeriod('2026-04')).toEqual({ unit: 'month', start: '2026-04-01' });
    expect(parsePeriod('April 2026')).toEqual({ unit: 'month', start: '2026-04-01' });
    expect(parsePeriod('apr 2026')).toEqual({ unit: 'month', start: '2026-04-01' });
    expect(parsePeriod('2026-04-01')).toEqual({ unit: 'month', start: '2026-04-01' });
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('Smarch 2026')).toBeNull();
  });

  it('reads financial quarters: Q1 is April to June, Q4 is January to March of the next year', () => {
    expect(parsePeriod('2026-27 Q1')).toEqual({ unit: 'quarter', start: '2026-04-01' });
    expect(parsePeriod('2026-27 Q2')).toEqual({ unit: 'quarter', start: '2026-07-01' });
    expect(parsePeriod('2026/27 q3')).toEqual({ unit: 'quarter', start: '2026-10-01' });
    expect(parsePeriod('Q4 2026-2027')).toEqual({ unit: 'quarter', start: '2027-01-01' });
    expect(periodEnd({ unit: 'quarter', start: '2026-04-01' })).toBe('2026-06-30');
    expect(periodEnd({ unit: 'quarter', start: '2027-01-01' })).toBe('2027-03-31');
    expect(periodCode({ unit: 'quarter', start: '2027-01-01' })).toBe('2026-27 Q4');
    expect(periodLabel({ unit: 'quarter', start: '2027-01-01' })).toBe('2026-27 Q4 (January to March 2027)');
    expect(parsePeriod('2026-28 Q1')).toBeNull();
  });

  it('reads financial years from 1 April to 31 March, even where the second year could be a month', () => {
    expect(parsePeriod('2026-27')).toEqual({ unit: 'year', start: '2026-04-01' });
    expect(parsePeriod('2026/2027')).toEqual({ unit: 'year', start: '2026-04-01' });
    expect(parsePeriod('2011-12')).toEqual({ unit: 'year', start: '2011-04-01' });
    expect(parsePeriod('December 2011')).toEqual({ unit: 'month', start: '2011-12-01' });
    expect(periodEnd({ unit: 'year', start: '2026-04-01' })).toBe('2027-03-31');
    expect(periodCode({ unit: 'year', start: '2026-04-01' })).toBe('2026-27');
  });
});

describe('reading a file of figures', () => {
  it('reads measures and breakdowns by label or code, and areas with their region', () => {
    const outcome = read([
      row(),
      row({ Measure: 'new_presentations', Value: '1,210' }),
      row({ Breakdown: 'Age band', 'Breakdown value': '25 to 34', Value: '600' }),
      row({ Breakdown: 'ethnicity_group', 'Breakdown value': 'white', Value: '2000' }),
      row({ Breakdown: 'Disability', 'Breakdown value': 'Not stated', Value: '50' }),
      row({ Breakdown: 'Main substance', 'Breakdown value': 'Drugs and alcohol', Value: '700', Qualifier: 'Provisional' }),
      row({ Breakdown: 'Sex', 'Breakdown value': 'Another way', Value: '', Qualifier: 'suppressed' }),
      row({ Breakdown: 'Sex', 'Breakdown value': 'Not stated', Value: '*' }),
    ], lead);
    expect(problemsOf(outcome)).toEqual([]);
    if (!outcome.ok) return;
    expect(outcome.figures.map((figure) => [figure.measure, figure.breakdown, figure.breakdownValue, figure.value, figure.qualifier])).toEqual([
      ['adults_in_treatment', 'all', 'all', 2450, null],
      ['new_presentations', 'all', 'all', 1210, null],
      ['adults_in_treatment', 'age_band', '25-34', 600, null],
      ['adults_in_treatment', 'ethnicity_group', 'white', 2000, null],
      ['adults_in_treatment', 'disability', 'not_stated', 50, null],
      ['adults_in_treatment', 'main_substance', 'both', 700, 'provisional'],
      ['adults_in_treatment', 'sex', 'other', null, 'suppressed'],
      ['adults_in_treatment', 'sex', 'not_stated', null, 'suppressed'],
    ]);
    // A lead's local authority is placed in the partnership's region.
    expect(outcome.areas).toEqual([{ code: 'E06999901', name: 'Northmoor (demo)', level: 'local_authority', regionCode: 'E12000002' }]);
  });

  it('allows a blank value only for a suppressed figure, and no value for one', () => {
    const outcome = read([row({ Value: '' }), row({ Period: '2024-25', Value: '12', Qualifier: 'Suppressed' }), row({ Period: '2023-24', Value: '-3' }), row({ Period: '2022-23', Value: 'about 40' })]);
    expect(problemsOf(outcome)).toEqual([
      'Row 2, column Value: enter the figure. Leave it empty only if the publisher suppressed it, and then write Suppressed in the Qualifier column',
      'Row 3, column Value: a suppressed figure has no value. Leave the value empty, or remove the qualifier Suppressed',
      'Row 4, column Value: the value cannot be negative',
      'Row 5, column Value: ‘about 40’ is not a number. Write the figure as a number, like 2450',
    ]);
  });

  it('refuses unknown measures, breakdowns and groups, and a group without its breakdown', () => {
    const outcome = read([
      row({ Measure: 'Deaths' }),
      row({ Breakdown: 'Religion', 'Breakdown value': 'None' }),
      row({ Breakdown: 'Age band', 'Breakdown value': '16 to 17' }),
      row({ 'Breakdown value': 'Female' }),
      row({ Breakdown: 'Sex' }),
      row({ Qualifier: 'Maybe' }),
    ]);
    const problems = problemsOf(outcome);
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/^Row 2, column Measure: ‘Deaths’ is not one of the measures/);
    expect(problems[1]).toMatch(/^Row 3, column Breakdown: ‘Religion’ is not a breakdown/);
    expect(problems[2]).toMatch(/^Row 4, column Breakdown value: ‘16 to 17’ is not a group of the age band breakdown/);
    expect(problems[3]).toMatch(/^Row 5, column Breakdown value: leave the breakdown value empty/);
    expect(problems[4]).toMatch(/^Row 6, column Breakdown value: enter the group within the sex breakdown/);
    expect(problems[5]).toMatch(/^Row 7, column Qualifier: ‘Maybe’ is not a qualifier/);
  });

  it('refuses a figure given twice, a code that does not match its level, and periods not yet begun', () => {
    const outcome = read([
      row(),
      row({ Measure: 'adults_in_treatment' }),
      row({ 'Area code': 'E12000002', 'Area name': 'North West' }),
      row({ Period: '2027-01' }),
      row({ 'Area code': 'X1' }),
    ]);
    expect(problemsOf(outcome)).toEqual([
      'Row 3, column Value: row 2 has the same figure: the same area, period, measure and breakdown. Keep one of the rows',
      'Row 4, column Area level: E12000002 is a region’s code, but the area level says Local authority. Correct the code or the level',
      'Row 5, column Period: 2027-01 has not started yet',
      'Row 6, column Area code: ‘X1’ is not the ONS code of England, an English region or an English local authority. Codes are a letter and 8 digits, like E06000001',
    ]);
  });

  it('lets a lead import only their own area', () => {
    const outcome = read(
      [row(), row({ 'Area code': 'E06999902', 'Area name': 'Eastfield (demo)' }), row({ 'Area code': 'E92000001', 'Area name': 'England', 'Area level': 'England' })],
      lead,
    );
    const problems = problemsOf(outcome);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Row 3, column Area code: you can import figures only for Northmoor \(demo\)’s own area \(E06999901\)/);
    expect(problems[1]).toMatch(/^Row 4, column Area code/);
  });

  it('lets an administrator import regions and England, with local authorities placed by the Region code column', () => {
    const withRegion = [...headings, 'Region code'];
    const outcome = read(
      [
        [...row({ 'Area code': 'E92000001', 'Area name': 'England', 'Area level': 'England', Value: '310863', Period: '2023-24' }), ''],
        [...row({ 'Area code': 'E12000002', 'Area name': 'North West', 'Area level': 'Region', Value: '45000' }), ''],
        [...row({ 'Area code': 'E06999903', 'Area name': 'Westbrook (demo)' }), 'E12000002'],
      ],
      admin,
      withRegion,
    );
    expect(problemsOf(outcome)).toEqual([]);
    if (!outcome.ok) return;
    expect(outcome.areas).toEqual([
      { code: 'E92000001', name: 'England', level: 'england', regionCode: null },
      { code: 'E12000002', name: 'North West', level: 'region', regionCode: 'E92000001' },
      { code: 'E06999903', name: 'Westbrook (demo)', level: 'local_authority', regionCode: 'E12000002' },
    ]);
  });

  it('lists only the first 50 problems, with the total', () => {
    const rows = Array.from({ length: 120 }, (_, index) => row({ Period: `${2000 + (index % 20)}-${String((index % 20) + 1).padStart(2, '0')}`, Measure: 'Nonsense' }));
    const outcome = read(rows);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems).toHaveLength(50);
    expect(outcome.total).toBeGreaterThan(50);
  });

  it('needs the heading row and at least one figure', () => {
    expect(problemsOf(read([], admin, ['Something else']))[0]).toMatch(/^Row 1 must have the column headings/);
    expect(problemsOf(read([]))).toEqual(['The file has headings but no figures. Add one row for each figure below the headings']);
  });
});

describe('the example file', () => {
  it('is read by the import without a problem, and names only invented areas', () => {
    const records = parse(exampleFiguresCsv(), { bom: true }) as string[][];
    const outcome = readFiguresRecords(records, { scope: admin, today });
    expect(problemsOf(outcome as ReturnType<typeof read>)).toEqual([]);
    expect(records.slice(1).every((cells) => /\(example\)$/.test(cells[1] as string) && /^E06999/.test(cells[0] as string))).toBe(true);
  });
});

describe('what a re-import changes', () => {
  const period = { unit: 'year' as const, start: '2025-04-01' };
  const stored = (measure: string, value: number | null, qualifier: StoredFigure['qualifier'] = null): StoredFigure => ({
    areaCode: 'E06999901',
    period,
    measure,
    breakdown: 'all',
    breakdownValue: 'all',
    value,
    qualifier,
  });
  const incoming = (measure: PublishedFigure['measure'], value: number | null, qualifier: PublishedFigure['qualifier'] = null): PublishedFigure => ({
    ...stored(measure, value, qualifier),
    areaLevel: 'local_authority',
    measure,
    breakdown: 'all',
  });

  it('gives a revision for each figure added, changed in value or qualifier, or removed, and none for unchanged ones', () => {
    const revisions = revisionsOf(
      [stored('adults_in_treatment', 2450), stored('new_presentations', 1200), stored('successful_completions', 500, 'provisional'), stored('inpatient_detox_starts', 40)],
      [incoming('adults_in_treatment', 2450), incoming('new_presentations', 1210), incoming('successful_completions', 500), incoming('residential_rehab_starts', 29)],
    );
    expect(revisions.map((revision) => [revision.change, revision.measure, revision.oldValue, revision.oldQualifier, revision.newValue, revision.newQualifier])).toEqual([
      ['changed', 'new_presentations', 1200, null, 1210, null],
      ['changed', 'successful_completions', 500, 'provisional', 500, null],
      ['added', 'residential_rehab_starts', null, null, 29, null],
      ['removed', 'inpatient_detox_starts', 40, null, null, null],
    ]);
  });
});
