import {
  disclosureThreshold,
  equalityDimensions,
  equalityGroupValues,
  groupsOf,
  overallOf,
  type PathwayMeasures,
  showCount,
  showGroups,
  showRate,
} from '../insight/index.js';

/**
 * The partnership's figures as the API gives them. Whatever the API returns leaves the
 * partnership, so every count and rate goes through insight's disclosure rule for a shared
 * audience: counts of 1 to 4 hidden, rates built on them withheld, and in each breakdown a second
 * count hidden where one hidden count could be worked out from the total.
 */

type FigureGroups = Parameters<typeof overallOf>[0];

function wait(distribution: PathwayMeasures['daysToFundingDecision']) {
  const cases = showCount(distribution.count, 'shared');
  // The middle value of one to four cases is near enough one person's wait: hidden with them.
  return { cases, medianDays: cases.kind === 'count' && distribution.count > 0 ? distribution.median : null };
}

export function figuresOut(groups: FigureGroups, query: { from: string; to: string; basis: 'referral' | 'admission' }) {
  const overall = overallOf(groups);
  const rate = (value: { numerator: number; denominator: number }) => showRate(value.numerator, value.denominator, 'shared');
  return {
    ...query,
    disclosureThreshold,
    overall: {
      people: showCount(overall.people, 'shared'),
      admitted: showCount(overall.admitted, 'shared'),
      discharged: showCount(overall.discharged, 'shared'),
      completion: rate(overall.completion),
      earlyDropOut: rate(overall.earlyDropOut),
      aftercareBeforeAdmission: rate(overall.aftercareBeforeAdmission),
      daysToFundingDecision: wait(overall.daysToFundingDecision),
      daysToAdmission: wait(overall.daysToAdmission),
    },
    byGroup: equalityDimensions.map((dimension) => {
      const found = groupsOf(groups, dimension, equalityGroupValues[dimension]);
      const shown = showGroups(
        found.map((group) => group.measures.people),
        'shared',
      );
      return { dimension, groups: found.map((group, index) => ({ value: group.key, people: shown[index] ?? { kind: 'suppressed' as const, reason: 'secondary' as const } })) };
    }),
  };
}
