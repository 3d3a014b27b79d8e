import type ExcelJS from 'exceljs';
import { excel } from '../../platform/tabular/excel.js';
import type { z } from 'zod';
import { isBlank, looksLikeJson, fileKind as uploadedFileKind } from '../../platform/tabular/uploaded-file.js';
import { cellDisplayText, unpackedZipSize } from '../../platform/tabular/xlsx-read.js';
import { type TemplateDefinition, templateSchema } from './template-schema.js';

/**
 * Reading a question bank from an uploaded file: JSON in the shape of the built-in banks, or an
 * Excel workbook laid out as described on the import page. Pure functions: no database, no web.
 *
 * Workbook layout
 *   Sheet "Template": one row per detail, the name in column A and its value in column B:
 *     Key | Version | Title | Description
 *   Sheet "Statements": a heading row, then one row per statement, in order:
 *     Theme key | Theme title | Theme description | Statement key | Statement text |
 *     What good looks like | Evidence (suggestions separated by semicolons) |
 *     Linked measures (optional: "days_to_funding_decision: in place 14, partly 28", separated by semicolons)
 *   The theme title and description may be repeated on every row of the theme or given once.
 *   Themes come in the order their first row appears. Other sheets are ignored.
 */

export const maximumUploadBytes = 2 * 1024 * 1024;
export const maximumUploadText = '2 MB';
/** Far more than any real question bank; stops a small file unpacking into a huge one. */
export const maximumUnpackedBytes = 40 * 1024 * 1024;
const maximumStatementRows = 2000;

export const templateSheetName = 'Template';
export const statementsSheetName = 'Statements';
export const templateFields = [
  { label: 'Key', field: 'key' },
  { label: 'Version', field: 'version' },
  { label: 'Title', field: 'title' },
  { label: 'Description', field: 'description' },
] as const;
export const statementColumns = [
  'Theme key',
  'Theme title',
  'Theme description',
  'Statement key',
  'Statement text',
  'What good looks like',
  'Evidence',
] as const;
/** A column older workbooks do not have: a statement's links to the figures that evidence it. */
export const measuresColumn = 'Linked measures';
type StatementColumn = (typeof statementColumns)[number] | typeof measuresColumn;

const measureLinkPattern = /^([a-z][a-z0-9_]*)\s*:\s*in place\s+(-?\d+(?:\.\d+)?)\s*,\s*partly\s+(-?\d+(?:\.\d+)?)$/i;

/** "days_to_funding_decision: in place 14, partly 28; completion: in place 60, partly 45" as links, or null if a part is not written that way. */
export function parseMeasureLinks(text: string): Array<{ measure: string; inPlace: number; partly: number }> | null {
  const parts = text
    .split(/;|\r?\n/)
    .map((part) => part.trim())
    .filter(Boolean);
  const links = parts.map((part) => measureLinkPattern.exec(part));
  if (links.some((match) => match === null)) return null;
  return links.map((match) => ({ measure: (match as RegExpExecArray)[1]?.toLowerCase() as string, inPlace: Number(match?.[2]), partly: Number(match?.[3]) }));
}

/** The links written the way the workbook reads them. */
export function measureLinksText(links: ReadonlyArray<{ measure: string; inPlace: number; partly: number }>): string {
  return links.map((link) => `${link.measure}: in place ${link.inPlace}, partly ${link.partly}`).join('; ');
}

export type ImportOutcome = { ok: true; definition: TemplateDefinition; format: 'json' | 'xlsx' } | { ok: false; problems: string[] };

const fail = (...problems: string[]): ImportOutcome => ({ ok: false, problems });

// Which kind of file --------------------------------------------------------------------------

export type FileKind = 'empty' | 'json' | 'xlsx' | 'old-excel' | 'other';

/** Decided by the file's contents, not its name: an upload that is text must hold JSON. */
export function fileKind(data: Uint8Array): FileKind {
  const kind = uploadedFileKind(data);
  if (kind === 'empty' || kind === 'xlsx' || kind === 'old-excel') return kind;
  if (isBlank(data)) return 'empty';
  return looksLikeJson(data) ? 'json' : 'other';
}

/** Reads whichever kind of file was uploaded. */
export async function parseTemplateFile(data: Uint8Array): Promise<ImportOutcome> {
  switch (fileKind(data)) {
    case 'empty':
      return fail('The selected file is empty');
    case 'json':
      return parseJsonTemplate(data);
    case 'xlsx':
      return parseXlsxTemplate(data);
    case 'old-excel':
      return fail('The selected file is an older Excel file or has a password. Save it as an Excel Workbook (.xlsx) without a password and try again');
    default:
      return fail('The selected file must be a JSON file or an Excel workbook (.xlsx)');
  }
}

// Messages ------------------------------------------------------------------------------------

const fieldLabels: Record<string, string> = {
  key: 'Key',
  version: 'Version',
  title: 'Title',
  description: 'Description',
  text: 'Statement text',
  goodLooksLike: 'What good looks like',
  evidence: 'Evidence',
  themes: 'Themes',
  statements: 'Statements',
};

/**
 * zod's own wording ("Too big: expected string to have <=150 characters") is replaced by the
 * GOV.UK style. So is a field's general message ("Enter the theme’s title") given for a limit it
 * does not mention.
 */
function messageFor(issue: z.core.$ZodIssue, label: string): string {
  if (issue.code === 'too_big') {
    const maximum = Number(issue.maximum).toLocaleString('en-GB');
    if (issue.message.includes(maximum) || issue.message.includes(String(issue.maximum))) {
      if (!/^Too big/.test(issue.message)) return issue.message;
    }
    return issue.origin === 'array' ? `${label} can have no more than ${maximum} items` : `${label} must be ${maximum} characters or fewer`;
  }
  const ownWording = /^(Too big|Too small|Invalid input|Invalid|Expected|Unrecognized)/.test(issue.message);
  if (!ownWording) return issue.message;
  if (issue.code === 'too_small') {
    return issue.origin === 'array' ? `${label} must have at least ${Number(issue.minimum).toLocaleString('en-GB')}` : `Enter the ${label.toLowerCase()}`;
  }
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object with named fields' : issue.expected === 'string' ? 'text' : issue.expected;
    return `${label} must be ${expected}`;
  }
  return `${label} is not valid`;
}

// JSON ----------------------------------------------------------------------------------------

/** Where a JSON problem is, in words: "Theme 2, statement 3, key". */
export function describeJsonPath(path: ReadonlyArray<PropertyKey>): string {
  const parts: string[] = [];
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index];
    const following = path[index + 1];
    if (segment === 'themes' && typeof following === 'number') {
      parts.push(`Theme ${following + 1}`);
      index += 1;
    } else if (segment === 'statements' && typeof following === 'number') {
      parts.push(`statement ${following + 1}`);
      index += 1;
    } else if (segment === 'evidence' && typeof following === 'number') {
      parts.push(`evidence item ${following + 1}`);
      index += 1;
    } else {
      parts.push(String(segment));
    }
  }
  if (parts.length === 1 && path.length === 1) return `Template, ${parts[0]}`;
  return parts.join(', ');
}

function jsonLabel(path: ReadonlyArray<PropertyKey>): string {
  const last = [...path].reverse().find((segment) => typeof segment === 'string') as string | undefined;
  if (last === 'evidence' && typeof path.at(-1) === 'number') return 'Each evidence suggestion';
  if (last === 'key') return path.includes('statements') ? 'Statement key' : path.includes('themes') ? 'Theme key' : 'Template key';
  if (last === 'title') return path.includes('themes') ? 'Theme title' : 'Template title';
  if (last === 'description') return path.includes('themes') ? 'Theme description' : 'Template description';
  return last ? (fieldLabels[last] ?? last) : 'The file';
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

export function parseJsonTemplate(data: Uint8Array): ImportOutcome {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return fail('The JSON file must be saved as UTF-8 text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    if (position !== undefined) {
      const { line, column } = lineAndColumn(text, Number(position));
      return fail(`The file is not valid JSON: check line ${line}, near character ${column}`);
    }
    return fail('The file is not valid JSON: check that it is complete and was saved as JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('The JSON file must hold one question bank: an object with a key, version, title, description and a list of themes');
  }
  const result = templateSchema.safeParse(parsed);
  if (result.success) return { ok: true, definition: result.data, format: 'json' };
  return fail(...result.error.issues.map((issue) => `${describeJsonPath(issue.path)}: ${messageFor(issue, jsonLabel(issue.path))}`));
}

// Excel ---------------------------------------------------------------------------------------

/** "Evidence (separated by semicolons)" and " evidence " both mean "Evidence". */
function headingName(text: string): string {
  return text
    .replace(/\(.*\)$/, '')
    .replace(/:\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function findSheet(workbook: ExcelJS.Workbook, name: string) {
  return workbook.worksheets.find((sheet) => sheet.name.trim().toLowerCase() === name.toLowerCase());
}

interface StatementRow {
  row: number;
  values: Record<StatementColumn, string>;
}

interface ThemeSource {
  key: string;
  firstRow: number;
  titleRow: number;
  descriptionRow: number;
  title: string;
  description: string;
  statements: StatementRow[];
}

export async function parseXlsxTemplate(data: Uint8Array): Promise<ImportOutcome> {
  const unpacked = unpackedZipSize(data, maximumUnpackedBytes);
  if (unpacked === null) return fail('The selected file could not be read. Open it in Excel or a similar program, save it as an Excel Workbook (.xlsx) and try again');
  if (unpacked === 'too-big') return fail('The workbook is too large to import. A question bank needs only the Template and Statements sheets');

  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    return fail('The selected file could not be read. Open it in Excel or a similar program, save it as an Excel Workbook (.xlsx) and try again');
  }

  const problems: string[] = [];

  // The Template sheet: names in column A, values in column B.
  const details: Record<string, string> = {};
  const detailRows: Record<string, number> = {};
  const templateSheet = findSheet(workbook, templateSheetName);
  if (!templateSheet) {
    problems.push(`The workbook must have a sheet called ${templateSheetName} giving the question bank’s key, version, title and description`);
  } else {
    templateSheet.eachRow((row, rowNumber) => {
      const name = cellDisplayText(row.getCell(1));
      const value = cellDisplayText(row.getCell(2));
      if (!name && !value) return;
      const known = templateFields.find((field) => field.label.toLowerCase() === headingName(name));
      if (!known) {
        problems.push(`${templateSheetName} sheet, row ${rowNumber}: column A must say Key, Version, Title or Description`);
        return;
      }
      if (detailRows[known.field] !== undefined) {
        problems.push(`${templateSheetName} sheet, row ${rowNumber}: ${known.label} is given more than once`);
        return;
      }
      details[known.field] = value;
      detailRows[known.field] = rowNumber;
    });
  }

  // The Statements sheet: a heading row, then one row per statement.
  const statementsSheet = findSheet(workbook, statementsSheetName) ?? workbook.worksheets.find((sheet) => sheet !== templateSheet);
  const columnOf = new Map<StatementColumn, number>();
  const themes = new Map<string, ThemeSource>();
  if (!statementsSheet) {
    problems.push(`The workbook must have a sheet called ${statementsSheetName} with one row for each statement`);
  } else if (statementsSheet.actualRowCount - 1 > maximumStatementRows) {
    problems.push(`The ${statementsSheet.name} sheet has more than ${maximumStatementRows.toLocaleString('en-GB')} rows. A question bank can have up to ${maximumStatementRows.toLocaleString('en-GB')} statements`);
  } else {
    const sheetName = statementsSheet.name;
    const heading = statementsSheet.getRow(1);
    heading.eachCell((cell, columnNumber) => {
      const match = ([...statementColumns, measuresColumn] as StatementColumn[]).find((column) => column.toLowerCase() === headingName(cellDisplayText(cell)));
      if (match && !columnOf.has(match)) columnOf.set(match, columnNumber);
    });
    const missing = statementColumns.filter((column) => !columnOf.has(column));
    if (missing.length === statementColumns.length) {
      problems.push(`Row 1 of the ${sheetName} sheet must have these headings: ${statementColumns.join(', ')}`);
    } else if (missing.length) {
      for (const column of missing) problems.push(`The ${sheetName} sheet has no column called ${column}. Add it to row 1`);
    } else {
      statementsSheet.eachRow((row, rowNumber) => {
        if (rowNumber === 1) return;
        const values = Object.fromEntries(statementColumns.map((column) => [column, cellDisplayText(row.getCell(columnOf.get(column) as number))])) as Record<StatementColumn, string>;
        const measuresAt = columnOf.get(measuresColumn);
        values[measuresColumn] = measuresAt === undefined ? '' : cellDisplayText(row.getCell(measuresAt));
        if (statementColumns.every((column) => values[column] === '')) return;
        if (parseMeasureLinks(values[measuresColumn]) === null) {
          problems.push(`Row ${rowNumber}, column ${measuresColumn}: write each link as a measure key, then the thresholds, like “days_to_funding_decision: in place 14, partly 28”, with a semicolon between links`);
        }
        const key = values['Theme key'];
        let theme = themes.get(key);
        if (!theme) {
          theme = { key, firstRow: rowNumber, titleRow: rowNumber, descriptionRow: rowNumber, title: '', description: '', statements: [] };
          themes.set(key, theme);
        }
        for (const [column, field, rowField] of [
          ['Theme title', 'title', 'titleRow'],
          ['Theme description', 'description', 'descriptionRow'],
        ] as const) {
          const given = values[column];
          if (!given) continue;
          if (!theme[field]) {
            theme[field] = given;
            theme[rowField] = rowNumber;
          } else if (theme[field] !== given) {
            problems.push(
              `Row ${rowNumber}, column ${column}: ${column} is different from row ${theme[rowField]} for the same theme key. Give it once, or the same on every row`,
            );
          }
        }
        theme.statements.push({ row: rowNumber, values });
      });
      if (themes.size === 0) problems.push(`The ${sheetName} sheet has no statements. Add one row for each statement below the headings`);
    }
  }
  if (problems.length) return { ok: false, problems };

  const themeList = [...themes.values()];
  const candidate = {
    key: details.key ?? '',
    version: details.version ?? '',
    title: details.title ?? '',
    description: details.description ?? '',
    themes: themeList.map((theme) => ({
      key: theme.key,
      title: theme.title,
      description: theme.description,
      statements: theme.statements.map(({ values }) => ({
        key: values['Statement key'],
        text: values['Statement text'],
        goodLooksLike: values['What good looks like'],
        evidence: values.Evidence.split(/;|\r?\n/)
          .map((item) => item.trim())
          .filter(Boolean),
        measures: parseMeasureLinks(values[measuresColumn]) ?? [],
      })),
    })),
  };
  const result = templateSchema.safeParse(candidate);
  if (result.success) return { ok: true, definition: result.data, format: 'xlsx' };

  const located = result.error.issues.map((issue) => {
    const [first, themeIndex, second, statementIndex, field] = issue.path;
    if (first === 'themes' && typeof themeIndex === 'number') {
      const theme = themeList[themeIndex] as ThemeSource;
      if (second === 'statements' && typeof statementIndex === 'number') {
        const statement = theme.statements[statementIndex] as StatementRow;
        const column: StatementColumn =
          field === 'key'
            ? 'Statement key'
            : field === 'text'
              ? 'Statement text'
              : field === 'goodLooksLike'
                ? 'What good looks like'
                : field === 'measures'
                  ? measuresColumn
                  : 'Evidence';
        const label = column === 'Evidence' && typeof issue.path[5] === 'number' ? 'Each evidence suggestion' : column;
        return { row: statement.row, text: `Row ${statement.row}, column ${column}: ${messageFor(issue, label)}` };
      }
      const column: StatementColumn = second === 'title' ? 'Theme title' : second === 'description' ? 'Theme description' : 'Theme key';
      const row = second === 'title' ? theme.titleRow : second === 'description' ? theme.descriptionRow : theme.firstRow;
      return { row, text: `Row ${row}, column ${column}: ${messageFor(issue, column)}` };
    }
    if (typeof first === 'string' && first !== 'themes') {
      const label = templateFields.find((candidateField) => candidateField.field === first)?.label ?? first;
      const row = detailRows[first];
      const where = row === undefined ? `${templateSheetName} sheet` : `${templateSheetName} sheet, row ${row}`;
      return { row: -1, text: `${where}, ${label}: ${row === undefined && !details[first] ? `Add a row with ${label} in column A and the ${label.toLowerCase()} in column B` : messageFor(issue, `Template ${label.toLowerCase()}`)}` };
    }
    return { row: -1, text: messageFor(issue, 'The question bank') };
  });
  // Template details first, then rows in order, as a person would fix them.
  located.sort((a, b) => a.row - b.row);
  return { ok: false, problems: located.map((problem) => problem.text) };
}

// Writing a question bank as a workbook --------------------------------------------------------

/** A question bank in the workbook layout this module reads: the downloadable example. */
export async function templateWorkbook(definition: TemplateDefinition): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'Residential Pathways';
  workbook.title = `${definition.title} (version ${definition.version})`;

  const details = workbook.addWorksheet(templateSheetName);
  details.columns = [{ width: 16 }, { width: 90 }];
  for (const { label, field } of templateFields) {
    const row = details.addRow([label, definition[field]]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }

  const statements = workbook.addWorksheet(statementsSheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths: Record<StatementColumn, number> = {
    'Theme key': 18,
    'Theme title': 30,
    'Theme description': 40,
    'Statement key': 14,
    'Statement text': 60,
    'What good looks like': 60,
    Evidence: 60,
    [measuresColumn]: 50,
  };
  const columns = [...statementColumns, measuresColumn] as const;
  statements.columns = columns.map((column) => ({ width: widths[column] }));
  const heading = statements.addRow([...columns]);
  heading.font = { bold: true };
  heading.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
    cell.alignment = { wrapText: true, vertical: 'top' };
  });
  for (const theme of definition.themes) {
    for (const statement of theme.statements) {
      const row = statements.addRow([
        theme.key,
        theme.title,
        theme.description,
        statement.key,
        statement.text,
        statement.goodLooksLike,
        statement.evidence.join('; '),
        measureLinksText(statement.measures),
      ]);
      row.alignment = { wrapText: true, vertical: 'top' };
    }
  }
  statements.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as ArrayBuffer);
}
