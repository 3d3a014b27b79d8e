import { formatDate } from '../../platform/web/dates.js';
import { reviewKindLabels } from '../labels.js';
import { pathwayPaths as paths, referralPaths } from '../paths.js';
import type * as repository from '../repository.js';

/** The record's smaller pages: marking a review done, and the records that clear a safety flag. */

type Values = Record<string, unknown>;

export const reviewDonePage = (loaded: { referral: repository.Referral; review: repository.Review }, values: Values, extra: Values = {}) => ({
  pageTitle: `Record the ${reviewKindLabels[loaded.review.kind].toLowerCase()} as done`,
  referral: loaded.referral,
  review: { ...loaded.review, kindText: reviewKindLabels[loaded.review.kind], due: formatDate(loaded.review.due_on) },
  values,
  paths,
  referralPaths,
  ...extra,
});

export const aftercarePlanPage = (loaded: { referral: repository.Referral }, values: Values, extra: Values = {}) => ({
  pageTitle: 'Record the agreed aftercare plan',
  referral: loaded.referral,
  values,
  paths,
  referralPaths,
  ...extra,
});

export const referrerToldPage = (loaded: { referral: repository.Referral }, values: Values, extra: Values = {}) => ({
  pageTitle: 'Record when the referrer was told',
  referral: loaded.referral,
  dischargedOn: loaded.referral.discharged_on ? formatDate(loaded.referral.discharged_on) : null,
  values,
  paths,
  referralPaths,
  ...extra,
});
