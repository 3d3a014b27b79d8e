import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { alreadyInDirectory, exampleServicesCsv, type ImportedService, providerNamesIn, readServicesCsv, serviceImportColumns } from './service-import-rules.js';

const today = '2026-11-23';
const encode = (text: string) => new TextEncoder().encode(text);
const headings = serviceImportColumns.map((column) => column.heading);

/** A file with the usual headings and rows given by heading; cells left out are empty. */
function csv(rows: Array<Partial<Record<string, string>>>, columns: string[] = headings): Uint8Array {
  return encode(stringify([columns, ...rows.map((row) => columns.map((column) => row[column] ?? ''))]));
}

const goodRow = {
  Provider: 'Harbour Light Trust (demo)',
  'Service name': 'Harbour House',
  Kind: 'Residential rehabilitation',
  Region: 'North West',
};

function read(rows: Array<Partial<Record<string, string>>>, columns?: string[]) {
  return readServicesCsv(csv(rows, columns), today);
}

function problemsOf(rows: Array<Partial<Record<string, string>>>, columns?: string[]): string[] {
  const outcome = read(rows, columns);
  if (outcome.ok) throw new Error('Expected the file to be refused');
  return outcome.problems;
}

function servicesOf(rows: Array<Partial<Record<string, string>>>, columns?: string[]): ImportedService[] {
  const outcome = read(rows, columns);
  if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
  return outcome.services;
}

describe('reading a file of services', () => {
  it('reads every column, taking codes or labels in any case', () => {
    const [service] = servicesOf([
      {
        ...goodRow,
        Kind: 'INPATIENT_DETOX',
        Approaches: '12-step; cognitive behavioural; Twelve_step',
        Specialisms: 'Women only;pregnant_women; LGBTQ+ people',
        'Detox on site': 'Yes',
        Address: '1 Example Lane',
        Town: 'Exampleton',
        Postcode: 'zz99 1aa',
        Region: 'yorkshire and the humber',
        Beds: '24',
        'Weekly cost': '£2,950.50',
        'Minimum weeks': '1',
        'Typical weeks': '2',
        'Waiting weeks': '0',
        'Waiting updated': '20/11/2026',
        'Regulator rating': 'requires improvement',
        'Rating date': '2025-06-30',
        Eligibility: 'Adults aged 18 or over.\nReferred by a keyworker.',
        Exclusions: 'People who need 24-hour nursing.',
        'Step-free access': 'y',
        'Adapted rooms': 'no',
        Languages: 'Polish; Urdu; polish',
      },
    ]);
    expect(service).toEqual({
      row: 2,
      providerName: 'Harbour Light Trust (demo)',
      name: 'Harbour House',
      kind: 'inpatient_detox',
      approaches: ['twelve_step', 'cognitive_behavioural'],
      specialisms: ['women_only', 'pregnant_women', 'lgbtq_plus'],
      detoxOnSite: true,
      address: '1 Example Lane',
      town: 'Exampleton',
      postcode: 'ZZ99 1AA',
      region: 'Yorkshire and the Humber',
      beds: 24,
      weeklyCostPence: 295_050,
      minimumWeeks: 1,
      typicalWeeks: 2,
      waitingWeeks: 0,
      waitingUpdatedOn: '2026-11-20',
      regulatorRating: 'requires_improvement',
      ratingDate: '2025-06-30',
      eligibility: 'Adults aged 18 or over.\nReferred by a keyworker.',
      exclusions: 'People who need 24-hour nursing.',
      stepFreeAccess: true,
      adaptedRooms: false,
      languages: ['Polish', 'Urdu'],
    } satisfies ImportedService);
  });

  it('needs only the 4 required columns, in any order, with headings in any case', () => {
    const services = servicesOf([{ region: 'london', 'SERVICE NAME': 'Quay Lodge', provider: 'Quay Trust (demo)', 'kind (see list)': 'rehab' }], [
      'region',
      'SERVICE NAME',
      'provider',
      'kind (see list)',
    ]);
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({ region: 'London', kind: 'residential_rehab', approaches: [], beds: null, weeklyCostPence: null, detoxOnSite: false, languages: [] });
  });

  it('reports unknown columns so they can be mentioned, without refusing the file', () => {
    const outcome = read([{ ...goodRow, Notes: 'anything' }], [...Object.keys(goodRow), 'Notes']);
    expect(outcome.ok && outcome.ignoredHeadings).toEqual(['Notes']);
  });

  it('names the row, the column and what is wrong for each bad value', () => {
    const problems = problemsOf([
      goodRow,
      { ...goodRow, 'Service name': 'Second', 'Weekly cost': 'about 900', Kind: 'Rehab centre' },
      { ...goodRow, 'Service name': 'Third', Region: 'Wales', Approaches: 'Mindfulness; 12-step; Art', 'Detox on site': 'maybe' },
      { ...goodRow, 'Service name': 'Fourth', 'Minimum weeks': '12', 'Typical weeks': '8', 'Rating date': '01/02/2026', Beds: '2.5' },
    ]);
    expect(problems).toEqual([
      'Row 3, column Kind: ‘Rehab centre’ is not a kind of service. Use Residential rehabilitation, Inpatient detox, Second-stage or supported housing with treatment or Crisis service',
      'Row 3, column Weekly cost: enter an amount in pounds, like 1250',
      'Row 4, column Approaches: ‘Mindfulness’ and ‘Art’ are not in the list of treatment approaches. Use Therapeutic community, 12-step, Faith-based, Cognitive-behavioural or Other approach, separated by semicolons',
      'Row 4, column Detox on site: enter yes or no, not ‘maybe’. Leave it empty for no',
      'Row 4, column Region: ‘Wales’ is not one of the 9 regions of England. Use North East, North West, Yorkshire and the Humber, East Midlands, West Midlands, East of England, London, South East or South West',
      'Row 5, column Beds: enter a whole number of beds, like 24',
      'Row 5, column Typical weeks: the typical length (8 weeks) cannot be shorter than the minimum (12 weeks)',
      'Row 5, column Rating date: give the regulator rating in its column as well as its date',
    ]);
  });

  it('requires the provider, service name, kind and region on every row', () => {
    expect(problemsOf([{ Beds: '10' }])).toEqual([
      'Row 2, column Provider: enter the provider’s name',
      'Row 2, column Service name: enter the service’s name',
      'Row 2, column Kind: enter the kind of service, like Residential rehabilitation',
      'Row 2, column Region: enter the region, like North West',
    ]);
  });

  it('counts rows as a spreadsheet does, skipping empty rows and counting lines inside quoted cells once', () => {
    const text = `${headings.join(',')}\r\n${headings.map(() => '').join(',')}\r\n\r\n"Harbour Light Trust (demo)","Harbour House","Residential rehabilitation",,,,,,,"North West",,,,,,,,,"Adults,\nand more",,,,\r\nHarbour Light Trust (demo),Dock House,rehab,,,,,,,Mars,,,,,,,,,,,,,\r\n`;
    const outcome = readServicesCsv(encode(text), today);
    expect(outcome).toEqual({ ok: false, problems: [expect.stringMatching(/^Row 5, column Region: ‘Mars’ is not one of/)] });
  });

  it('refuses the same provider and service name twice in a file, whatever the case', () => {
    expect(problemsOf([goodRow, { ...goodRow, 'Service name': 'Other' }, { ...goodRow, Provider: 'harbour light trust (DEMO)', 'Service name': 'HARBOUR HOUSE' }])).toEqual([
      'Row 4, column Service name: harbour light trust (DEMO) has a service called ‘HARBOUR HOUSE’ in row 2 as well. Give each of a provider’s services a different name, or remove one of the rows',
    ]);
    // The same service name under different providers is fine.
    expect(servicesOf([goodRow, { ...goodRow, Provider: 'Quay Trust (demo)' }])).toHaveLength(2);
  });

  it('refuses a file missing required columns, naming each', () => {
    expect(problemsOf([{ Provider: 'A', Kind: 'rehab' }], ['Provider', 'Kind', 'Beds'])).toEqual([
      'The file has no column called Service name. Add it to row 1',
      'The file has no column called Region. Add it to row 1',
    ]);
    expect(problemsOf([{ a: '1' }], ['Name of home', 'Cost'])).toEqual([
      'Row 1 must have the column headings, such as Provider, Service name, Kind and Region. Download the example file to see them all',
    ]);
    expect(problemsOf([goodRow], [...Object.keys(goodRow), 'kind'])).toEqual(['Row 1: there are 2 columns called Kind (columns 3 and 5). Remove one of them']);
  });

  it('refuses empty files, files with headings only, and files that are not CSV', () => {
    expect(readServicesCsv(new Uint8Array(), today)).toEqual({ ok: false, problems: ['The selected file is empty'] });
    expect(readServicesCsv(encode('\r\n  \r\n'), today)).toEqual({ ok: false, problems: ['The selected file is empty'] });
    expect(readServicesCsv(encode(`${headings.join(',')}\r\n,,,\r\n`), today)).toEqual({
      ok: false,
      problems: ['The file has headings but no services. Add one row for each service below the headings'],
    });
    expect(readServicesCsv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]), today)).toEqual({
      ok: false,
      problems: ['The selected file is an Excel workbook. Save it as ‘CSV UTF-8 (comma delimited)’ and upload the CSV file'],
    });
    expect(readServicesCsv(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), today)).toEqual({ ok: false, problems: ['The selected file must be a CSV file'] });
  });

  it('says which row has too many values or an unclosed quotation mark', () => {
    const extra = `Provider,Service name,Kind,Region\nA (demo),B,rehab,London\nA (demo),C,rehab,London,600\n`;
    expect(readServicesCsv(encode(extra), today)).toEqual({
      ok: false,
      problems: ['Row 3: the row has 5 values but there are 4 column headings. Put any value that has a comma in it inside double quotation marks (")'],
    });
    const unclosed = `Provider,Service name,Kind,Region\nA (demo),B,rehab,London\n"A (demo),C,rehab,London\n`;
    const outcome = readServicesCsv(encode(unclosed), today);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problems[0]).toMatch(/^Row 3: a value starts with a quotation mark/);
    const runaway = `Provider,Service name,Kind,Region\nA (demo),B,rehab,London\nA (demo),"C,rehab,London\n${'x,'.repeat(40_000)}\n`;
    const tooLong = readServicesCsv(encode(runaway), today);
    expect(!tooLong.ok && tooLong.problems[0]).toMatch(/^Row 3 is far too long for one service/);
  });

  it('reads files saved by Excel: a byte order mark, Windows line ends, the Windows encoding, or semicolons between values', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('Provider,Service name,Kind,Region,Weekly cost\r\nA (demo),B,rehab,London,£600\r\n')]);
    const fromBom = readServicesCsv(withBom, today);
    expect(fromBom.ok && fromBom.services[0]?.weeklyCostPence).toBe(60_000);
    // "£600" in Windows-1252 is 0xA3 followed by the digits.
    const windows = new Uint8Array([...encode('Provider,Service name,Kind,Region,Weekly cost\r\nA (demo),B,rehab,London,'), 0xa3, ...encode('600\r\n')]);
    const fromWindows = readServicesCsv(windows, today);
    expect(fromWindows.ok && fromWindows.services[0]?.weeklyCostPence).toBe(60_000);
    const semicolons = readServicesCsv(encode('Provider;Service name;Kind;Region;Specialisms\nA (demo);B;rehab;London;"Women only; Pregnant women"\n'), today);
    expect(semicolons.ok && semicolons.services[0]?.specialisms).toEqual(['women_only', 'pregnant_women']);
  });

  it('refuses a file with more services than allowed', () => {
    const rows = Array.from({ length: 10_001 }, (_, index) => `P (demo),S${index},rehab,London`).join('\n');
    const outcome = readServicesCsv(encode(`Provider,Service name,Kind,Region\n${rows}\n`), today);
    expect(outcome).toEqual({ ok: false, problems: ['The file has 10,001 services. A file can have up to 10,000: split it into smaller files'] });
  });
});

describe('the example file', () => {
  it('has every column and reads back without problems', () => {
    const text = exampleServicesCsv(today);
    expect(text.startsWith('\ufeffProvider,Service name,Kind,')).toBe(true);
    const outcome = readServicesCsv(encode(text), today);
    if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
    expect(outcome.services).toHaveLength(3);
    expect(outcome.ignoredHeadings).toEqual([]);
    expect(outcome.services.every((service) => service.providerName.includes('(demo)'))).toBe(true);
    expect(providerNamesIn(outcome.services)).toEqual(['Example Recovery Trust (demo)', 'Sample Pathways (demo)']);
  });
});

describe('services already in the directory', () => {
  it('are refused by row, matching names in any case', () => {
    const services = servicesOf([goodRow, { ...goodRow, 'Service name': 'New House' }]);
    expect(alreadyInDirectory(services, [{ providerName: 'HARBOUR LIGHT TRUST (demo)', serviceName: 'harbour house' }])).toEqual([
      'Row 2, column Service name: Harbour Light Trust (demo) already has a service called ‘Harbour House’ in the directory. Remove the row, or change that service in the directory instead',
    ]);
  });
});
