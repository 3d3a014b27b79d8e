import type { FigureQualifier } from '../../platform/db/schema.js';
import type { FormErrors } from '../../platform/web/forms.js';
import { uploadFileErrors } from '../../platform/web/upload.js';
import { formatDate, formatDateTime } from '../../platform/web/dates.js';
import { areaLevelLabels } from '../areas.js';
import { breakdownText, publishedMeasureLabels, type PublishedMeasure, qualifierLabels } from './catalogue.js';
import { periodLabel } from './periods.js';
import type { ImportSummary, RevisionRow } from './repository.js';
import { acceptedValues, figureColumns, maximumFigureRows, maximumListedProblems, maximumUploadText } from './rules.js';
import { plural } from './service.js';

/** The names of the import form's fields; the error summary links to them. */
export const fileField = 'figuresFile';
export const sourceField = 'source';
export const dataAsOfField = 'dataAsOf';

/** The file's problems, the first of them listed, as the error summary and the file box show them. */
export function fileErrors(problems: string[], total = problems.length): FormErrors {
  return uploadFileErrors(problems, total, fileField, maximumListedProblems);
}

/** Both sets of errors in the form's order: source, data as of, then the file. */
export function joinErrors(...sets: Array<FormErrors | null>): FormErrors | undefined {
  const present = sets.filter((set): set is FormErrors => set !== null && set.summary.length > 0);
  if (!present.length) return undefined;
  return { fields: Object.assign({}, ...present.map((set) => set.fields)), summary: present.flatMap((set) => set.summary) };
}

const columnRows = figureColumns.map((column) => [{ text: column.heading }, { text: column.required ? 'Yes' : 'No' }, { text: column.help }]);
const measureRows = acceptedValues.measures.map((measure) => [{ text: measure.label }, { text: measure.code }, { text: measure.description }]);
const breakdownLists = acceptedValues.breakdowns.map((breakdown) => ({
  caption: breakdown.label,
  rows: breakdown.values.map((value) => [{ text: value.label }, { text: value.code }]),
}));

/** A figure as a page shows it: "2,450", "2,450 (provisional)" or "Suppressed". */
export function figureText(value: number | null, qualifier: FigureQualifier | null): string {
  if (value === null) return qualifier === 'suppressed' || qualifier === null ? 'Suppressed' : `Suppressed (${qualifierLabels[qualifier].toLowerCase()})`;
  const number = value.toLocaleString('en-GB', { maximumFractionDigits: 4 });
  return qualifier ? `${number} (${qualifierLabels[qualifier].toLowerCase()})` : number;
}

export function countsText(counts: { figures: number; added: number; changed: number; removed: number }): string {
  return `${plural(counts.figures, 'figure')}: ${counts.added.toLocaleString('en-GB')} added, ${counts.changed.toLocaleString('en-GB')} changed, ${counts.removed.toLocaleString('en-GB')} removed`;
}

export interface ImporterArea {
  /** Who the page is for: an administrator, a lead with an area, or a lead whose partnership has no area code yet. */
  kind: 'admin' | 'lead' | 'lead-without-area';
  partnershipName: string | null;
  areaCode: string | null;
}

/** The list of imports with the import form. */
export function publishedFiguresPage(
  who: ImporterArea,
  imports: ImportSummary[],
  importHref: (id: string) => string,
  extra: Record<string, unknown> = {},
) {
  return {
    pageTitle: 'Published figures',
    who,
    fileField,
    sourceField,
    dataAsOfField,
    maximumUploadText,
    maximumFigureRows: maximumFigureRows.toLocaleString('en-GB'),
    columnRows,
    measureRows,
    breakdownLists,
    levels: acceptedValues.levels,
    qualifiers: acceptedValues.qualifiers,
    importRows: imports.map((entry) => [
      { html: `<a class="govuk-link" href="${importHref(entry.id)}">${escapeHtml(entry.source)}</a>` },
      { text: formatDate(entry.dataAsOf) },
      { text: who.kind === 'admin' && entry.partnershipName ? `${entry.importedBy}, for ${entry.partnershipName}` : entry.partnershipId ? entry.importedBy : `${entry.importedBy} (administrator)` },
      { text: formatDateTime(entry.createdAt) },
      { text: countsText(entry) },
    ]),
    ...extra,
  };
}

const changeLabels = { added: 'Added', changed: 'Changed', removed: 'Removed' } as const;

/** One import and what it changed. */
export function importPageModel(entry: ImportSummary, revisions: RevisionRow[]) {
  return {
    pageTitle: `Import of ${entry.source}`,
    entry,
    details: [
      { key: { text: 'Source' }, value: { text: entry.source } },
      { key: { text: 'Data as of' }, value: { text: formatDate(entry.dataAsOf) } },
      { key: { text: 'Imported by' }, value: { text: entry.partnershipName ? `${entry.importedBy}, for ${entry.partnershipName}` : `${entry.importedBy} (administrator)` } },
      { key: { text: 'Imported on' }, value: { text: formatDateTime(entry.createdAt) } },
      { key: { text: 'File' }, value: { text: entry.fileName || 'No file name' } },
      { key: { text: 'Figures' }, value: { text: countsText(entry) } },
    ],
    revisionRows: revisions.map((revision) => [
      { text: `${revision.areaName} (${revision.areaCode})` },
      { text: periodLabel(revision.period) },
      { text: publishedMeasureLabels[revision.measure as PublishedMeasure] ?? revision.measure },
      { text: breakdownText(revision.breakdown, revision.breakdownValue) },
      { text: changeLabels[revision.change] },
      { text: revision.change === 'added' ? 'None' : figureText(revision.oldValue, revision.oldQualifier), format: 'numeric' },
      { text: revision.change === 'removed' ? 'None' : figureText(revision.newValue, revision.newQualifier), format: 'numeric' },
    ]),
  };
}

export { areaLevelLabels };

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
