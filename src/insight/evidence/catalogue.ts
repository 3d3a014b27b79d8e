import type { PeriodBasis } from '../measures.js';

/**
 * The figures a self-assessment statement or an action can be linked to: each one a single
 * number the partnership's own records (and, for access, its published figures) can give, with
 * the direction that counts as better, so that a threshold can suggest a rating and a target
 * can be judged on track or not.
 */

export const evidenceMeasureKeys = [
  'access_rate',
  'days_to_funding_decision',
  'funding_decisions_within_target',
  'days_to_admission',
  'completion',
  'early_drop_out',
  'stayed_ninety_days',
  'referrer_told_within_24_hours',
  'aftercare_before_admission',
  'fair_access_gap',
  'substance_access_gap',
] as const;
export type EvidenceMeasureKey = (typeof evidenceMeasureKeys)[number];

export type EvidenceUnit = 'percent' | 'days' | 'points';

export interface EvidenceMeasure {
  key: EvidenceMeasureKey;
  label: string;
  /** What the number is, in one sentence a board member would follow. */
  description: string;
  unit: EvidenceUnit;
  better: 'higher' | 'lower';
  /** Which date puts a referral in the period. */
  basis: PeriodBasis;
}

export const evidenceMeasures: readonly EvidenceMeasure[] = [
  {
    key: 'access_rate',
    label: 'Residential access rate',
    description: 'Residential starts in the period as a percentage of the adults in treatment in the area (published figures). The national ambition is 2%.',
    unit: 'percent',
    better: 'higher',
    basis: 'admission',
  },
  {
    key: 'days_to_funding_decision',
    label: 'Days to funding decision',
    description: 'The median number of calendar days (weekends included) from referral to the funding decision, for people referred in the period.',
    unit: 'days',
    better: 'lower',
    basis: 'referral',
  },
  {
    key: 'funding_decisions_within_target',
    label: 'Funding decisions made within the target',
    description:
      'The percentage of funding decisions, for people referred in the period, made within the partnership’s target: working days from the request to the decision, the same clock as the target and the work queue.',
    unit: 'percent',
    better: 'higher',
    basis: 'referral',
  },
  {
    key: 'days_to_admission',
    label: 'Days from referral to admission',
    description: 'The median number of calendar days from referral to admission, for people referred in the period.',
    unit: 'days',
    better: 'lower',
    basis: 'referral',
  },
  {
    key: 'completion',
    label: 'Completed stays',
    description: 'The percentage of stays that ended in the period, for people admitted in it, that ended as planned (completed).',
    unit: 'percent',
    better: 'higher',
    basis: 'admission',
  },
  {
    key: 'early_drop_out',
    label: 'Early drop-out',
    description: 'The percentage of people admitted in the period who left unplanned within the first 28 days.',
    unit: 'percent',
    better: 'lower',
    basis: 'admission',
  },
  {
    key: 'stayed_ninety_days',
    label: 'Stayed at least 90 days',
    description: 'The percentage of people admitted in the period who stayed at least 90 days (or are still there after 90 days).',
    unit: 'percent',
    better: 'higher',
    basis: 'admission',
  },
  {
    key: 'referrer_told_within_24_hours',
    label: 'Referrer told within 24 hours of an unplanned discharge',
    description: 'The percentage of unplanned discharges where the referrer was told by the end of the next day.',
    unit: 'percent',
    better: 'higher',
    basis: 'admission',
  },
  {
    key: 'aftercare_before_admission',
    label: 'Aftercare agreed before admission',
    description: 'The percentage of people admitted in the period whose aftercare plan was agreed on or before the day they were admitted.',
    unit: 'percent',
    better: 'higher',
    basis: 'admission',
  },
  {
    key: 'fair_access_gap',
    label: 'Largest fair-access gap',
    description:
      'The widest gap, in percentage points, between a group’s share of residential starts and its share of adults in treatment, across age, sex, ethnicity, disability and main substance.',
    unit: 'points',
    better: 'lower',
    basis: 'admission',
  },
  {
    key: 'substance_access_gap',
    label: 'Fair-access gap by main substance',
    description:
      'The widest gap, in percentage points, between a main substance group’s share of residential starts (for example alcohol) and its share of adults in treatment.',
    unit: 'points',
    better: 'lower',
    basis: 'admission',
  },
];

const byKey = new Map(evidenceMeasures.map((measure) => [measure.key, measure]));

export function evidenceMeasure(key: EvidenceMeasureKey): EvidenceMeasure {
  return byKey.get(key) as EvidenceMeasure;
}

export function isEvidenceMeasureKey(key: string): key is EvidenceMeasureKey {
  return byKey.has(key as EvidenceMeasureKey);
}
