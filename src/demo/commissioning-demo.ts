import type { ContractType, PreferredDecision } from '../platform/db/schema.js';

// The demo partnership's commissioning ------------------------------------------------------------

export interface DemoContract {
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
export const northmoorContracts: DemoContract[] = [
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

export interface DemoReview {
  daysAgo: number;
  data: string;
  feedback: string;
  visit: boolean;
  decision: PreferredDecision;
  notes: string;
}

export const northmoorPreferred: Array<{ service: string; addedDaysAgo: number; reviews: DemoReview[] }> = [
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

export const northmoorNotes: Array<{ service: string; daysAgo: number; note: string }> = [
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
