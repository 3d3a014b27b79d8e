import { selectItems } from '../platform/web/choice-items.js';

/** The kinds of organisation a self-assessment should hear from. Required ones are expected in every round. */
export const partnerTypes = [
  { value: 'commissioner', label: 'Commissioner (including adult social care)', required: true },
  { value: 'community_treatment', label: 'Community drug and alcohol treatment provider', required: true },
  { value: 'prison_treatment', label: 'Prison drug and alcohol treatment provider', required: true },
  { value: 'residential_provider', label: 'Residential treatment provider', required: true },
  { value: 'homelessness', label: 'Homelessness support service', required: true },
  { value: 'acute_nhs', label: 'Acute NHS trust', required: true },
  { value: 'primary_care', label: 'Specialist primary care provider', required: true },
  { value: 'criminal_justice', label: 'Criminal justice partner', required: true },
  { value: 'children_families', label: 'Local authority children and families’ services', required: true },
  { value: 'lived_experience', label: 'Lived experience group or organisation', required: true },
  { value: 'jobcentre_plus', label: 'Jobcentre Plus', required: true },
  { value: 'ndtms_team', label: 'National Drug Treatment Monitoring System (NDTMS) team', required: false },
  { value: 'regional_ohid', label: 'Regional OHID drug and alcohol team', required: false },
  { value: 'other', label: 'Other organisation', required: false },
] as const;

export type PartnerType = (typeof partnerTypes)[number]['value'];
export const partnerTypeValues = partnerTypes.map((type) => type.value) as [PartnerType, ...PartnerType[]];

export function partnerTypeLabel(value: string | null | undefined): string {
  return partnerTypes.find((type) => type.value === value)?.label ?? '';
}

/** The select box of partner types, on the invitation, membership and participant forms. */
export function partnerTypeOptions(selected: unknown) {
  return selectItems(
    partnerTypes.map((type) => ({ value: type.value, text: type.label })),
    selected,
    'Select a partner type',
  );
}
