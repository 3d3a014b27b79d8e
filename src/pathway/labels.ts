import type { ComplexityIndicator, DischargeOutcome, IdentifiedVia, ReferralReviewKind, ReferralStage } from '../platform/db/schema.js';
import type { Tag } from '../platform/web/tags.js';

/** One map per list: the words shown for each stored value, used on every page and export. */

export const stageTags: Record<ReferralStage, Tag> = {
  identified: { text: 'Identified', classes: 'govuk-tag--grey' },
  referred: { text: 'Referred', classes: 'govuk-tag--light-blue' },
  assessed: { text: 'Assessed', classes: 'govuk-tag--blue' },
  preparing: { text: 'Preparing', classes: 'govuk-tag--purple' },
  funding_requested: { text: 'Funding requested', classes: 'govuk-tag--orange' },
  funding_decided: { text: 'Funding decided', classes: 'govuk-tag--yellow' },
  waiting: { text: 'Waiting for admission', classes: 'govuk-tag--pink' },
  admitted: { text: 'Admitted', classes: 'govuk-tag--turquoise' },
  discharged: { text: 'Discharged', classes: 'govuk-tag--blue' },
  aftercare: { text: 'Aftercare', classes: 'govuk-tag--green' },
  closed: { text: 'Closed', classes: 'govuk-tag--grey' },
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--red' },
};

export const identifiedViaLabels: Record<IdentifiedVia, string> = {
  presentation: 'When they first came for treatment (comprehensive assessment)',
  care_plan_review: 'At a care-plan review',
  treatment_exit: 'When leaving community treatment',
  prison: 'From prison',
  hospital: 'From hospital',
  self_referral: 'They asked for it themselves',
  other: 'Another way',
};

export const complexityLabels: Record<ComplexityIndicator, string> = {
  physical_health: 'Serious physical health problems',
  mental_health: 'Mental health problems',
  unsafe_in_community: 'Not safe to stay in the community',
  community_treatment_not_worked: 'Community treatment has not worked',
  pregnant_or_parent: 'Pregnant, or a parent who needs support',
  homelessness: 'Homeless or at risk of homelessness',
  criminal_justice: 'Involved with the criminal justice system',
};

export const ageBandLabels: Record<string, string> = {
  '18-24': '18 to 24',
  '25-34': '25 to 34',
  '35-44': '35 to 44',
  '45-54': '45 to 54',
  '55-64': '55 to 64',
  '65+': '65 or over',
};

export const sexLabels: Record<string, string> = { female: 'Female', male: 'Male', other: 'Another way', not_stated: 'Not stated' };

export const ethnicityLabels: Record<string, string> = {
  asian: 'Asian or Asian British',
  black: 'Black, Black British, Caribbean or African',
  mixed: 'Mixed or multiple ethnic groups',
  white: 'White',
  other: 'Another ethnic group',
  not_stated: 'Not stated',
};

export const yesNoLabels: Record<string, string> = { yes: 'Yes', no: 'No', not_stated: 'Not stated', not_applicable: 'Does not apply' };

export const substanceLabels: Record<string, string> = { drugs: 'Drugs', alcohol: 'Alcohol', both: 'Drugs and alcohol' };

export const fundingRouteLabels: Record<string, string> = {
  standard: 'Standard route',
  fast_track_detox: 'Fast track for detox',
  extension: 'Extension of a placement',
  other_route: 'Another agreed route',
};

export const fundingDeciderLabels: Record<string, string> = { panel: 'Funding panel', delegated_officer: 'Delegated officer' };

export const dischargeOutcomeLabels: Record<DischargeOutcome, string> = {
  completed: 'Completed as planned',
  left_early: 'Left early (their choice)',
  asked_to_leave: 'Asked to leave by the service',
  transferred: 'Transferred to another service',
  other: 'Another reason',
};

/** Unplanned endings need a risk assessment and prompt word to the referrer (overdose risk is high). */
export const unplannedOutcomes: ReadonlySet<DischargeOutcome> = new Set(['left_early', 'asked_to_leave']);

/**
 * NDTMS discharge reason codes for exports (residential modality). Our outcomes are broader,
 * so each maps to the nearest code; "completed" is refined by main substance on export.
 */
export const ndtmsDischargeCodes: Record<DischargeOutcome, { code: string; exitStatus: 'A' | 'B' | 'C' }> = {
  completed: { code: '80', exitStatus: 'A' },
  transferred: { code: '83', exitStatus: 'A' },
  left_early: { code: '85', exitStatus: 'B' },
  asked_to_leave: { code: '86', exitStatus: 'C' },
  other: { code: '85', exitStatus: 'B' },
};

export const reviewKindLabels: Record<ReferralReviewKind, string> = {
  care_plan: 'Care-plan review',
  risk: 'Risk review',
  follow_up_3_months: 'Follow-up at 3 months',
  follow_up_6_months: 'Follow-up at 6 months',
  follow_up_12_months: 'Follow-up at 12 months',
};
