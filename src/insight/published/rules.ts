import { excel } from '../../platform/tabular/excel.js';
import { type AreaLevel, areaLevels, type FigureQualifier, figureQualifiers } from '../../platform/db/schema.js';
import { bad, type ChoiceList, choices, cleanText, good, orList, quoted, type Read, readText } from '../../platform/tabular/cells.js';
import { type ColumnSpec as ColumnSpecOf, matchHeadings, problemTexts, rowReader, rowsWithValues } from '../../platform/tabular/columns.js';
import { writeCsv } from '../../platform/tabular/csv-write.js';
import { fileKind, readCsvUpload } from '../../platform/tabular/uploaded-file.js';
import { cellDisplayText, unpackedZipSize } from '../../platform/tabular/xlsx-read.js';
import { areaLevelLabels, areaLevelOfCode, englandAreaCode, isAreaCode } from '../areas.js';
import { type Breakdown, breakdownByKey, breakdownKeys, breakdowns, type PublishedMeasure, publishedMeasureKeys, publishedMeasureLabels, publishedMeasures, qualifierLabels } from './catalogue.js';
import { type Period, parsePeriod, periodCode } from './periods.js';

/**
 * Reading a file of published treatment statistics (NDTMS-style aggregate figures): one row per
 * figure, a heading row first, as CSV or an Excel workbook. Pure functions: no database, no web.
 * Every problem names its row as a spreadsheet numbers it (the headings are row 1), and a file
 * with any problem is refused whole.
 */

export const maximumUploadBytes = 5 * 1024 * 1024;
export const maximumUploadText = '5 MB';
/** A workbook this small can unpack to far more; more than this is not a file of figures. */
export const maximumUnpackedBytes = 40 * 1024 * 1024;
export const maximumFigureRows = 50_000;
/** The most problems listed at once; a badly wrong file can have thousands. */
export const maximumListedProblems = 50;
/** Far beyond any count of adults in treatment; stops a typing slip being stored. */
const maximumValue = 100_000_000;
const earliestPeriod = '2000-01-01';

// What a file holds ----------------------------------------------------------------------------

export interface PublishedFigure {
  areaCode: string;
  areaLevel: AreaLevel;
  period: Period;
  measure: PublishedMeasure;
  breakdown: Breakdown;
  breakdownValue: string;
  /** Null only when the publisher suppressed the figure. */
  value: number | null;
  qualifier: FigureQualifier | null;
}

export interface PublishedArea {
  code: string;
  name: string;
  level: AreaLevel;
  /** The region's code, for a local authority; England's, for a region; null for England or when not known. */
  regionCode: string | null;
}

/**
 * Whose figures the file may hold: any area at any level (an administrator), or only the
 * partnership's own local authority area (its lead commissioner).
 */
export type ImportScope =
  | { kind: 'any' }
  | { kind: 'own'; areaCode: string; regionCode: string | null; partnershipName: string };

export interface FiguresFile {
  figures: PublishedFigure[];
  areas: PublishedArea[];
  ignoredHeadings: string[];
}

export type FiguresFileOutcome = ({ ok: true } & FiguresFile) | { ok: false; problems: string[]; total: number };

const refused = (...problems: string[]): FiguresFileOutcome => ({ ok: false, problems, total: problems.length });

/** The key of one figure within its area and period. */
export function figureKey(figure: { measure: string; breakdown: string; breakdownValue: string }): string {
  return `${figure.measure}\u0000${figure.breakdown}\u0000${figure.breakdownValue}`;
}

/** The key of an area's period, the unit a re-import replaces. */
export function areaPeriodKey(areaCode: string, period: Period): string {
  return `${areaCode}\u0000${period.unit}\u0000${period.start}`;
}

// Columns -------------------------------------------------------------------------------------

export type ColumnKey = 'areaCode' | 'areaName' | 'areaLevel' | 'regionCode' | 'period' | 'measure' | 'breakdown' | 'breakdownValue' | 'value' | 'qualifier';
export type ColumnSpec = ColumnSpecOf<ColumnKey>;

export const figureColumns: ColumnSpec[] = [
  { key: 'areaCode', heading: 'Area code', required: true, aliases: ['ons code', 'area ons code', 'la code', 'code'], help: 'The area’s ONS code: E92000001 for England, E12 and 6 digits for a region, or E06, E07, E08, E09 or E10 and 6 digits for a local authority.' },
  { key: 'areaName', heading: 'Area name', required: true, aliases: ['area', 'local authority', 'name'], help: 'The area’s name, up to 200 characters. Use the same name on every row for the area.' },
  { key: 'areaLevel', heading: 'Area level', required: true, aliases: ['level', 'geography', 'geography level'], help: 'Local authority, Region or England. It must match the area code.' },
  { key: 'regionCode', heading: 'Region code', required: false, aliases: ['region ons code'], help: 'For a local authority, the ONS code of its region, like E12000002 for the North West. Leave it empty for regions and England.' },
  { key: 'period', heading: 'Period', required: true, aliases: ['time period', 'reporting period'], help: 'A month (2026-04 or April 2026), a financial quarter (2026-27 Q1 is April to June 2026) or a financial year (2026-27 is 1 April 2026 to 31 March 2027).' },
  { key: 'measure', heading: 'Measure', required: true, aliases: ['indicator', 'metric'], help: 'One of the measures listed below, by its name or its code.' },
  { key: 'breakdown', heading: 'Breakdown', required: false, aliases: ['breakdown type', 'group'], help: 'Empty or All for everyone, or one of Age band, Sex, Ethnic group, Disability or Main substance.' },
  { key: 'breakdownValue', heading: 'Breakdown value', required: false, aliases: ['breakdown group', 'group value', 'category'], help: 'The group within the breakdown, from the lists below. Empty or All when there is no breakdown.' },
  { key: 'value', heading: 'Value', required: true, aliases: ['count', 'figure', 'number'], help: 'A number that is not negative, like 2450. Leave it empty only when the publisher suppressed the figure.' },
  { key: 'qualifier', heading: 'Qualifier', required: false, aliases: ['flag', 'note', 'status'], help: 'Empty, or one of Suppressed, Estimated, Provisional or Revised.' },
];

const columnByKey = new Map(figureColumns.map((column) => [column.key, column]));
const headingOf = (key: ColumnKey) => (columnByKey.get(key) as ColumnSpec).heading;

// Values given as codes or labels ----------------------------------------------------------------

const levelChoices = choices(areaLevels, areaLevelLabels, {
  la: 'local_authority',
  utla: 'local_authority',
  'upper tier local authority': 'local_authority',
  'lower tier local authority': 'local_authority',
  council: 'local_authority',
  'government office region': 'region',
  national: 'england',
  country: 'england',
});
const measureChoices = choices(publishedMeasureKeys, publishedMeasureLabels, {
  'adults in contact with treatment': 'adults_in_treatment',
  'number in treatment': 'adults_in_treatment',
  'treatment population': 'adults_in_treatment',
  'new entrants': 'new_presentations',
  'new entrants to treatment': 'new_presentations',
  'new presentations to treatment': 'new_presentations',
  'residential rehab starts': 'residential_rehab_starts',
  'inpatient detox starts': 'inpatient_detox_starts',
  'inpatient unit starts': 'inpatient_detox_starts',
  'successful completions of treatment': 'successful_completions',
});
const breakdownLabels = Object.fromEntries(breakdowns.map((breakdown) => [breakdown.key, breakdown.label])) as Record<Breakdown, string>;
const breakdownChoices = choices(breakdownKeys, breakdownLabels, {
  total: 'all',
  none: 'all',
  age: 'age_band',
  'age group': 'age_band',
  gender: 'sex',
  ethnicity: 'ethnicity_group',
  'ethnic group': 'ethnicity_group',
  disabled: 'disability',
  substance: 'main_substance',
  'substance group': 'main_substance',
});
const breakdownValueChoices = new Map<Breakdown, ChoiceList<string>>(
  breakdowns.map((breakdown) => [breakdown.key, choices(breakdown.values, breakdown.valueLabels, breakdown.key === 'all' ? { total: 'all' } : {})]),
);
const qualifierChoices = choices(figureQualifiers, qualifierLabels, { c: 'suppressed', x: 'suppressed', estimate: 'estimated', e: 'estimated', p: 'provisional', r: 'revised' });
/** What publishers write in place of a suppressed number. */
const suppressionMarks = new Set(['*', '[c]', '[x]', '~', '..']);

/** The words each list accepts, for the import page. */
export const acceptedValues = {
  measures: publishedMeasures.map((measure) => ({ code: measure.key, label: measure.label, description: measure.description })),
  breakdowns: breakdowns
    .filter((breakdown) => breakdown.key !== 'all')
    .map((breakdown) => ({ code: breakdown.key, label: breakdown.label, values: breakdown.values.map((code) => ({ code, label: breakdown.valueLabels[code] ?? code })) })),
  levels: areaLevels.map((code) => ({ code, label: areaLevelLabels[code] })),
  qualifiers: figureQualifiers.map((code) => ({ code, label: qualifierLabels[code] })),
};

/** A count as a spreadsheet writes it: 2450, 2,450 or 12.5. Null for an empty cell or a suppression mark. */
export function readFigureValue(raw: string): Read<{ value: number | null; marked: boolean }> {
  const text = raw.trim().replace(/,/g, '');
  if (!text) return good({ value: null, marked: false });
  if (suppressionMarks.has(text.toLowerCase())) return good({ value: null, marked: true });
  if (/^-\s*\d/.test(text)) return bad('the value cannot be negative');
  if (!/^\d+(\.\d+)?$/.test(text)) return bad(`${quoted(raw.trim())} is not a number. Write the figure as a number, like 2450`);
  const value = Number(text);
  if (value > maximumValue) return bad(`the value must be ${maximumValue.toLocaleString('en-GB')} or less`);
  return good({ value, marked: false });
}

// The file --------------------------------------------------------------------------------------

interface Options {
  scope: ImportScope;
  /** 'YYYY-MM-DD': figures for a period that has not begun are refused. */
  today: string;
}

/** Reads the rows of an uploaded CSV file or Excel workbook, whichever it is. */
export async function readFiguresUpload(data: Uint8Array, options: Options): Promise<FiguresFileOutcome> {
  const kind = fileKind(data);
  if (kind === 'xlsx') {
    const records = await workbookRecords(data);
    return records.ok ? readFiguresRecords(records.records, options) : refused(records.problem);
  }
  if (kind === 'old-excel') return refused('The selected file is an older Excel file or has a password. Save it as an Excel Workbook (.xlsx) without a password, or as CSV, and try again');
  if (kind === 'other') return refused('The selected file must be a CSV file or an Excel workbook (.xlsx)');
  const upload = readCsvUpload(data, 'one figure');
  return upload.ok ? readFiguresRecords(upload.records, options) : refused(upload.problem);
}

/** The rows of the workbook's Figures sheet (or its first sheet) as text, like a CSV file's. */
async function workbookRecords(data: Uint8Array): Promise<{ ok: true; records: string[][] } | { ok: false; problem: string }> {
  const unreadable = 'The selected file could not be read. Open it in Excel or a similar program, save it as an Excel Workbook (.xlsx) or as CSV, and try again';
  const unpacked = unpackedZipSize(data, maximumUnpackedBytes);
  if (unpacked === null) return { ok: false, problem: unreadable };
  if (unpacked === 'too-big') return { ok: false, problem: 'The workbook is too large to import. Keep only the sheet of figures, or save it as CSV' };
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    return { ok: false, problem: unreadable };
  }
  const sheet = workbook.worksheets.find((candidate) => candidate.name.trim().toLowerCase() === 'figures') ?? workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) return { ok: false, problem: 'The selected file is empty' };
  if (sheet.actualRowCount - 1 > maximumFigureRows) return { ok: false, problem: tooManyRows(sheet.actualRowCount - 1) };
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    while (records.length < rowNumber - 1) records.push([]);
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) cells.push(cellDisplayText(row.getCell(column)));
    records.push(cells);
  });
  return { ok: true, records };
}

const tooManyRows = (rows: number) =>
  `The file has ${rows.toLocaleString('en-GB')} rows of figures. A file can have up to ${maximumFigureRows.toLocaleString('en-GB')}: split it into smaller files`;

/**
 * Checks every row of a file of figures. A file may hold any number of areas and periods, but
 * each figure once. The problems come row by row; only the first `maximumListedProblems` are
 * kept, with the total.
 */
export function readFiguresRecords(records: string[][], { scope, today }: Options): FiguresFileOutcome {
  const headings = records[0] ?? [];
  const matched = matchHeadings(headings, figureColumns);
  if (!matched.ok) return { ok: false, problems: matched.problems, total: matched.problems.length };
  const { columnIndex, ignoredHeadings } = matched;

  const rows = rowsWithValues(records);
  if (rows.length === 0) return refused('The file has headings but no figures. Add one row for each figure below the headings');
  if (rows.length > maximumFigureRows) return refused(tooManyRows(rows.length));

  const listed: string[] = [];
  let total = 0;
  const figures: PublishedFigure[] = [];
  const areas = new Map<string, PublishedArea & { row: number }>();
  const seen = new Map<string, number>();

  for (const { cells, row } of rows) {
    if (cells.length > headings.length && cells.slice(headings.length).some((cell) => cell.trim() !== '')) {
      total += 1;
      if (listed.length < maximumListedProblems) {
        listed.push(`Row ${row}: the row has ${cells.length} values but there are ${headings.length} column headings. Put any value that has a comma in it inside double quotation marks (")`);
      }
      continue;
    }
    const { problems, cell, take } = rowReader(cells, columnIndex, row, headingOf, { firstPerColumn: true });

    // The area.
    const areaCode = cleanText(cell('areaCode')).toUpperCase().replace(/\s+/g, '');
    let codeLevel: AreaLevel | null = null;
    if (!areaCode) take('areaCode', bad('enter the area’s ONS code, like E92000001 for England'), null);
    else {
      codeLevel = areaLevelOfCode(areaCode);
      if (!codeLevel) take('areaCode', bad(`${quoted(areaCode)} is not the ONS code of England, an English region or an English local authority. Codes are a letter and 8 digits, like E06000001`), null);
    }
    const areaName = take('areaName', readText(cell('areaName'), 200, 'the area’s name'), '');
    if (!areaName && cell('areaName').trim() === '') take('areaName', bad('enter the area’s name'), '');
    const levelText = cleanText(cell('areaLevel'));
    let level: AreaLevel | null = null;
    if (!levelText) take('areaLevel', bad('enter the area level: Local authority, Region or England'), null);
    else {
      level = levelChoices.find(levelText) ?? null;
      if (!level) take('areaLevel', bad(`${quoted(levelText)} is not an area level. Use ${orList(levelChoices.labels)}`), null);
      else if (codeLevel && level !== codeLevel) {
        take('areaLevel', bad(`${areaCode} is ${codeLevel === 'england' ? 'England’s code' : codeLevel === 'region' ? 'a region’s code' : 'a local authority’s code'}, but the area level says ${areaLevelLabels[level]}. Correct the code or the level`), null);
      }
    }
    const regionText = cleanText(cell('regionCode')).toUpperCase().replace(/\s+/g, '');
    let regionCode: string | null = null;
    if (regionText) {
      if (codeLevel && codeLevel !== 'local_authority') take('regionCode', bad('only a local authority belongs to a region. Leave the region code empty for regions and England'), null);
      else if (!isAreaCode(regionText, 'region')) take('regionCode', bad(`${quoted(regionText)} is not the ONS code of an English region. Region codes run from E12000001 (North East) to E12000009 (South West)`), null);
      else regionCode = regionText;
    }
    if (scope.kind === 'own' && areaCode && codeLevel && areaCode !== scope.areaCode) {
      take(
        'areaCode',
        bad(`you can import figures only for ${scope.partnershipName}’s own area (${scope.areaCode}). An administrator imports the figures for other areas, regions and England`),
        null,
      );
    }

    // The period, the measure and the group.
    const periodText = cleanText(cell('period'));
    let period: Period | null = null;
    if (!periodText) take('period', bad('enter the period, like 2026-04, 2026-27 Q1 or 2026-27'), null);
    else {
      period = parsePeriod(periodText);
      if (!period) take('period', bad(`${quoted(periodText)} is not a period. Write a month like 2026-04 or April 2026, a financial quarter like 2026-27 Q1, or a financial year like 2026-27`), null);
      else if (period.start > today) take('period', bad(`${periodCode(period)} has not started yet`), null);
      else if (period.start < earliestPeriod) take('period', bad('the period must start in the year 2000 or later'), null);
    }
    const measureText = cleanText(cell('measure'));
    const measure = measureText ? (measureChoices.find(measureText) ?? null) : null;
    if (!measureText) take('measure', bad(`enter the measure, like ${publishedMeasureLabels.adults_in_treatment}`), null);
    else if (!measure) take('measure', bad(`${quoted(measureText)} is not one of the measures. Use ${orList(measureChoices.labels)}`), null);
    const breakdownText = cleanText(cell('breakdown'));
    const breakdown: Breakdown | null = breakdownText ? (breakdownChoices.find(breakdownText) ?? null) : 'all';
    if (!breakdown) take('breakdown', bad(`${quoted(breakdownText)} is not a breakdown. Leave it empty for everyone, or use ${orList(breakdownChoices.labels.slice(1))}`), null);
    const valueText = cleanText(cell('breakdownValue'));
    let breakdownValue: string | null = null;
    if (breakdown) {
      const list = breakdownValueChoices.get(breakdown) as ChoiceList<string>;
      if (breakdown === 'all') {
        if (valueText && !list.find(valueText)) take('breakdownValue', bad('leave the breakdown value empty, or write All, when there is no breakdown. Say which breakdown the group belongs to in the Breakdown column'), null);
        else breakdownValue = 'all';
      } else if (!valueText) {
        take('breakdownValue', bad(`enter the group within the ${(breakdownByKey.get(breakdown) as { label: string }).label.toLowerCase()} breakdown, like ${list.labels[0]}`), null);
      } else {
        breakdownValue = list.find(valueText) ?? null;
        if (!breakdownValue) take('breakdownValue', bad(`${quoted(valueText)} is not a group of the ${(breakdownByKey.get(breakdown) as { label: string }).label.toLowerCase()} breakdown. Use ${orList(list.labels)}`), null);
      }
    }

    // The value and its qualifier.
    const read = take('value', readFigureValue(cell('value')), null);
    const qualifierText = cleanText(cell('qualifier'));
    let qualifier: FigureQualifier | null = null;
    if (qualifierText) {
      qualifier = qualifierChoices.find(qualifierText) ?? null;
      if (!qualifier) take('qualifier', bad(`${quoted(qualifierText)} is not a qualifier. Leave it empty, or use ${orList(qualifierChoices.labels)}`), null);
    }
    if (read) {
      const unknownQualifier = qualifierText !== '' && qualifier === null;
      if (read.marked) {
        if (qualifier && qualifier !== 'suppressed') {
          take('value', bad(`${quoted(cell('value').trim())} marks a suppressed figure, but the qualifier says ${qualifierLabels[qualifier]}. Write the number, or make the qualifier Suppressed`), null);
        } else if (!unknownQualifier) qualifier = 'suppressed';
      } else if (read.value === null) {
        if (qualifier !== 'suppressed' && !unknownQualifier) {
          take('value', bad('enter the figure. Leave it empty only if the publisher suppressed it, and then write Suppressed in the Qualifier column'), null);
        }
      } else if (qualifier === 'suppressed') {
        take('value', bad('a suppressed figure has no value. Leave the value empty, or remove the qualifier Suppressed'), null);
      }
    }

    // The same area the same way on every row, and each figure once.
    if (areaCode && codeLevel && areaName) {
      const earlier = areas.get(areaCode);
      if (!earlier) areas.set(areaCode, { code: areaCode, name: areaName, level: codeLevel, regionCode, row });
      else {
        if (earlier.name !== areaName) take('areaName', bad(`row ${earlier.row} calls ${areaCode} ${quoted(earlier.name)}. Use the same name on every row for the area`), null);
        if (regionCode && earlier.regionCode && earlier.regionCode !== regionCode) take('regionCode', bad(`row ${earlier.row} puts ${areaCode} in region ${earlier.regionCode}. Use the same region code on every row for the area`), null);
        else if (regionCode && !earlier.regionCode) earlier.regionCode = regionCode;
      }
    }
    if (areaCode && period && measure && breakdown && breakdownValue) {
      const key = `${areaPeriodKey(areaCode, period)}\u0000${figureKey({ measure, breakdown, breakdownValue })}`;
      const first = seen.get(key);
      if (first !== undefined) take('value', bad(`row ${first} has the same figure: the same area, period, measure and breakdown. Keep one of the rows`), null);
      else seen.set(key, row);
    }

    if (problems.length) {
      total += problems.length;
      for (const text of problemTexts(problems)) if (listed.length < maximumListedProblems) listed.push(text);
      continue;
    }
    figures.push({
      areaCode,
      areaLevel: codeLevel as AreaLevel,
      period: period as Period,
      measure: measure as PublishedMeasure,
      breakdown: breakdown as Breakdown,
      breakdownValue: breakdownValue as string,
      value: read?.value ?? null,
      qualifier,
    });
  }
  if (total) return { ok: false, problems: listed, total };

  const areaList = [...areas.values()].map(({ row: _row, ...area }) => {
    if (area.level === 'region') return { ...area, regionCode: englandAreaCode };
    if (area.level === 'england') return { ...area, regionCode: null };
    return { ...area, regionCode: area.regionCode ?? (scope.kind === 'own' ? scope.regionCode : null) };
  });
  return { ok: true, figures, areas: areaList, ignoredHeadings };
}

// What a re-import changes ---------------------------------------------------------------------------

export interface StoredFigure {
  areaCode: string;
  period: Period;
  measure: string;
  breakdown: string;
  breakdownValue: string;
  value: number | null;
  qualifier: FigureQualifier | null;
}

export interface FigureRevision {
  change: 'added' | 'changed' | 'removed';
  areaCode: string;
  period: Period;
  measure: string;
  breakdown: string;
  breakdownValue: string;
  oldValue: number | null;
  oldQualifier: FigureQualifier | null;
  newValue: number | null;
  newQualifier: FigureQualifier | null;
}

/**
 * What replacing the stored figures of the file's areas and periods with the file's changes:
 * each figure added, changed (in value or qualifier) or removed. `stored` holds the figures
 * already stored for those areas and periods (others are never touched). Unchanged figures
 * give no revision.
 */
export function revisionsOf(stored: readonly StoredFigure[], incoming: readonly PublishedFigure[]): FigureRevision[] {
  const fullKey = (figure: { areaCode: string; period: Period; measure: string; breakdown: string; breakdownValue: string }) =>
    `${areaPeriodKey(figure.areaCode, figure.period)}\u0000${figureKey(figure)}`;
  const before = new Map(stored.map((figure) => [fullKey(figure), figure]));
  const revisions: FigureRevision[] = [];
  const describe = (figure: StoredFigure | PublishedFigure) => ({
    areaCode: figure.areaCode,
    period: figure.period,
    measure: figure.measure,
    breakdown: figure.breakdown,
    breakdownValue: figure.breakdownValue,
  });
  for (const figure of incoming) {
    const key = fullKey(figure);
    const old = before.get(key);
    before.delete(key);
    if (!old) {
      revisions.push({ change: 'added', ...describe(figure), oldValue: null, oldQualifier: null, newValue: figure.value, newQualifier: figure.qualifier });
    } else if (old.value !== figure.value || old.qualifier !== figure.qualifier) {
      revisions.push({ change: 'changed', ...describe(figure), oldValue: old.value, oldQualifier: old.qualifier, newValue: figure.value, newQualifier: figure.qualifier });
    }
  }
  for (const old of before.values()) {
    revisions.push({ change: 'removed', ...describe(old), oldValue: old.value, oldQualifier: old.qualifier, newValue: null, newQualifier: null });
  }
  return revisions;
}

// The example file ------------------------------------------------------------------------------

/**
 * A short file in the layout the import reads, about invented areas whose codes belong to no
 * real place (E06999998 and E06999999), to download and copy.
 */
export function exampleFiguresCsv(): string {
  const northWest = 'E12000002';
  const rows: Array<Record<ColumnKey, string>> = [];
  const add = (areaCode: string, areaName: string, period: string, measure: string, value: string, extra: Partial<Record<ColumnKey, string>> = {}) =>
    rows.push({
      areaCode,
      areaName,
      areaLevel: areaCode.startsWith('E12') ? 'Region' : 'Local authority',
      regionCode: areaCode.startsWith('E12') ? '' : northWest,
      period,
      measure,
      breakdown: '',
      breakdownValue: '',
      value,
      qualifier: '',
      ...extra,
    });
  const exampleton = ['E06999998', 'Exampleton (example)'] as const;
  const sampleford = ['E06999999', 'Sampleford (example)'] as const;
  add(...exampleton, '2025-26', publishedMeasureLabels.adults_in_treatment, '2450');
  add(...exampleton, '2025-26', publishedMeasureLabels.new_presentations, '1210');
  add(...exampleton, '2025-26', publishedMeasureLabels.residential_rehab_starts, '29');
  add(...exampleton, '2025-26', 'inpatient_detox_starts', '41');
  add(...exampleton, '2025-26', publishedMeasureLabels.successful_completions, '540', { qualifier: 'Provisional' });
  add(...exampleton, '2025-26', publishedMeasureLabels.adults_in_treatment, '1610', { breakdown: 'Sex', breakdownValue: 'Male' });
  add(...exampleton, '2025-26', publishedMeasureLabels.adults_in_treatment, '835', { breakdown: 'Sex', breakdownValue: 'Female' });
  add(...exampleton, '2025-26', publishedMeasureLabels.adults_in_treatment, '', { breakdown: 'Sex', breakdownValue: 'Another way', qualifier: 'Suppressed' });
  add(...exampleton, '2025-26', publishedMeasureLabels.adults_in_treatment, '310', { breakdown: 'Age band', breakdownValue: '18 to 24' });
  add(...exampleton, '2025-26', publishedMeasureLabels.adults_in_treatment, '1290', { breakdown: 'Main substance', breakdownValue: 'Alcohol' });
  add(...exampleton, '2026-27 Q1', publishedMeasureLabels.residential_rehab_starts, '8');
  add(...exampleton, 'April 2026', publishedMeasureLabels.new_presentations, '104', { qualifier: 'Estimated' });
  add(...sampleford, '2025-26', publishedMeasureLabels.adults_in_treatment, '1980');
  add(...sampleford, '2025-26', publishedMeasureLabels.residential_rehab_starts, '9');
  return writeCsv([figureColumns.map((column) => column.heading), ...rows.map((row) => figureColumns.map((column) => row[column.key]))]);
}
