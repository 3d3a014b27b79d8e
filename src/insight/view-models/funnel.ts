import type { ReferralStage } from '../../platform/db/schema.js';
import { type Chart, stageFunnelChart } from '../charts/index.js';
import { type FunnelStage, funnelStageLabels, funnelStages, funnelSteps } from '../dashboard-rules.js';
import type { FunnelCounts, FunnelGroup, WithdrawalReason } from '../funnel-figures.js';
import { withdrawableStages } from '../funnel-figures.js';
import { type EqualityDimension, equalityDimensions, equalityGroupValues, rate } from '../measures.js';
import type { FigureTable } from './dashboard.js';
import { dimensionWords } from './dashboard.js';
import type { FigureText } from './figure-text.js';

/**
 * The pathway funnel page: how many of the people identified in the period reached each
 * stage, where the others left the pathway and why, and the same by equality group.
 */

const stageWords: Partial<Record<ReferralStage, string>> = {
  identified: 'After being identified, before referral',
  referred: 'After referral, before assessment',
  assessed: 'After assessment',
  preparing: 'While preparing for treatment',
  funding_requested: 'While waiting for a funding decision',
  funding_decided: 'After the funding decision',
  waiting: 'While waiting for a place',
};

const emptyCounts: FunnelCounts = {
  reached: Object.fromEntries(funnelStages.map((stage) => [stage, 0])) as Record<FunnelStage, number>,
  notEligible: 0,
  fundingDeclined: 0,
  withdrawn: 0,
  withdrawnFrom: {},
};

export function everyoneOf(groups: readonly FunnelGroup[]): FunnelCounts {
  return groups.find((group) => group.grouping === 'all')?.counts ?? emptyCounts;
}

export function stagesTable(counts: FunnelCounts, text: FigureText): FigureTable {
  return {
    key: 'stages',
    caption: 'How many people reached each stage',
    head: ['Stage', 'People', 'Of the stage before', 'Of everyone identified'],
    rows: funnelSteps(counts.reached).map((step) => [
      funnelStageLabels[step.stage],
      text.count(step.reached),
      step.fromPrevious ? text.percent(step.fromPrevious) : '',
      text.percent(step.fromStart),
    ]),
  };
}

export function leftTable(counts: FunnelCounts, text: FigureText): FigureTable {
  const withdrawnCounts = withdrawableStages.map((stage) => counts.withdrawnFrom[stage] ?? 0);
  // When the total is itself hidden, nothing can be worked out from it.
  const shown = text.counts(withdrawnCounts, { totalShown: text.count(counts.withdrawn) === counts.withdrawn.toLocaleString('en-GB') });
  return {
    key: 'left',
    caption: 'Where people left the pathway',
    head: ['When', 'People'],
    rows: [
      ...withdrawableStages.map((stage, index) => [`Withdrawn: ${(stageWords[stage] ?? stage).toLowerCase()}`, shown[index] as string]),
      ['All withdrawn', text.count(counts.withdrawn)],
      ['Found not eligible at assessment', text.count(counts.notEligible)],
      ['Funding declined', text.count(counts.fundingDeclined)],
    ],
  };
}

export function reasonsTable(reasons: readonly WithdrawalReason[]): FigureTable {
  return {
    key: 'reasons',
    caption: 'Why people were withdrawn, as recorded (most common first)',
    head: ['Reason', 'Stage', 'People'],
    rows: reasons.map((reason) => [reason.reason, stageWords[reason.stage] ?? reason.stage, reason.people.toLocaleString('en-GB')]),
  };
}

export function equalityFunnelTable(groups: readonly FunnelGroup[], dimension: EqualityDimension, text: FigureText): FigureTable {
  const words = dimensionWords[dimension];
  const byKey = new Map(groups.filter((group) => group.grouping === dimension).map((group) => [group.key, group.counts]));
  const keys = [...equalityGroupValues[dimension], ...[...byKey.keys()].filter((key) => !equalityGroupValues[dimension].includes(key))];
  const rows = keys.map((key) => ({ key, counts: byKey.get(key) ?? emptyCounts }));
  const identified = text.counts(rows.map((row) => row.counts.reached.identified));
  const admitted = text.counts(rows.map((row) => row.counts.reached.admitted));
  const withdrawn = text.counts(rows.map((row) => row.counts.withdrawn));
  const shownNumber = (value: string) => /^\d/.test(value);
  return {
    key: `equality-${dimension.replace(/_/g, '-')}`,
    caption: `The funnel ${words.caption.toLowerCase()}`,
    head: [words.column, 'Identified', 'Admitted', 'Admitted, of those identified', 'Withdrawn'],
    rows: rows.map((row, index) => [
      words.labels[row.key] ?? row.key,
      identified[index] as string,
      admitted[index] as string,
      shownNumber(identified[index] as string) && shownNumber(admitted[index] as string)
        ? text.percent(rate(row.counts.reached.admitted, row.counts.reached.identified))
        : 'withheld',
      withdrawn[index] as string,
    ]),
  };
}

export function equalityFunnelTables(groups: readonly FunnelGroup[], text: FigureText): FigureTable[] {
  return equalityDimensions.map((dimension) => equalityFunnelTable(groups, dimension, text));
}

export function funnelChart(counts: FunnelCounts, text: FigureText): Chart | null {
  if (counts.reached.identified === 0) return null;
  // A chart cannot say "fewer than 5": for an audience outside the partnership it is drawn only when no stage is that small.
  if (text.audience === 'shared' && funnelStages.some((stage) => counts.reached[stage] > 0 && counts.reached[stage] < 5)) return null;
  return stageFunnelChart({
    id: 'funnel-chart',
    title: 'The pathway funnel',
    description: `How many of the ${counts.reached.identified.toLocaleString('en-GB')} people identified reached each stage, with the share of the stage before.`,
    stages: funnelStages.map((stage) => ({ label: funnelStageLabels[stage], count: counts.reached[stage] })),
    format: 'number',
  });
}
