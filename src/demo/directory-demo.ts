import type { Region } from '../accounts/index.js';
import type { PackAudience, RegulatorRating, ServiceKind, Specialism, TreatmentApproach } from '../platform/db/schema.js';
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

/** A provider's invented web address, from its name. */
export const demoWebsite = (name: string) => `https://${slug(name)}.example`;

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
