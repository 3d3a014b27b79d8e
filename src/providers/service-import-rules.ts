import { type Region, regions } from '../accounts/index.js';
import { regulatorRatings, type ServiceKind, serviceKinds, specialisms, treatmentApproaches } from '../platform/db/schema.js';
import {
  bad,
  type ChoiceList,
  choices,
  cleanText,
  good,
  orList,
  quoted,
  type Read,
  readChoiceList,
  readDate,
  readPostcode,
  readPounds,
  readText,
  readWholeNumber,
  readYesNo,
  splitList,
} from '../platform/tabular/cells.js';
import { type ColumnSpec as ColumnSpecOf, matchHeadings, problemTexts, type RowProblem, rowReader, rowsWithValues } from '../platform/tabular/columns.js';
import { readCsvUpload } from '../platform/tabular/uploaded-file.js';
import { writeCsv } from '../platform/tabular/csv-write.js';
import { tagLabels } from '../platform/web/tags.js';
import { addDays, ukNumericDate } from '../platform/values/calendar.js';
import type { ServiceDetails } from './directory-repository.js';
import { approachLabels, regulatorRatingTags, serviceKindLabels, specialismLabels } from './labels.js';

/**
 * Reading a CSV file of services for the directory: one row per service, a heading row first.
 * Pure functions: no database, no web. Every problem names the row (as a spreadsheet numbers
 * it: the headings are row 1) and the column, and says what to change. A file with any problem
 * is refused whole, so the caller only ever gets a complete, valid list.
 */

export const maximumUploadBytes = 5 * 1024 * 1024;
export const maximumUploadText = '5 MB';
export const maximumServiceRows = 10_000;

/** The longest text and largest numbers a service can have; the Open Referral UK import uses them too. */
export const serviceLimits = {
  name: 200,
  address: 300,
  town: 100,
  longText: 2000,
  language: 60,
  languages: 20,
  beds: 1000,
  weeklyCostPounds: 50_000,
  programmeWeeks: 156,
  waitingWeeks: 104,
};
const limits = serviceLimits;

// Columns -------------------------------------------------------------------------------------

export type ColumnKey =
  | 'provider'
  | 'serviceName'
  | 'kind'
  | 'approaches'
  | 'specialisms'
  | 'detoxOnSite'
  | 'address'
  | 'town'
  | 'postcode'
  | 'region'
  | 'beds'
  | 'weeklyCost'
  | 'minimumWeeks'
  | 'typicalWeeks'
  | 'waitingWeeks'
  | 'waitingUpdated'
  | 'regulatorRating'
  | 'ratingDate'
  | 'eligibility'
  | 'exclusions'
  | 'stepFreeAccess'
  | 'adaptedRooms'
  | 'languages';

export type ColumnSpec = ColumnSpecOf<ColumnKey>;

export const serviceImportColumns: ColumnSpec[] = [
  { key: 'provider', heading: 'Provider', required: true, aliases: ['provider name', 'organisation'], help: 'The name of the organisation that runs the service. A provider not yet in the directory is added.' },
  { key: 'serviceName', heading: 'Service name', required: true, aliases: ['service', 'name'], help: 'Up to 200 characters. Each of a provider’s services needs a different name.' },
  { key: 'kind', heading: 'Kind', required: true, aliases: ['kind of service', 'service kind', 'type'], help: 'One kind of service from the list below.' },
  { key: 'approaches', heading: 'Approaches', required: false, aliases: ['approach', 'treatment approaches', 'treatment approach'], help: 'Treatment approaches from the list below, separated by semicolons (;).' },
  { key: 'specialisms', heading: 'Specialisms', required: false, aliases: ['specialism', 'groups served', 'specialisms and groups served'], help: 'Specialisms and groups served, from the list below, separated by semicolons (;).' },
  { key: 'detoxOnSite', heading: 'Detox on site', required: false, aliases: ['detox'], help: 'Yes or no. Empty means no.' },
  { key: 'address', heading: 'Address', required: false, aliases: ['street address'], help: 'The street address, up to 300 characters, without the town and postcode.' },
  { key: 'town', heading: 'Town', required: false, aliases: ['town or city', 'city'], help: 'Up to 100 characters.' },
  { key: 'postcode', heading: 'Postcode', required: false, aliases: ['post code'], help: 'A full postcode, like SW1A 1AA.' },
  { key: 'region', heading: 'Region', required: true, aliases: [], help: 'One of the 9 regions of England, from the list below.' },
  { key: 'beds', heading: 'Beds', required: false, aliases: ['number of beds'], help: 'A whole number, like 24.' },
  { key: 'weeklyCost', heading: 'Weekly cost', required: false, aliases: ['cost per week', 'weekly price'], help: 'In pounds, like 1250 or £1,250.50.' },
  { key: 'minimumWeeks', heading: 'Minimum weeks', required: false, aliases: ['minimum length', 'minimum programme weeks'], help: 'The shortest programme, as a whole number of weeks.' },
  { key: 'typicalWeeks', heading: 'Typical weeks', required: false, aliases: ['typical length', 'typical programme weeks'], help: 'The usual programme length, as a whole number of weeks. It cannot be shorter than the minimum.' },
  { key: 'waitingWeeks', heading: 'Waiting weeks', required: false, aliases: ['waiting time', 'waiting time weeks', 'wait weeks'], help: 'How long someone waits for a place now, as a whole number of weeks. 0 means a place is free now.' },
  { key: 'waitingUpdated', heading: 'Waiting updated', required: false, aliases: ['waiting time updated', 'waiting updated on', 'waiting time last updated'], help: 'The date the waiting time was last checked, like 23/11/2026 or 2026-11-23. It cannot be in the future.' },
  { key: 'regulatorRating', heading: 'Regulator rating', required: false, aliases: ['rating', 'cqc rating'], help: 'The latest rating from the regulator, from the list below.' },
  { key: 'ratingDate', heading: 'Rating date', required: false, aliases: ['regulator rating date', 'date rated'], help: 'The date of that rating, written like the waiting time’s date.' },
  { key: 'eligibility', heading: 'Eligibility', required: false, aliases: ['eligibility criteria'], help: 'Who the service can take, up to 2,000 characters.' },
  { key: 'exclusions', heading: 'Exclusions', required: false, aliases: ['exclusion criteria'], help: 'Who the service cannot take, up to 2,000 characters.' },
  { key: 'stepFreeAccess', heading: 'Step-free access', required: false, aliases: ['step free'], help: 'Yes or no. Empty means no.' },
  { key: 'adaptedRooms', heading: 'Adapted rooms', required: false, aliases: ['adapted room', 'accessible rooms'], help: 'Yes or no. Empty means no.' },
  { key: 'languages', heading: 'Languages', required: false, aliases: ['languages spoken', 'language'], help: 'Languages other than English that staff can work in, separated by semicolons (;), like Polish; Urdu.' },
];

const columnByKey = new Map(serviceImportColumns.map((column) => [column.key, column]));
const headingOf = (key: ColumnKey) => (columnByKey.get(key) as ColumnSpec).heading;

// Values given as codes or labels ---------------------------------------------------------------

const kindChoices = choices(serviceKinds, serviceKindLabels, {
  rehab: 'residential_rehab',
  'residential rehab': 'residential_rehab',
  detox: 'inpatient_detox',
  'second stage': 'second_stage',
  'supported housing': 'second_stage',
  crisis: 'crisis',
});
const approachChoices = choices(treatmentApproaches, approachLabels, {
  'twelve step': 'twelve_step',
  '12 steps': 'twelve_step',
  cbt: 'cognitive_behavioural',
  'cognitive behavioral': 'cognitive_behavioural',
  faith: 'faith_based',
  other: 'other',
});
const specialismChoices = choices(specialisms, specialismLabels, {
  lgbtq: 'lgbtq_plus',
  'lgbtq+': 'lgbtq_plus',
  'mental health': 'co_occurring_mental_health',
  'dual diagnosis': 'co_occurring_mental_health',
  'prison leavers': 'leaving_prison',
  'parents and children': 'parents_with_children',
  'young adults': 'young_adults',
});
const ratingLabels = tagLabels(regulatorRatingTags);
const ratingChoices = choices(regulatorRatings, ratingLabels, { 'not rated': 'not_rated', unrated: 'not_rated' });
const regionLabels = Object.fromEntries(regions.map((region) => [region, region])) as Record<Region, string>;
const regionChoices = choices(regions, regionLabels, { 'yorkshire and humber': 'Yorkshire and the Humber', yorkshire: 'Yorkshire and the Humber', east: 'East of England', 'greater london': 'London' });

/** The words each list accepts, for the import page. */
export const acceptedValues = {
  kinds: serviceKinds.map((code) => ({ code, label: serviceKindLabels[code] })),
  approaches: treatmentApproaches.map((code) => ({ code, label: approachLabels[code] })),
  specialisms: specialisms.map((code) => ({ code, label: specialismLabels[code] })),
  ratings: regulatorRatings.map((code) => ({ code, label: ratingLabels[code] })),
  regions: [...regions],
};

function readLanguages(raw: string): Read<string[]> {
  const found: string[] = [];
  for (const item of splitList(raw)) {
    if (item.length > limits.language) return bad(`each language must be ${limits.language} characters or fewer. Separate languages with semicolons`);
    if (!found.some((existing) => existing.toLowerCase() === item.toLowerCase())) found.push(item);
  }
  if (found.length > limits.languages) return bad(`list no more than ${limits.languages} languages`);
  return good(found);
}

// The file --------------------------------------------------------------------------------------

export interface ImportedService extends ServiceDetails {
  /** The row in the file, counting the headings as row 1. */
  row: number;
  /** Where the service's name is, for a file that has no rows and columns, like "Service 3 (‘Kestrel House’), name". */
  place?: string;
  providerName: string;
  region: Region;
}

export type ServiceImportOutcome =
  | { ok: true; services: ImportedService[]; ignoredHeadings: string[] }
  | { ok: false; problems: string[] };

const fail = (...problems: string[]): ServiceImportOutcome => ({ ok: false, problems });

/**
 * Reads and checks a whole CSV file of services. `today` ('YYYY-MM-DD') is the latest date
 * allowed for the waiting time's update and the rating.
 */
export function readServicesCsv(data: Uint8Array, today: string): ServiceImportOutcome {
  const upload = readCsvUpload(data, 'one service');
  if (!upload.ok) return fail(upload.problem);
  const records = upload.records;

  // The heading row ---------------------------------------------------------------------------
  const headings = records[0] ?? [];
  const matched = matchHeadings(headings, serviceImportColumns);
  if (!matched.ok) return { ok: false, problems: matched.problems };
  const { columnIndex, ignoredHeadings } = matched;
  const problems: RowProblem[] = [];

  // The rows ------------------------------------------------------------------------------------
  const rows = rowsWithValues(records);
  if (rows.length === 0) return fail('The file has headings but no services. Add one row for each service below the headings');
  if (rows.length > maximumServiceRows) {
    return fail(`The file has ${rows.length.toLocaleString('en-GB')} services. A file can have up to ${maximumServiceRows.toLocaleString('en-GB')}: split it into smaller files`);
  }

  const services: ImportedService[] = [];
  const seen = new Map<string, number>();
  for (const { cells, row } of rows) {
    if (cells.length > headings.length && cells.slice(headings.length).some((cell) => cell.trim() !== '')) {
      problems.push({
        row,
        column: -1,
        text: `Row ${row}: the row has ${cells.length} values but there are ${headings.length} column headings. Put any value that has a comma in it inside double quotation marks (")`,
      });
      continue;
    }
    const { problems: rowProblems, cell, take } = rowReader(cells, columnIndex, row, headingOf, { firstPerColumn: false });
    const required = (key: ColumnKey, read: Read<string>, message: string) => {
      const value = take(key, read, '');
      if (read.ok && !value) take(key, bad(message), '');
      return value;
    };
    const choice = <T extends string>(key: ColumnKey, list: ChoiceList<T>, what: string, emptyMessage: string | null): T | null => {
      const raw = cleanText(cell(key));
      if (!raw) return emptyMessage ? take(key, bad(emptyMessage), null) : null;
      const code = list.find(raw);
      return code ?? take(key, bad(`${quoted(raw)} is not ${what}. Use ${orList(list.labels)}`), null);
    };

    const providerName = required('provider', readText(cell('provider'), limits.name, 'the provider’s name'), 'enter the provider’s name');
    const name = required('serviceName', readText(cell('serviceName'), limits.name, 'the service’s name'), 'enter the service’s name');
    const kind = choice('kind', kindChoices, 'a kind of service', `enter the kind of service, like ${serviceKindLabels.residential_rehab}`);
    const approaches = take('approaches', readChoiceList(cell('approaches'), approachChoices, 'treatment approaches'), []);
    const specialismList = take('specialisms', readChoiceList(cell('specialisms'), specialismChoices, 'specialisms'), []);
    const detoxOnSite = take('detoxOnSite', readYesNo(cell('detoxOnSite')), false);
    const address = take('address', readText(cell('address'), limits.address, 'the address', false), '');
    const town = take('town', readText(cell('town'), limits.town, 'the town'), '');
    const postcode = take('postcode', readPostcode(cell('postcode')), '');
    const region = choice('region', regionChoices, 'one of the 9 regions of England', `enter the region, like ${regions[1]}`);
    const beds = take('beds', readWholeNumber(cell('beds'), limits.beds, { example: '24', noun: 'beds' }), null);
    const weeklyCostPence = take('weeklyCost', readPounds(cell('weeklyCost'), limits.weeklyCostPounds), null);
    const weeks = { example: '12', noun: 'weeks' };
    const minimumWeeks = take('minimumWeeks', readWholeNumber(cell('minimumWeeks'), limits.programmeWeeks, weeks), null);
    const typicalWeeks = take('typicalWeeks', readWholeNumber(cell('typicalWeeks'), limits.programmeWeeks, weeks), null);
    if (minimumWeeks !== null && typicalWeeks !== null && typicalWeeks < minimumWeeks) {
      take('typicalWeeks', bad(`the typical length (${typicalWeeks} weeks) cannot be shorter than the minimum (${minimumWeeks} weeks)`), null);
    }
    const waitingWeeks = take('waitingWeeks', readWholeNumber(cell('waitingWeeks'), limits.waitingWeeks, weeks), null);
    const waitingUpdatedOn = take('waitingUpdated', readDate(cell('waitingUpdated'), today), null);
    const regulatorRating = choice('regulatorRating', ratingChoices, 'a regulator rating', null);
    const ratingDate = take('ratingDate', readDate(cell('ratingDate'), today), null);
    if (ratingDate && !cleanText(cell('regulatorRating'))) {
      take('ratingDate', bad('give the regulator rating in its column as well as its date'), null);
    }
    const eligibility = take('eligibility', readText(cell('eligibility'), limits.longText, 'the eligibility', true), '');
    const exclusions = take('exclusions', readText(cell('exclusions'), limits.longText, 'the exclusions', true), '');
    const stepFreeAccess = take('stepFreeAccess', readYesNo(cell('stepFreeAccess')), false);
    const adaptedRooms = take('adaptedRooms', readYesNo(cell('adaptedRooms')), false);
    const languages = take('languages', readLanguages(cell('languages')), []);

    if (providerName && name) {
      const pair = `${providerName.toLowerCase()}\u0000${name.toLowerCase()}`;
      const first = seen.get(pair);
      if (first !== undefined) {
        take('serviceName', bad(`${providerName} has a service called ${quoted(name)} in row ${first} as well. Give each of a provider’s services a different name, or remove one of the rows`), null);
      } else {
        seen.set(pair, row);
      }
    }

    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    services.push({
      row,
      providerName,
      name,
      kind: kind as ServiceKind,
      approaches,
      specialisms: specialismList,
      detoxOnSite,
      address,
      town,
      postcode,
      region: region as Region,
      beds,
      weeklyCostPence,
      minimumWeeks,
      typicalWeeks,
      waitingWeeks,
      waitingUpdatedOn,
      regulatorRating,
      ratingDate,
      eligibility,
      exclusions,
      stepFreeAccess,
      adaptedRooms,
      languages,
    });
  }
  if (problems.length) return { ok: false, problems: problemTexts(problems) };
  return { ok: true, services, ignoredHeadings };
}

/**
 * Rows naming a service its provider already has in the directory. `existing` holds the
 * provider and service names already stored, for the providers the file names.
 */
export function alreadyInDirectory(services: ImportedService[], existing: Array<{ providerName: string; serviceName: string }>): string[] {
  const stored = new Set(existing.map((entry) => `${entry.providerName.toLowerCase()}\u0000${entry.serviceName.toLowerCase()}`));
  return services
    .filter((service) => stored.has(`${service.providerName.toLowerCase()}\u0000${service.name.toLowerCase()}`))
    .map(
      (service) =>
        `${service.place ?? `Row ${service.row}, column ${headingOf('serviceName')}`}: ${service.providerName} already has a service called ${quoted(service.name)} in the directory. Remove the row, or change that service in the directory instead`,
    );
}

/** The providers a file names, each once, spelt as in its first row. */
export function providerNamesIn(services: ImportedService[]): string[] {
  const names = new Map<string, string>();
  for (const service of services) {
    const key = service.providerName.toLowerCase();
    if (!names.has(key)) names.set(key, service.providerName);
  }
  return [...names.values()];
}

// The example file ------------------------------------------------------------------------------

/** A short file in the layout the import reads, with invented services, to download and copy. */
export function exampleServicesCsv(today: string): string {
  const date = (daysAgo: number) => ukNumericDate(addDays(today, -daysAgo));
  const rows: Record<ColumnKey, string>[] = [
    {
      provider: 'Example Recovery Trust (demo)',
      serviceName: 'Example House',
      kind: serviceKindLabels.residential_rehab,
      approaches: `${approachLabels.therapeutic_community}; ${approachLabels.cognitive_behavioural}`,
      specialisms: `${specialismLabels.co_occurring_mental_health}; ${specialismLabels.leaving_prison}`,
      detoxOnSite: 'No',
      address: '1 Example Lane',
      town: 'Exampleton',
      postcode: 'ZZ99 1AA',
      region: 'North West',
      beds: '24',
      weeklyCost: '1250',
      minimumWeeks: '12',
      typicalWeeks: '16',
      waitingWeeks: '3',
      waitingUpdated: date(7),
      regulatorRating: regulatorRatingTags.good.text,
      ratingDate: date(400),
      eligibility: 'Adults aged 18 or over who have finished a detox, or are stable on a reducing prescription.',
      exclusions: 'People who need nursing care through the night.',
      stepFreeAccess: 'Yes',
      adaptedRooms: 'Yes',
      languages: 'Polish; Urdu',
    },
    {
      provider: 'Example Recovery Trust (demo)',
      serviceName: 'Example Detox Unit',
      kind: 'inpatient_detox',
      approaches: 'other',
      specialisms: 'alcohol_only; liver_disease',
      detoxOnSite: 'yes',
      address: '2 Example Lane',
      town: 'Exampleton',
      postcode: 'ZZ99 1AB',
      region: 'North West',
      beds: '12',
      weeklyCost: '£2,950.50',
      minimumWeeks: '1',
      typicalWeeks: '2',
      waitingWeeks: '0',
      waitingUpdated: date(2).split('/').reverse().join('-'),
      regulatorRating: 'outstanding',
      ratingDate: date(200).split('/').reverse().join('-'),
      eligibility: 'Adults who need medically managed withdrawal from alcohol.',
      exclusions: '',
      stepFreeAccess: 'yes',
      adaptedRooms: 'no',
      languages: '',
    },
    {
      provider: 'Sample Pathways (demo)',
      serviceName: 'Sample Lodge',
      kind: serviceKindLabels.second_stage,
      approaches: approachLabels.twelve_step,
      specialisms: specialismLabels.women_only,
      detoxOnSite: '',
      address: '3 Sample Street',
      town: 'Sampleford',
      postcode: 'ZZ99 2AA',
      region: 'South West',
      beds: '10',
      weeklyCost: '640',
      minimumWeeks: '',
      typicalWeeks: '26',
      waitingWeeks: '',
      waitingUpdated: '',
      regulatorRating: '',
      ratingDate: '',
      eligibility: 'Women who have completed a residential programme.',
      exclusions: '',
      stepFreeAccess: '',
      adaptedRooms: '',
      languages: '',
    },
  ];
  return writeCsv([serviceImportColumns.map((column) => column.heading), ...rows.map((row) => serviceImportColumns.map((column) => row[column.key]))]);
}
