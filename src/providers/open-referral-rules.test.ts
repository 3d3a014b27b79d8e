import { describe, expect, it } from 'vitest';
import { schemaErrors, validatePage, validateService } from '../../test/open-referral-schema.js';
import {
  directoryTaxonomies,
  extensionKey,
  nameBasedUuid,
  type OpenReferralSource,
  openReferralPage,
  openReferralPageSize,
  readOpenReferralJson,
  toOpenReferralService,
} from './open-referral-rules.js';
import { specialisms, treatmentApproaches } from '../platform/db/schema.js';
import { type ImportedService, maximumUploadBytes } from './service-import-rules.js';

const today = '2026-11-23';

/** An invented service with every field the directory holds filled in. */
const full: OpenReferralSource = {
  id: '0b6f3d36-6f3e-4f1e-9c55-1f2a3b4c5d6e',
  provider_id: '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  provider_name: 'Example Recovery Trust (demo)',
  provider_website: 'https://example-recovery.example',
  name: 'Example House',
  kind: 'residential_rehab',
  approaches: ['therapeutic_community', 'cognitive_behavioural'],
  specialisms: ['women_only', 'co_occurring_mental_health'],
  detox_on_site: true,
  address: '1 Example Lane',
  town: 'Exampleton',
  postcode: 'ZZ99 1AA',
  region: 'North West',
  beds: 24,
  weekly_cost_pence: 125_050,
  minimum_weeks: 12,
  typical_weeks: 16,
  waiting_weeks: 3,
  waiting_updated_on: '2026-11-16',
  regulator_rating: 'good',
  rating_date: '2025-10-20',
  eligibility: 'Adults aged 18 or over who have finished a detox.\nReferred by their keyworker.',
  exclusions: 'People who need nursing care through the night.',
  step_free_access: true,
  adapted_rooms: true,
  languages: ['Polish', 'Urdu'],
  updated_at: new Date('2026-11-20T10:15:00.000Z'),
};

/** An invented service with only what the directory requires. */
const sparse: OpenReferralSource = {
  ...full,
  id: '1c7a4e47-7a4f-4a2f-8d66-2a3b4c5d6e7f',
  name: 'Sample Lodge',
  provider_website: null,
  kind: 'second_stage',
  approaches: [],
  specialisms: [],
  detox_on_site: false,
  address: '',
  town: '',
  postcode: '',
  region: 'South West',
  beds: null,
  weekly_cost_pence: null,
  minimum_weeks: null,
  typical_weeks: null,
  waiting_weeks: null,
  waiting_updated_on: null,
  regulator_rating: null,
  rating_date: null,
  eligibility: '',
  exclusions: '',
  step_free_access: false,
  adapted_rooms: false,
  languages: [],
};

/** What the import should store for a source: its details, by the import's names. */
function detailsOf(source: OpenReferralSource) {
  return {
    providerName: source.provider_name,
    name: source.name,
    kind: source.kind,
    approaches: [...source.approaches],
    specialisms: [...source.specialisms],
    detoxOnSite: source.detox_on_site,
    address: source.address,
    town: source.town,
    postcode: source.postcode,
    region: source.region,
    beds: source.beds,
    weeklyCostPence: source.weekly_cost_pence,
    minimumWeeks: source.minimum_weeks,
    typicalWeeks: source.typical_weeks,
    waitingWeeks: source.waiting_weeks,
    waitingUpdatedOn: source.waiting_updated_on,
    regulatorRating: source.regulator_rating,
    ratingDate: source.rating_date,
    eligibility: source.eligibility,
    exclusions: source.exclusions,
    stepFreeAccess: source.step_free_access,
    adaptedRooms: source.adapted_rooms,
    languages: [...source.languages],
  };
}

const file = (json: unknown) => new TextEncoder().encode(JSON.stringify(json));
const pageOf = (...services: unknown[]) => openReferralPage(services, { total: services.length, page: 1, perPage: 1000 });

/** Reads a file that must be refused, giving its problems. */
function problemsOf(json: unknown): string[] {
  const outcome = readOpenReferralJson(typeof json === 'string' ? new TextEncoder().encode(json) : file(json), today);
  if (outcome.ok) throw new Error('the file was accepted');
  return outcome.problems;
}

/** One exported service, changed by `change`, as a plain object. */
function exported(change: (service: Record<string, any>) => void, source = full) {
  const service = structuredClone(toOpenReferralService(source)) as Record<string, any>;
  change(service);
  return service;
}

describe('name-based identifiers', () => {
  it('are RFC 9562 version 5 UUIDs (the RFC example) and the same for the same name', () => {
    expect(nameBasedUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(nameBasedUuid('a')).toBe(nameBasedUuid('a'));
    expect(nameBasedUuid('a')).not.toBe(nameBasedUuid('b'));
  });
});

describe('a directory service as an Open Referral UK service', () => {
  it('validates against the vendored schema, filled in or sparse, alone and in a page', () => {
    for (const source of [full, sparse]) {
      const service = toOpenReferralService(source);
      expect(validateService(service), schemaErrors(validateService.errors).join('\n')).toBe(true);
    }
    const page = pageOf(toOpenReferralService(full), toOpenReferralService(sparse));
    expect(validatePage(page), schemaErrors(validatePage.errors).join('\n')).toBe(true);
  });

  it('puts each fact where the standard has a place for it', () => {
    const service = toOpenReferralService(full);
    expect(service).toMatchObject({
      id: full.id,
      organization_id: full.provider_id,
      name: 'Example House',
      status: 'active',
      last_modified: '2026-11-20T10:15:00.000Z',
      organization: { id: full.provider_id, name: 'Example Recovery Trust (demo)', website: 'https://example-recovery.example' },
      cost_options: [{ option: 'Weekly fee', amount: 1250.5, amount_description: 'per week', service_id: full.id }],
    });
    const location = service.service_at_locations[0]?.location;
    expect(location?.addresses).toEqual([
      expect.objectContaining({ address_1: '1 Example Lane', city: 'Exampleton', postal_code: 'ZZ99 1AA', region: 'North West', state_province: 'England', country: 'GB', address_type: 'physical' }),
    ]);
    expect(location?.accessibility.map((entry) => entry.description)).toEqual(['Step-free access', 'Adapted rooms']);
    expect(service.attributes.map((entry) => [entry.taxonomy_term.taxonomy, entry.taxonomy_term.term])).toEqual([
      [directoryTaxonomies.kind, 'residential_rehab'],
      [directoryTaxonomies.approach, 'therapeutic_community'],
      [directoryTaxonomies.approach, 'cognitive_behavioural'],
      [directoryTaxonomies.specialism, 'women_only'],
      [directoryTaxonomies.specialism, 'co_occurring_mental_health'],
      [directoryTaxonomies.feature, 'detox_on_site'],
    ]);
    expect(service.attributes[0]?.taxonomy_term.name).toBe('Residential rehabilitation');
    expect(service[extensionKey]).toEqual({
      beds: 24,
      minimum_weeks: 12,
      typical_weeks: 16,
      waiting_weeks: 3,
      waiting_updated_on: '2026-11-16',
      regulator_rating: 'good',
      rating_date: '2025-10-20',
      eligibility: full.eligibility,
      exclusions: full.exclusions,
      languages: ['Polish', 'Urdu'],
    });
  });

  it('leaves out what the directory does not hold rather than making it up', () => {
    const service = toOpenReferralService(sparse);
    expect(service.organization).toEqual({ id: sparse.provider_id, name: sparse.provider_name, description: '' });
    expect(service.cost_options).toEqual([]);
    expect(service.service_at_locations[0]?.location.accessibility).toEqual([]);
    expect(service.attributes).toHaveLength(1);
    expect(service).not.toHaveProperty('description');
    expect(service).not.toHaveProperty('url');
    expect(toOpenReferralService({ ...full, provider_website: 'not a web address' }).organization).not.toHaveProperty('website');
  });

  it('gives a service the same identifiers every time, and the same taxonomy term to every service', () => {
    const [first, again, other] = [toOpenReferralService(full), toOpenReferralService(full), toOpenReferralService(sparse)];
    expect(again).toEqual(first);
    expect(other.service_at_locations[0]?.location.id).not.toBe(first.service_at_locations[0]?.location.id);
    expect(other.attributes[0]?.taxonomy_term.taxonomy_id).toBe(first.attributes[0]?.taxonomy_term.taxonomy_id);
    const secondStage = toOpenReferralService({ ...full, kind: 'second_stage' }).attributes[0]?.taxonomy_term;
    expect(other.attributes[0]?.taxonomy_term).toEqual(secondStage);
  });

  it('fits a page of the longest services the directory can hold into the import’s upload limit', () => {
    const longest: OpenReferralSource = {
      ...full,
      name: 'N'.repeat(200),
      provider_name: 'P'.repeat(200),
      approaches: [...treatmentApproaches],
      specialisms: [...specialisms],
      address: 'A'.repeat(300),
      town: 'T'.repeat(100),
      eligibility: '"\n'.repeat(1000),
      exclusions: '"\n'.repeat(1000),
      languages: Array.from({ length: 20 }, (_, index) => `${index}`.padEnd(60, 'L')),
    };
    const services = Array.from({ length: openReferralPageSize }, () => toOpenReferralService(longest));
    const bytes = Buffer.byteLength(JSON.stringify(openReferralPage(services, { total: openReferralPageSize, page: 1, perPage: openReferralPageSize })));
    expect(bytes).toBeLessThan(maximumUploadBytes);
  });

  it('describes its page as the standard’s paged listing does', () => {
    expect(openReferralPage(['a', 'b'], { total: 2502, page: 3, perPage: 1000 })).toEqual({
      total_items: 2502,
      total_pages: 3,
      page_number: 3,
      size: 2,
      first_page: false,
      last_page: true,
      empty: false,
      contents: ['a', 'b'],
    });
    expect(openReferralPage([], { total: 0, page: 1, perPage: 1000 })).toMatchObject({ total_pages: 1, first_page: true, last_page: true, empty: true });
  });
});

describe('reading an Open Referral UK file', () => {
  it('gives back the services that were exported (round trip)', () => {
    const outcome = readOpenReferralJson(file(pageOf(toOpenReferralService(full), toOpenReferralService(sparse))), today);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.services.map(({ row: _row, place: _place, ...service }: ImportedService) => service)).toEqual([detailsOf(full), detailsOf(sparse)]);
    expect(outcome.services.map((service) => service.place)).toEqual(['Service 1 (‘Example House’), name', 'Service 2 (‘Sample Lodge’), name']);
  });

  it('reads a bare list of services or a single service too', () => {
    const list = readOpenReferralJson(file([toOpenReferralService(full)]), today);
    const single = readOpenReferralJson(file(toOpenReferralService(sparse)), today);
    expect(list.ok && list.services.map((service) => service.name)).toEqual(['Example House']);
    expect(single.ok && single.services.map((service) => service.name)).toEqual(['Sample Lodge']);
  });

  it('reads a file from another publisher that has only the standard’s fields and the kind of service', () => {
    const foreign = {
      id: '5a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
      name: 'Example Moor Rehab',
      status: 'active',
      organization: { id: '6b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e', name: 'Example Moor Trust (demo)', description: 'An invented charity.' },
      service_at_locations: [
        { id: 'x', location: { id: 'y', location_type: 'physical', addresses: [{ id: 'z', address_1: '2 Example Road', city: 'Exampleby', region: 'yorkshire and the humber', state_province: 'North Yorkshire', postal_code: 'zz991ab', country: 'GB', address_type: 'physical' }] } },
      ],
      cost_options: [{ id: 'c1', option: 'Assessment', amount: 80, amount_description: 'one session' }, { id: 'c2', amount: 980, amount_description: 'Per week' }],
      attributes: [
        { id: 'a1', taxonomy_term: { id: 't1', name: 'Residential rehabilitation', description: 'Kind', taxonomy: directoryTaxonomies.kind } },
        { id: 'a2', taxonomy_term: { id: 't2', name: 'Addiction', description: 'Someone else’s taxonomy', taxonomy: 'Another taxonomy' } },
      ],
      languages: [{ id: 'l1' }],
    };
    expect(validateService(foreign)).toBe(false); // the ids above are not UUIDs: the import does not insist on what it does not store
    const outcome = readOpenReferralJson(file({ contents: [foreign] }), today);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.services[0]).toMatchObject({
      providerName: 'Example Moor Trust (demo)',
      kind: 'residential_rehab',
      address: '2 Example Road',
      town: 'Exampleby',
      postcode: 'ZZ99 1AB',
      region: 'Yorkshire and the Humber',
      weeklyCostPence: 98_000,
      beds: null,
      approaches: [],
      stepFreeAccess: false,
      languages: [],
    });
  });

  it('refuses a file that is not JSON, or holds no services, with what to do', () => {
    expect(problemsOf('{ "contents": [ ')[0]).toMatch(/^The selected file is not valid JSON \(.+\)\. Upload the file as it was exported, or a CSV file$/);
    expect(problemsOf({ services: [] })).toEqual(['The selected file is JSON but holds no Open Referral UK services. It needs a page of services with a ‘contents’ list, or a list of services']);
    expect(problemsOf(pageOf())).toEqual(['The selected file has no services. Its ‘contents’ list is empty']);
    expect(problemsOf('   ')).toEqual(['The selected file is empty']);
    const tooMany = Array.from({ length: 10_001 }, () => ({ name: 'x' }));
    expect(problemsOf(tooMany)).toEqual(['The file has 10,001 services. A file can have up to 10,000: split it into smaller files']);
  });

  it('names the service and the field of every problem, and refuses the whole file', () => {
    const problems = problemsOf(
      pageOf(
        toOpenReferralService(sparse),
        exported((service) => {
          service[extensionKey].beds = 'twenty';
          service.organization.name = 7;
        }),
        exported((service) => {
          service.name = 'Example Cottage';
          service.attributes = [];
          service.service_at_locations[0].location.addresses[0].region = 'Wessex';
          service.service_at_locations[0].location.addresses[0].postal_code = 'ZZ99';
        }),
        exported((service) => {
          service.name = 'Example Annexe';
          service.attributes[0].taxonomy_term.term = 'hotel';
          service[extensionKey].waiting_updated_on = '2027-01-01';
          service[extensionKey].regulator_rating = null;
          service[extensionKey].minimum_weeks = 20;
          service.cost_options[0].amount = 12.345;
        }),
        'a service',
      ),
    );
    expect(problems).toEqual([
      'Service 2 (‘Example House’), organization.name: must be text',
      'Service 2 (‘Example House’), residential_pathways.beds: must be a whole number of beds',
      `Service 3 (‘Example Cottage’), attributes: give the kind of service, as a taxonomy term of the taxonomy ‘${directoryTaxonomies.kind}’ whose term is residential_rehab, inpatient_detox, second_stage, crisis`,
      'Service 3 (‘Example Cottage’), service_at_locations[0].location.addresses[0].postal_code: enter a full UK postcode, like SW1A 1AA',
      'Service 3 (‘Example Cottage’), service_at_locations[0].location.addresses[0].region: ‘Wessex’ is not one of the 9 regions of England, like North West',
      'Service 4 (‘Example Annexe’), attributes[0].taxonomy_term.term: ‘hotel’ is not a kind of service. Use Residential rehabilitation, Inpatient detox, Second-stage or supported housing with treatment, Crisis service',
      'Service 4 (‘Example Annexe’), cost_options: the weekly cost must be pounds and pence, like 1250.50',
      'Service 4 (‘Example Annexe’), residential_pathways.typical_weeks: the typical length (16 weeks) cannot be shorter than the minimum (20 weeks)',
      'Service 4 (‘Example Annexe’), residential_pathways.waiting_updated_on: the date cannot be in the future',
      'Service 4 (‘Example Annexe’), residential_pathways.rating_date: give the regulator rating as well as its date',
      'Service 5: must be an object with the service’s fields',
    ]);
  });

  it('refuses the same provider’s service twice in one file, a service in two places and a service of two kinds', () => {
    const twice = problemsOf(pageOf(toOpenReferralService(full), exported((service) => (service.name = 'example house'))));
    expect(twice).toEqual(['Service 2 (‘example house’), name: Example Recovery Trust (demo) has a service called ‘example house’ as service 1 too. Give each of a provider’s services a different name']);
    const twoPlaces = problemsOf([exported((service) => service.service_at_locations.push(service.service_at_locations[0]))]);
    expect(twoPlaces).toEqual(['Service 1 (‘Example House’), service_at_locations: the directory holds one location for each service, not 2. Give one']);
    const twoKinds = problemsOf([
      exported((service) => service.attributes.push({ ...service.attributes[0], taxonomy_term: { ...service.attributes[0].taxonomy_term, term: 'crisis' } })),
    ]);
    expect(twoKinds).toEqual([
      `Service 1 (‘Example House’), attributes: give one kind of service, not 2, as a taxonomy term of the taxonomy ‘${directoryTaxonomies.kind}’ whose term is residential_rehab, inpatient_detox, second_stage, crisis`,
    ]);
  });
});
