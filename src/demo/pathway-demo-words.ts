import type { IdentifiedVia } from '../platform/db/schema.js';

// The words the demo records use --------------------------------------------------------------------------------------------

export const referringServices: Record<IdentifiedVia, string[]> = {
  presentation: ['Northmoor Community Recovery Service (demo)', 'Northmoor Women’s Recovery Hub (demo)'],
  care_plan_review: ['Northmoor Community Recovery Service (demo)', 'Northmoor Shared Care (demo)', 'Northmoor Women’s Recovery Hub (demo)'],
  treatment_exit: ['Northmoor Community Recovery Service (demo)'],
  prison: ['HMP Northmoor treatment team (demo)'],
  hospital: ['Northmoor Hospitals Trust alcohol care team (demo)'],
  self_referral: ['Northmoor Community Recovery Service (demo)'],
  other: ['Northmoor Housing Trust outreach team (demo)', 'Northmoor Probation Delivery Unit (demo)'],
};

export const keyworkerRoles: Record<IdentifiedVia, string[]> = {
  presentation: ['Recovery worker, drugs team', 'Recovery worker, alcohol team', 'Women’s team keyworker'],
  care_plan_review: ['Care coordinator, drugs team', 'Recovery worker, alcohol team', 'Shared care nurse', 'Women’s team keyworker'],
  treatment_exit: ['Care coordinator, drugs team'],
  prison: ['Prison healthcare substance misuse worker', 'Criminal justice team keyworker'],
  hospital: ['Alcohol liaison nurse'],
  self_referral: ['Duty worker, community recovery service'],
  other: ['Housing outreach worker', 'Probation drug and alcohol lead'],
};

export const eligibleReasons = [
  'Several community treatment attempts have not lasted; housing is at risk.',
  'Needs a safe place away from current contacts to stop using.',
  'Liver function getting worse; medically managed detox then rehab advised.',
  'Repeated hospital admissions; community detox not safe at home.',
  'Leaving custody with no stable address; high risk of overdose on release.',
];
export const notEligibleReasons = [
  'Needs can be met safely with more intensive community support for now.',
  'Physical health needs nursing care the services cannot provide; referred to the hospital team.',
  'Not ready to stop using; agreed to look again at the next care-plan review.',
];
export const declineReasons = ['Panel asked for 8 weeks of stability in community treatment first.', 'Out-of-area placement not agreed; a local service was offered instead.'];
export const contactNotes = [
  'Phoned to check in; still keen to go.',
  'Met at the community hub; attending groups.',
  'Text reminder about the visit to the service.',
  'Keyworker visit; detox plan confirmed.',
  'Missed an appointment; reached by phone the next day.',
];
export const stayReviewNotes = ['Settling in; taking part in groups.', 'Care plan updated; family contact agreed.', 'Risk reviewed: no new concerns.', 'Cravings discussed; relapse prevention plan updated.'];
export const followUpNotes = ['Still abstinent; going to mutual aid.', 'Lapsed once; back in touch with the community team.', 'In a work placement and doing well.', 'Could not be reached after 3 tries.'];
export const riskSummaries: Record<'left_early' | 'asked_to_leave', string[]> = {
  left_early: [
    'Left after a disagreement with another resident. Overdose risk explained; naloxone given; community team asked to see them within 24 hours.',
    'Left during the first week saying they missed home. Risk assessed before leaving; naloxone given; family aware.',
  ],
  asked_to_leave: ['Asked to leave after using on site. Risk assessment done before leaving; naloxone given; taxi to a family address arranged.'],
};
export const noAftercareReasons = [
  'Urgent admission from hospital; aftercare plan to be agreed in the first week.',
  'Bed came up at short notice; community team to agree the plan during the stay.',
];
