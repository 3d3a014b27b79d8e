import type { FormErrors } from '../../platform/web/forms.js';
import { formatDate } from '../../platform/web/dates.js';
import { paginationLinks } from '../../platform/web/pagination.js';
import { ageBandLabels, stageTags, substanceLabels } from '../labels.js';
import { pathwayPaths as paths } from '../paths.js';
import type * as repository from '../repository.js';
import { flags } from '../rules/safety-flags.js';
import { currentStageDate, stageOrder } from '../rules/stages.js';

/** The list of referrals for its template: one row a referral, the stage filter and the pages. */

export const referralPageSize = 25;

/** The list's address for a page, keeping the filter. */
export function referralListHref(filter: repository.ReferralFilter, number: number): string {
  const params = new URLSearchParams();
  if (filter.stage) params.set('stage', filter.stage);
  if (filter.search) params.set('q', filter.search);
  if (number > 1) params.set('page', String(number));
  const text = params.toString();
  return `${paths.referrals()}${text ? `?${text}` : ''}`;
}

export interface ReferralListing {
  rows: Awaited<ReturnType<typeof repository.listReferrals>>['rows'];
  total: number;
  page: number;
  filter: repository.ReferralFilter;
  /** What was asked for, as typed, and the problems with it if it could not be read. */
  values: Record<string, unknown>;
  errors?: FormErrors;
  canMove: boolean;
  now: Date;
  fundingDecisionTargetDays: number;
}

export function referralListPage({ rows, total, page, filter, values, errors, canMove, now, fundingDecisionTargetDays }: ReferralListing) {
  const selectedStage = typeof values.stage === 'string' ? values.stage : '';
  return {
    pageTitle: 'Referrals',
    canMove,
    referrals: rows.map((row) => {
      const since = currentStageDate(row);
      // Only what the table shows: a copy of every column read for the flags cost more than the rest of the row's work.
      return {
        local_reference: row.local_reference,
        href: paths.referral(row.id),
        stageTag: stageTags[row.stage],
        since: formatDate(since.date),
        substance: substanceLabels[row.main_substance],
        ageBand: ageBandLabels[row.age_band],
        flagCount: flags(row, now, { fundingDecisionTargetDays }).length,
      };
    }),
    total,
    filtered: Boolean(filter.stage || filter.search),
    firstShown: total ? (page - 1) * referralPageSize + 1 : 0,
    lastShown: Math.min(total, page * referralPageSize),
    stageOptions: [{ value: '', text: 'Any stage' }, ...stageOrder.map((stage) => ({ value: stage, text: stageTags[stage].text, selected: stage === selectedStage }))],
    values,
    pagination: paginationLinks(page, referralPageSize, total, (number: number) => referralListHref(filter, number)),
    ...(errors ? { errors } : {}),
    paths,
  };
}
