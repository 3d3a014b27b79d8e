import type { FormErrors } from '../../platform/web/forms.js';
import { providerPaths as paths, serviceImportPaths } from '../paths.js';
import { directoryTaxonomies } from '../open-referral-rules.js';
import { plural } from '../service-import-service.js';
import { acceptedValues, maximumServiceRows, maximumUploadText, serviceImportColumns } from '../service-import-rules.js';

/** The name of the file input; the error summary links to it. */
export const fileField = 'servicesFile';
/** The most problems listed at once; a badly wrong file can have thousands. */
const maximumListedProblems = 50;

export function uploadErrors(problems: string[]): FormErrors {
  const listed = problems.slice(0, maximumListedProblems);
  const summary = listed.map((text) => ({ text, href: `#${fileField}` }));
  if (problems.length > listed.length) {
    summary.push({ text: `There are ${plural(problems.length - listed.length, 'more problem')} not listed here. Fix these first and upload the file again`, href: `#${fileField}` });
  }
  const inline =
    problems.length === 1 ? (problems[0] as string) : `The selected file has ${plural(problems.length, 'problem')}, listed at the top of the page. Nothing has been imported`;
  return { fields: { [fileField]: { text: inline } }, summary };
}

const columnRows = serviceImportColumns.map((column) => [{ text: column.heading }, { text: column.required ? 'Yes' : 'No' }, { text: column.help }]);
const valueLists = [
  { caption: 'Kinds of service', values: acceptedValues.kinds },
  { caption: 'Treatment approaches', values: acceptedValues.approaches },
  { caption: 'Specialisms and groups served', values: acceptedValues.specialisms },
  { caption: 'Regulator ratings', values: acceptedValues.ratings },
].map((list) => ({ caption: list.caption, rows: list.values.map((value) => [{ text: value.label }, { text: value.code }]) }));

/** The import page: what the file holds, its columns and the words each list accepts. */
export function importPage(extra: Record<string, unknown> = {}) {
  return {
    pageTitle: 'Import services from a file',
    fileField,
    maximumUploadText,
    maximumServiceRows: maximumServiceRows.toLocaleString('en-GB'),
    columnRows,
    valueLists,
    accepted: acceptedValues,
    paths,
    serviceImportPaths,
    openReferralTaxonomies: directoryTaxonomies,
    ...extra,
  };
}

/** What the import added, and which of the file's columns it left out. */
export function importedMessage(result: { added: number; newProviders: number }, ignoredHeadings: readonly string[]): string {
  const ignored = ignoredHeadings.length
    ? ` These columns were not recognised and were left out: ${ignoredHeadings.slice(0, 10).join(', ')}${ignoredHeadings.length > 10 ? ' and others' : ''}.`
    : '';
  return `${plural(result.added, 'service has', 'services have')} been added to the directory, with ${plural(result.newProviders, 'new provider')}.${ignored}`;
}
