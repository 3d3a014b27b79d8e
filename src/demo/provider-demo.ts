import type { Transaction } from 'kysely';
import type { Region } from '../accounts/index.js';
import type {
  ContractType,
  Database,
  PackAudience,
  PreferredDecision,
  RegulatorRating,
  ServiceKind,
  Specialism,
  TreatmentApproach,
} from '../platform/db/schema.js';
import { serviceValues } from '../providers/index.js';
import { isoDaysFrom, seededRandom } from './random.js';

/**
 * The demo directory: about 40 invented residential services across the 9 regions of England,
 * from about 25 invented providers, and the demo partnership's contracts, preferred services
 * with their reviews, and local notes. Every provider's name ends in "(demo)", every address is
 * on an "Example" street and every postcode starts ZZ99, so nothing can be mistaken for a real
 * organisation. The same `today` always gives the same data.
 */

/** The provider the demo provider account keeps up to date. It exists in every demo database. */
export const demoProviderAccount = {
  email: 'provider@hillside.example',
  providerName: 'Hillside Recovery House (demo)',
  website: 'https://hillside.example',
} as const;

const slug = (text: string) =>
  text
    .replace(/\(demo\)/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

// The services ----------------------------------------------------------------------------------

interface ServiceOutline {
  name: string;
  provider: string;
  kind: ServiceKind;
  region: Region;
  town: string;
  approaches: TreatmentApproach[];
  specialisms: Specialism[];
}

const hillside = demoProviderAccount.providerName;

/** Who runs what, where. The numbers and words are filled in below. */
const outlines: ServiceOutline[] = [
  // North East
  { name: 'Kestrel House', provider: 'Kestrelmoor Housing and Recovery (demo)', kind: 'residential_rehab', region: 'North East', town: 'Kestrelmouth', approaches: ['therapeutic_community'], specialisms: ['men_only', 'leaving_prison'] },
  { name: 'Kestrel Step-Down Flats', provider: 'Kestrelmoor Housing and Recovery (demo)', kind: 'second_stage', region: 'North East', town: 'Kestrelmouth', approaches: ['cognitive_behavioural'], specialisms: ['leaving_prison'] },
  { name: 'Brackenby Sands Detox Unit', provider: 'Quillfield Detox Partnership (demo)', kind: 'inpatient_detox', region: 'North East', town: 'Brackenby Sands', approaches: ['other'], specialisms: ['alcohol_only', 'liver_disease'] },
  { name: 'Harrowfell Lodge', provider: 'Brackenrigg Therapeutic Community (demo)', kind: 'residential_rehab', region: 'North East', town: 'Harrowfell', approaches: ['therapeutic_community'], specialisms: ['co_occurring_mental_health'] },
  // North West: the demo partnership's own region
  { name: 'Hillside House', provider: hillside, kind: 'residential_rehab', region: 'North West', town: 'Northmoor', approaches: ['twelve_step', 'cognitive_behavioural'], specialisms: ['co_occurring_mental_health'] },
  { name: 'Hillside Medical Detox Unit', provider: hillside, kind: 'inpatient_detox', region: 'North West', town: 'Northmoor', approaches: ['other'], specialisms: ['alcohol_only'] },
  { name: 'Larkspur Women’s House', provider: 'Larkspur Recovery Trust (demo)', kind: 'residential_rehab', region: 'North West', town: 'Lowmoor Bridge', approaches: ['cognitive_behavioural'], specialisms: ['women_only', 'co_occurring_mental_health'] },
  { name: 'Lowmoor Bridge Family Centre', provider: 'Copperbeech Family Rehab (demo)', kind: 'residential_rehab', region: 'North West', town: 'Lowmoor Bridge', approaches: ['therapeutic_community', 'cognitive_behavioural'], specialisms: ['parents_with_children', 'pregnant_women'] },
  { name: 'Northmoor Crisis Beds', provider: 'Oakhollow Crisis and Recovery (demo)', kind: 'crisis', region: 'North West', town: 'Northmoor', approaches: ['other'], specialisms: ['co_occurring_mental_health'] },
  { name: 'Fellowship Court', provider: 'Northmoor Fellowship Homes (demo)', kind: 'second_stage', region: 'North West', town: 'Northmoor', approaches: ['twelve_step'], specialisms: [] },
  // Yorkshire and the Humber
  { name: 'Fenwold Grange', provider: 'Fenwold Treatment Centres (demo)', kind: 'residential_rehab', region: 'Yorkshire and the Humber', town: 'Fenwold Cross', approaches: ['therapeutic_community'], specialisms: ['drugs_only', 'young_adults'] },
  { name: 'Fenwold Inpatient Unit', provider: 'Fenwold Treatment Centres (demo)', kind: 'inpatient_detox', region: 'Yorkshire and the Humber', town: 'Fenwold Cross', approaches: ['other'], specialisms: ['liver_disease'] },
  { name: 'Calderwick Hall', provider: 'Calderwick Recovery Network (demo)', kind: 'residential_rehab', region: 'Yorkshire and the Humber', town: 'Calderwick', approaches: ['twelve_step'], specialisms: ['alcohol_only', 'older_adults'] },
  { name: 'Lanternhill House', provider: 'Lanternhill Trust (demo)', kind: 'residential_rehab', region: 'Yorkshire and the Humber', town: 'Calderwick', approaches: ['faith_based'], specialisms: ['men_only'] },
  // East Midlands
  { name: 'Sablewood House', provider: 'Sablewood Residential Services (demo)', kind: 'residential_rehab', region: 'East Midlands', town: 'Sablewood', approaches: ['cognitive_behavioural', 'therapeutic_community'], specialisms: ['lgbtq_plus', 'co_occurring_mental_health'] },
  { name: 'Eastfield Detox Centre', provider: 'Harebell Community Care (demo)', kind: 'inpatient_detox', region: 'East Midlands', town: 'Eastfield', approaches: ['other'], specialisms: [] },
  { name: 'Sablewood Court', provider: 'Pennyfold Second Stage Homes (demo)', kind: 'second_stage', region: 'East Midlands', town: 'Sablewood', approaches: ['cognitive_behavioural'], specialisms: [] },
  { name: 'Eastfield Family House', provider: 'Copperbeech Family Rehab (demo)', kind: 'residential_rehab', region: 'East Midlands', town: 'Eastfield', approaches: ['cognitive_behavioural'], specialisms: ['parents_with_children'] },
  // West Midlands
  { name: 'Tealbridge Women’s Centre', provider: 'Tealbridge Women’s Recovery (demo)', kind: 'residential_rehab', region: 'West Midlands', town: 'Tealbridge', approaches: ['cognitive_behavioural'], specialisms: ['women_only', 'pregnant_women'] },
  { name: 'Copperbeech Green Family Rehab', provider: 'Copperbeech Family Rehab (demo)', kind: 'residential_rehab', region: 'West Midlands', town: 'Copperbeech Green', approaches: ['therapeutic_community'], specialisms: ['parents_with_children', 'women_only'] },
  { name: 'Ashgrove Mission House', provider: 'Ashgrove Faith Recovery Mission (demo)', kind: 'residential_rehab', region: 'West Midlands', town: 'Tealbridge', approaches: ['faith_based', 'twelve_step'], specialisms: ['men_only'] },
  { name: 'Thistlemere Medical Detox', provider: 'Thistlemere Care (demo)', kind: 'inpatient_detox', region: 'West Midlands', town: 'Copperbeech Green', approaches: ['other'], specialisms: ['co_occurring_mental_health'] },
  { name: 'Silverbirch Lodge', provider: 'Silverbirch Step Programme (demo)', kind: 'residential_rehab', region: 'West Midlands', town: 'Tealbridge', approaches: ['twelve_step'], specialisms: ['alcohol_only'] },
  // East of England
  { name: 'Marram House', provider: 'Marram Coast Recovery (demo)', kind: 'residential_rehab', region: 'East of England', town: 'Marram Staithe', approaches: ['therapeutic_community'], specialisms: ['co_occurring_mental_health'] },
  { name: 'Marram Staithe Recovery Flats', provider: 'Marram Coast Recovery (demo)', kind: 'second_stage', region: 'East of England', town: 'Marram Staithe', approaches: ['other'], specialisms: [] },
  { name: 'Quillfield Detox Unit', provider: 'Quillfield Detox Partnership (demo)', kind: 'inpatient_detox', region: 'East of England', town: 'Quillfield', approaches: ['other'], specialisms: ['liver_disease', 'alcohol_only'] },
  { name: 'Duckmere Cottage', provider: 'Foxglove Vale Recovery (demo)', kind: 'residential_rehab', region: 'East of England', town: 'Quillfield', approaches: ['cognitive_behavioural'], specialisms: ['older_adults', 'alcohol_only'] },
  // London
  { name: 'Wrenfield House', provider: 'Wrenfield Clinical Services (demo)', kind: 'residential_rehab', region: 'London', town: 'Wrenfield', approaches: ['cognitive_behavioural'], specialisms: ['lgbtq_plus', 'drugs_only'] },
  { name: 'Wrenfield Inpatient Detox', provider: 'Wrenfield Clinical Services (demo)', kind: 'inpatient_detox', region: 'London', town: 'Wrenfield', approaches: ['other'], specialisms: ['co_occurring_mental_health'] },
  { name: 'Riverlea College House', provider: 'Riverlea Recovery College (demo)', kind: 'residential_rehab', region: 'London', town: 'Riverlea', approaches: ['therapeutic_community'], specialisms: ['young_adults'] },
  { name: 'Example Park Crisis Centre', provider: 'Oakhollow Crisis and Recovery (demo)', kind: 'crisis', region: 'London', town: 'Example Park', approaches: ['other'], specialisms: [] },
  { name: 'Marshgate House', provider: 'Marshgate Recovery (demo)', kind: 'residential_rehab', region: 'London', town: 'Riverlea', approaches: ['twelve_step'], specialisms: ['women_only'] },
  // South East
  { name: 'Elderholt Lodge', provider: 'Elderholt Recovery Lodge (demo)', kind: 'residential_rehab', region: 'South East', town: 'Elderholt', approaches: ['twelve_step'], specialisms: ['alcohol_only'] },
  { name: 'Elderholt Detox Suite', provider: 'Elderholt Recovery Lodge (demo)', kind: 'inpatient_detox', region: 'South East', town: 'Elderholt', approaches: ['other'], specialisms: [] },
  { name: 'Foxglove Vale House', provider: 'Foxglove Vale Recovery (demo)', kind: 'residential_rehab', region: 'South East', town: 'Foxglove Vale', approaches: ['cognitive_behavioural'], specialisms: ['co_occurring_mental_health'] },
  { name: 'Larkspur Court', provider: 'Larkspur Recovery Trust (demo)', kind: 'second_stage', region: 'South East', town: 'Foxglove Vale', approaches: ['cognitive_behavioural'], specialisms: ['women_only'] },
  // South West
  { name: 'Duneholme Manor', provider: 'Duneholme Health (demo)', kind: 'residential_rehab', region: 'South West', town: 'Duneholme', approaches: ['therapeutic_community', 'twelve_step'], specialisms: ['leaving_prison'] },
  { name: 'Duneholme Detox Unit', provider: 'Duneholme Health (demo)', kind: 'inpatient_detox', region: 'South West', town: 'Duneholme', approaches: ['other'], specialisms: ['alcohol_only'] },
  { name: 'Pennyfold Gardens', provider: 'Pennyfold Second Stage Homes (demo)', kind: 'second_stage', region: 'South West', town: 'Pennyfold', approaches: ['twelve_step'], specialisms: [] },
  { name: 'Sandwick House', provider: 'Silverbirch Step Programme (demo)', kind: 'residential_rehab', region: 'South West', town: 'Pennyfold', approaches: ['twelve_step', 'cognitive_behavioural'], specialisms: ['men_only'] },
];

/** Weekly cost in pounds, and programme lengths in weeks, by kind of service. */
const kindDetails: Record<ServiceKind, { cost: [number, number]; minimumWeeks: [number, number]; typicalExtra: [number, number]; wait: [number, number] }> = {
  residential_rehab: { cost: [600, 2500], minimumWeeks: [8, 13], typicalExtra: [0, 14], wait: [0, 16] },
  inpatient_detox: { cost: [2800, 4500], minimumWeeks: [1, 1], typicalExtra: [1, 2], wait: [0, 4] },
  second_stage: { cost: [350, 800], minimumWeeks: [12, 26], typicalExtra: [0, 26], wait: [0, 12] },
  crisis: { cost: [1500, 2500], minimumWeeks: [1, 1], typicalExtra: [0, 2], wait: [0, 1] },
};

const eligibilityByKind: Record<ServiceKind, string> = {
  residential_rehab:
    'Adults aged 18 or over who are dependent on drugs or alcohol and want to stop using, referred by their community treatment service with funding agreed. People should have finished a detox or be stable on a reducing prescription before they arrive.',
  inpatient_detox:
    'Adults aged 18 or over who need medically managed withdrawal from alcohol, opioids or benzodiazepines and cannot do it safely at home, with a plan agreed for what happens after detox.',
  second_stage:
    'Adults who have finished a residential programme and want support to settle back into community life. Each person has their own room, weekly keywork and group sessions, and help with work, training and a move to their own home.',
  crisis:
    'Adults whose drug or alcohol use puts them at immediate risk and who need a safe, short stay while longer-term help is arranged. Referrals are taken from community teams, hospitals and the police, every day.',
};

const eligibilityBySpecialism: Partial<Record<Specialism, string>> = {
  women_only: 'For women only.',
  men_only: 'For men only.',
  parents_with_children: 'Parents can bring up to 2 children aged under 8, who attend a local nursery or school.',
  pregnant_women: 'Welcomes pregnant women at any stage, with a named midwife.',
  leaving_prison: 'Can take people on the day they leave prison, with a pick-up arranged.',
  young_adults: 'For adults aged 18 to 25.',
  older_adults: 'For adults aged 50 and over.',
  lgbtq_plus: 'Run with and for lesbian, gay, bisexual, trans and queer people; everyone is welcome.',
  co_occurring_mental_health: 'Psychiatry and psychology staff on site for people with mental health needs as well.',
  liver_disease: 'Works with the local hospital’s liver team.',
};

const exclusionsByKind: Record<ServiceKind, string[]> = {
  residential_rehab: [
    'People who need nursing care through the night.',
    'People with a conviction for arson in the last 5 years.',
    'People who are currently detained under the Mental Health Act.',
    'People who are not willing to take part in daily group work.',
  ],
  inpatient_detox: ['People whose physical health needs hospital care.', 'People who are not willing to agree a plan for after detox.'],
  second_stage: ['People who have not finished a residential programme.', 'People who need support workers on site through the night.'],
  crisis: ['People who need a hospital bed for their physical or mental health.'],
};

const languagePool = ['Polish', 'Urdu', 'Punjabi', 'Bengali', 'Romanian', 'Arabic', 'Portuguese', 'British Sign Language', 'Lithuanian', 'Somali'];

export interface DemoPack {
  audience: PackAudience;
  title: string;
  link: string | null;
  reviewOn: string;
}

export interface DemoService extends ServiceOutline {
  address: string;
  postcode: string;
  detoxOnSite: boolean;
  beds: number;
  weeklyCostPence: number;
  minimumWeeks: number;
  typicalWeeks: number;
  waitingWeeks: number;
  waitingUpdatedOn: string;
  regulatorRating: RegulatorRating;
  ratingDate: string | null;
  eligibility: string;
  exclusions: string;
  stepFreeAccess: boolean;
  adaptedRooms: boolean;
  languages: string[];
  packs: DemoPack[];
}

/** The whole demo directory, worked out from `today` alone. */
export function demoDirectory(today: Date): { providers: string[]; services: DemoService[] } {
  const random = seededRandom(4040);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const chance = (probability: number) => random() < probability;
  const ratingRoll: Array<[RegulatorRating, number]> = [
    ['outstanding', 0.12],
    ['good', 0.6],
    ['requires_improvement', 0.15],
    ['inadequate', 0.05],
    ['not_rated', 0.08],
  ];

  const services = outlines.map((outline, index): DemoService => {
    const details = kindDetails[outline.kind];
    const minimumWeeks = between(...details.minimumWeeks);
    let rating: RegulatorRating = 'good';
    let roll = random();
    for (const [candidate, weight] of ratingRoll) {
      if (roll < weight) {
        rating = candidate;
        break;
      }
      roll -= weight;
    }
    const exclusions = [...exclusionsByKind[outline.kind]].filter(() => chance(0.5));
    const languages = languagePool.filter(() => chance(0.12));
    const audiences: PackAudience[] = ['commissioners_and_referrers', ...(['before_admission', 'on_admission'] as const).filter(() => chance(0.55))];
    const site = slug(outline.provider);
    return {
      ...outline,
      address: `${index + 1} Example ${['Lane', 'Road', 'Street', 'Close', 'Avenue'][index % 5]}`,
      postcode: `ZZ99 ${(index % 9) + 1}${String.fromCharCode(65 + Math.floor(index / 9))}${String.fromCharCode(65 + (index % 26))}`,
      detoxOnSite: outline.kind === 'inpatient_detox' || (outline.kind === 'residential_rehab' && chance(0.35)),
      beds: between(8, 40),
      weeklyCostPence: between(details.cost[0] / 10, details.cost[1] / 10) * 1000,
      minimumWeeks,
      typicalWeeks: minimumWeeks + between(...details.typicalExtra),
      waitingWeeks: between(...details.wait),
      waitingUpdatedOn: isoDaysFrom(today, -between(0, 70)),
      regulatorRating: rating,
      ratingDate: rating === 'not_rated' ? null : isoDaysFrom(today, -between(60, 1100)),
      eligibility: [eligibilityByKind[outline.kind], ...outline.specialisms.map((specialism) => eligibilityBySpecialism[specialism]).filter(Boolean)].join(' '),
      exclusions: exclusions.join(' '),
      stepFreeAccess: chance(0.65),
      adaptedRooms: chance(0.4),
      languages,
      packs: audiences.map((audience) => ({
        audience,
        title:
          audience === 'commissioners_and_referrers'
            ? `Referral and funding guide: ${outline.name}`
            : audience === 'before_admission'
              ? `What to expect before you arrive at ${outline.name}`
              : `Welcome handbook for ${outline.name}`,
        link: chance(0.8) ? `https://${site}.example/information/${slug(outline.name)}/${audience.replace(/_/g, '-')}` : null,
        // About a quarter are past their review date.
        reviewOn: isoDaysFrom(today, between(-150, 330)),
      })),
    };
  });
  const providers = [...new Set(services.map((service) => service.provider))];
  return { providers, services };
}

// The demo partnership's commissioning ------------------------------------------------------------

interface DemoContract {
  service: string;
  type: ContractType;
  reference: string;
  starts: number;
  ends: number;
  bedNightsPurchased: number | null;
  bedNightsUsed: number | null;
  weeklyPrice: number;
  review: number | null;
  requirements: { ndtms: boolean; userInvolvement: boolean; feedback: boolean };
  notes: string;
}

/** Days are counted from today: negative in the past. */
const northmoorContracts: DemoContract[] = [
  {
    service: 'Hillside House',
    type: 'block',
    reference: 'NMR-2025-014',
    starts: -300,
    ends: 65,
    bedNightsPurchased: 1460,
    bedNightsUsed: 1190,
    weeklyPrice: 1150,
    review: 21,
    requirements: { ndtms: true, userInvolvement: true, feedback: true },
    notes: '4 beds a year for Northmoor residents. The contract ends soon: decide whether to renew at the next review.',
  },
  {
    service: 'Larkspur Women’s House',
    type: 'block',
    reference: 'NMR-2026-002',
    starts: -200,
    ends: 530,
    bedNightsPurchased: 730,
    bedNightsUsed: 310,
    weeklyPrice: 1280,
    review: -14,
    requirements: { ndtms: true, userInvolvement: true, feedback: false },
    notes: '2 beds for women. Use has been lower than planned; the review should look at why.',
  },
  {
    service: 'Lowmoor Bridge Family Centre',
    type: 'spot',
    reference: 'NMR-SP-0147',
    starts: -120,
    ends: 245,
    bedNightsPurchased: null,
    bedNightsUsed: 84,
    weeklyPrice: 1850,
    review: 60,
    requirements: { ndtms: true, userInvolvement: false, feedback: true },
    notes: 'Spot places for parents who bring their children, agreed case by case at panel.',
  },
  {
    service: 'Hillside Medical Detox Unit',
    type: 'spot',
    reference: 'NMR-SP-0152',
    starts: -60,
    ends: 305,
    bedNightsPurchased: null,
    bedNightsUsed: 42,
    weeklyPrice: 3200,
    review: 120,
    requirements: { ndtms: true, userInvolvement: false, feedback: false },
    notes: 'Used for the fast-track detox route.',
  },
  {
    service: 'Fenwold Grange',
    type: 'spot',
    reference: 'NMR-SP-0131',
    starts: -400,
    ends: 330,
    bedNightsPurchased: null,
    bedNightsUsed: 196,
    weeklyPrice: 1420,
    review: 45,
    requirements: { ndtms: true, userInvolvement: true, feedback: true },
    notes: 'Out of area, for young adults who need distance from Northmoor.',
  },
  {
    service: 'Fellowship Court',
    type: 'block',
    reference: 'NMR-2026-009',
    starts: -30,
    ends: 700,
    bedNightsPurchased: 1095,
    bedNightsUsed: 60,
    weeklyPrice: 520,
    review: 150,
    requirements: { ndtms: false, userInvolvement: true, feedback: true },
    notes: '3 move-on rooms after residential treatment.',
  },
];

interface DemoReview {
  daysAgo: number;
  data: string;
  feedback: string;
  visit: boolean;
  decision: PreferredDecision;
  notes: string;
}

const northmoorPreferred: Array<{ service: string; addedDaysAgo: number; reviews: DemoReview[] }> = [
  {
    service: 'Hillside House',
    addedDaysAgo: 900,
    reviews: [
      {
        daysAgo: 700,
        data: 'Completion and early drop-out for Northmoor placements over 2 years; waiting times; the regulator’s report.',
        feedback: 'Residents’ survey: most felt safe and listened to. Some wanted more help planning for after they leave.',
        visit: true,
        decision: 'keep',
        notes: '',
      },
      {
        daysAgo: 340,
        data: 'Completion for the last 12 months (above the regional average); 2 early drop-outs in the first fortnight; waiting time now 3 weeks.',
        feedback: 'Feedback from 9 former residents and from keyworkers at the community service, mostly positive.',
        visit: true,
        decision: 'keep',
        notes: 'Asked for a named contact for discharge planning with the community team.',
      },
    ],
  },
  {
    service: 'Larkspur Women’s House',
    addedDaysAgo: 800,
    reviews: [
      {
        daysAgo: 420,
        data: 'Placements and completions since the block contract began; bed use against the contract.',
        feedback: 'Women’s focus group run by Northmoor Recovery Voices (demo).',
        visit: false,
        decision: 'keep_with_conditions',
        notes: 'Keep, as long as a visit takes place and bed use improves. The next review is overdue.',
      },
    ],
  },
  {
    service: 'Lowmoor Bridge Family Centre',
    addedDaysAgo: 260,
    reviews: [
      {
        daysAgo: 200,
        data: 'Outcomes for parents placed in the last 3 years; children’s services’ view of the placements.',
        feedback: 'Parents said the nursery place made it possible to stay for the whole programme.',
        visit: true,
        decision: 'keep',
        notes: '',
      },
    ],
  },
  {
    service: 'Fenwold Grange',
    addedDaysAgo: 600,
    reviews: [
      {
        daysAgo: 500,
        data: 'Regional comparison of completion for young adults.',
        feedback: 'Keyworkers’ comments on how quickly referrals were answered.',
        visit: false,
        decision: 'keep',
        notes: '',
      },
      {
        daysAgo: 130,
        data: 'Completion for Northmoor residents (4 placements, too few to compare); waiting time; travel costs for family visits.',
        feedback: '2 former residents spoke to the commissioner.',
        visit: true,
        decision: 'keep_with_conditions',
        notes: 'Keep while numbers are small; look again when there are at least 10 placements.',
      },
    ],
  },
];

const northmoorNotes: Array<{ service: string; daysAgo: number; note: string }> = [
  {
    service: 'Hillside House',
    daysAgo: 40,
    note: 'Hillside will hold a bed for up to 5 days while funding is agreed, if the panel date is booked. Ask for the admissions lead.',
  },
  {
    service: 'Fenwold Grange',
    daysAgo: 95,
    note: 'The train journey from Northmoor takes about 3 hours. Families can claim travel costs through the partnership’s hardship fund.',
  },
];

/** What the demo partnership's lists hold, for tests. */
export const demoCommissioningCounts = {
  contracts: northmoorContracts.length,
  preferred: northmoorPreferred.length,
  reviews: northmoorPreferred.reduce((total, entry) => total + entry.reviews.length, 0),
  notes: northmoorNotes.length,
};

// Writing it -------------------------------------------------------------------------------------

/**
 * The provider of the demo provider account, and the account's link to it. Run in every demo
 * database (with or without the sample work), so tests can always sign in as a provider.
 */
export async function seedDemoProviderAccount(trx: Transaction<Database>, userIds: Record<string, string>): Promise<string> {
  const provider = await trx
    .insertInto('providers')
    .values({ name: demoProviderAccount.providerName, website: demoProviderAccount.website })
    .returning('id')
    .executeTakeFirstOrThrow();
  const userId = userIds[demoProviderAccount.email];
  if (!userId) throw new Error(`The demo accounts have no ${demoProviderAccount.email}`);
  await trx.insertInto('provider_users').values({ provider_id: provider.id, user_id: userId }).execute();
  return provider.id;
}

interface DemoCommissioners {
  partnershipId: string;
  leadUserId: string;
}

/** The demo directory and the demo partnership's contracts, preferred services, reviews and notes. */
export async function seedDemoProviders(trx: Transaction<Database>, commissioners: DemoCommissioners, today: Date): Promise<void> {
  const { providers, services } = demoDirectory(today);

  const providerIds = new Map<string, string>();
  const existing = await trx.selectFrom('providers').select(['id', 'name']).where('name', 'in', providers).execute();
  for (const row of existing) providerIds.set(row.name, row.id);
  const missing = providers.filter((name) => !providerIds.has(name));
  if (missing.length) {
    const added = await trx
      .insertInto('providers')
      .values(missing.map((name) => ({ name, website: `https://${slug(name)}.example` })))
      .returning(['id', 'name'])
      .execute();
    for (const row of added) providerIds.set(row.name, row.id);
  }

  const storedServices = await trx
    .insertInto('services')
    .values(
      services.map((service) => ({ provider_id: providerIds.get(service.provider) as string, ...serviceValues(service) })),
    )
    .returning(['id', 'name'])
    .execute();
  const serviceIds = new Map(storedServices.map((row) => [row.name, row.id]));
  const serviceId = (name: string) => {
    const id = serviceIds.get(name);
    if (!id) throw new Error(`No demo service called ${name}`);
    return id;
  };

  await trx
    .insertInto('service_information_packs')
    .values(
      services.flatMap((service) =>
        service.packs.map((pack) => ({ service_id: serviceId(service.name), audience: pack.audience, title: pack.title, link: pack.link, review_on: pack.reviewOn })),
      ),
    )
    .execute();

  const { partnershipId, leadUserId } = commissioners;
  await trx
    .insertInto('contracts')
    .values(
      northmoorContracts.map((contract) => ({
        partnership_id: partnershipId,
        service_id: serviceId(contract.service),
        contract_type: contract.type,
        reference: contract.reference,
        starts_on: isoDaysFrom(today, contract.starts),
        ends_on: isoDaysFrom(today, contract.ends),
        bed_nights_purchased: contract.bedNightsPurchased,
        bed_nights_used: contract.bedNightsUsed,
        weekly_price_pence: contract.weeklyPrice * 100,
        requires_ndtms_reporting: contract.requirements.ndtms,
        requires_user_involvement: contract.requirements.userInvolvement,
        requires_feedback_surveys: contract.requirements.feedback,
        next_review_on: contract.review === null ? null : isoDaysFrom(today, contract.review),
        notes: contract.notes,
        created_by: leadUserId,
        created_at: new Date(`${isoDaysFrom(today, contract.starts - 14)}T10:00:00Z`),
      })),
    )
    .execute();

  for (const entry of northmoorPreferred) {
    const preferred = await trx
      .insertInto('preferred_services')
      .values({
        partnership_id: partnershipId,
        service_id: serviceId(entry.service),
        added_on: isoDaysFrom(today, -entry.addedDaysAgo),
        created_by: leadUserId,
        created_at: new Date(`${isoDaysFrom(today, -entry.addedDaysAgo)}T10:00:00Z`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('preferred_service_reviews')
      .values(
        entry.reviews.map((review) => ({
          partnership_id: partnershipId,
          preferred_service_id: preferred.id,
          reviewed_on: isoDaysFrom(today, -review.daysAgo),
          data_considered: review.data,
          service_user_feedback: review.feedback,
          visit_made: review.visit,
          decision: review.decision,
          decision_notes: review.notes,
          next_review_on: isoDaysFrom(today, 365 - review.daysAgo),
          created_by: leadUserId,
          created_at: new Date(`${isoDaysFrom(today, -review.daysAgo)}T15:00:00Z`),
        })),
      )
      .execute();
  }

  await trx
    .insertInto('service_notes')
    .values(
      northmoorNotes.map((note) => ({
        partnership_id: partnershipId,
        service_id: serviceId(note.service),
        note: note.note,
        created_by: leadUserId,
        created_at: new Date(`${isoDaysFrom(today, -note.daysAgo)}T11:30:00Z`),
      })),
    )
    .execute();
}
