import { ageBands, ethnicityGroups, type FigureQualifier, figureQualifiers, mainSubstances, sexes, yesNoNotStated } from '../../platform/db/schema.js';
import { ageBandLabels, ethnicityLabels, sexLabels, substanceLabels, yesNoLabels } from '../../pathway/index.js';

/**
 * What published treatment statistics this service keeps: the measures, the groups a measure
 * can be broken down by (the same groups referrals record), and the qualifiers a publisher puts
 * on a figure.
 */

export const publishedMeasureKeys = ['adults_in_treatment', 'new_presentations', 'residential_rehab_starts', 'inpatient_detox_starts', 'successful_completions'] as const;
export type PublishedMeasure = (typeof publishedMeasureKeys)[number];

export interface PublishedMeasureDetails {
  key: PublishedMeasure;
  label: string;
  description: string;
}

/** The measures, in the order pages list them, for the dashboards and the import page. */
export const publishedMeasures: readonly PublishedMeasureDetails[] = [
  {
    key: 'adults_in_treatment',
    label: 'Adults in treatment',
    description: 'Adults in contact with drug and alcohol treatment services at any time in the period: the treatment population.',
  },
  {
    key: 'new_presentations',
    label: 'New presentations',
    description: 'Adults who started a new episode of treatment in the period (new entrants to treatment).',
  },
  {
    key: 'residential_rehab_starts',
    label: 'Residential rehabilitation starts',
    description: 'Adults in treatment who started a stay in residential rehabilitation in the period.',
  },
  {
    key: 'inpatient_detox_starts',
    label: 'Inpatient detox starts',
    description: 'Adults in treatment who started an inpatient detoxification or withdrawal unit stay in the period.',
  },
  {
    key: 'successful_completions',
    label: 'Successful completions',
    description: 'Adults who left treatment in the period free of dependence (completed drug-free, alcohol-free or as an occasional user).',
  },
];

export const publishedMeasureLabels = Object.fromEntries(publishedMeasures.map((measure) => [measure.key, measure.label])) as Record<PublishedMeasure, string>;

/** The groups a figure can be broken down by; 'all' is the figure for everyone. */
export const breakdownKeys = ['all', 'age_band', 'sex', 'ethnicity_group', 'disability', 'main_substance'] as const;
export type Breakdown = (typeof breakdownKeys)[number];

export interface BreakdownDetails {
  key: Breakdown;
  label: string;
  values: readonly string[];
  valueLabels: Record<string, string>;
}

const disabilityLabels = Object.fromEntries(yesNoNotStated.map((value) => [value, yesNoLabels[value] ?? value]));

export const breakdowns: readonly BreakdownDetails[] = [
  { key: 'all', label: 'All', values: ['all'], valueLabels: { all: 'All' } },
  { key: 'age_band', label: 'Age band', values: ageBands, valueLabels: ageBandLabels },
  { key: 'sex', label: 'Sex', values: sexes, valueLabels: sexLabels },
  { key: 'ethnicity_group', label: 'Ethnic group', values: ethnicityGroups, valueLabels: ethnicityLabels },
  { key: 'disability', label: 'Disability', values: yesNoNotStated, valueLabels: disabilityLabels },
  { key: 'main_substance', label: 'Main substance', values: mainSubstances, valueLabels: substanceLabels },
];

export const breakdownByKey = new Map<Breakdown, BreakdownDetails>(breakdowns.map((breakdown) => [breakdown.key, breakdown]));

/** "Age band: 25 to 34", or "All" for the figure for everyone. */
export function breakdownText(breakdown: string, value: string): string {
  const details = breakdownByKey.get(breakdown as Breakdown);
  if (!details || breakdown === 'all') return 'All';
  return `${details.label}: ${details.valueLabels[value] ?? value}`;
}

export const qualifierLabels: Record<FigureQualifier, string> = {
  suppressed: 'Suppressed',
  estimated: 'Estimated',
  provisional: 'Provisional',
  revised: 'Revised',
};

export { figureQualifiers };
