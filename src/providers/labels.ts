import type {
  ContractType,
  PackAudience,
  PreferredDecision,
  RegulatorRating,
  ServiceKind,
  Specialism,
  TreatmentApproach,
} from '../platform/db/schema.js';
import type { Tag } from '../platform/web/tags.js';

/** One map per list: the words shown for each stored value, used on every page and export. */

export const serviceKindLabels: Record<ServiceKind, string> = {
  residential_rehab: 'Residential rehabilitation',
  inpatient_detox: 'Inpatient detox',
  second_stage: 'Second-stage or supported housing with treatment',
  crisis: 'Crisis service',
};

export const approachLabels: Record<TreatmentApproach, string> = {
  therapeutic_community: 'Therapeutic community',
  twelve_step: '12-step',
  faith_based: 'Faith-based',
  cognitive_behavioural: 'Cognitive-behavioural',
  other: 'Other approach',
};

export const specialismLabels: Record<Specialism, string> = {
  women_only: 'Women only',
  men_only: 'Men only',
  parents_with_children: 'Parents with their children',
  pregnant_women: 'Pregnant women',
  co_occurring_mental_health: 'Co-occurring mental health needs',
  liver_disease: 'Liver disease',
  alcohol_only: 'Alcohol only',
  drugs_only: 'Drugs only',
  leaving_prison: 'People leaving prison',
  lgbtq_plus: 'LGBTQ+ people',
  older_adults: 'Older adults',
  young_adults: 'Young adults (18 to 25)',
};

export const regulatorRatingTags: Record<RegulatorRating, Tag> = {
  outstanding: { text: 'Outstanding', classes: 'govuk-tag--green' },
  good: { text: 'Good', classes: 'govuk-tag--turquoise' },
  requires_improvement: { text: 'Requires improvement', classes: 'govuk-tag--yellow' },
  inadequate: { text: 'Inadequate', classes: 'govuk-tag--red' },
  not_rated: { text: 'Not yet rated', classes: 'govuk-tag--grey' },
};

/** Best first, so "rated good or better" filters can compare positions. */
export const ratingOrder: RegulatorRating[] = ['outstanding', 'good', 'requires_improvement', 'inadequate', 'not_rated'];

export const packAudienceLabels: Record<PackAudience, string> = {
  commissioners_and_referrers: 'For commissioners and referrers',
  before_admission: 'For the person, before admission',
  on_admission: 'For the person, on admission',
};

export const contractTypeLabels: Record<ContractType, string> = {
  spot: 'Spot purchase',
  block: 'Block contract',
};

export const preferredDecisionTags: Record<PreferredDecision, Tag> = {
  keep: { text: 'Keep as preferred', classes: 'govuk-tag--green' },
  keep_with_conditions: { text: 'Keep with conditions', classes: 'govuk-tag--yellow' },
  remove: { text: 'Remove from the list', classes: 'govuk-tag--red' },
};
