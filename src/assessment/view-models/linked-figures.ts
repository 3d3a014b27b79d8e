import { evidenceMeasure, type FigureMovement, figureMovement, thresholdText, valueText } from '../../insight/index.js';
import { longDate } from '../../platform/values/calendar.js';
import type { Tag } from '../../platform/web/tags.js';
import { ratingTags } from '../labels.js';
import type { LinkedFigure, LinkedFigures } from '../linked-figures.js';
import type { TemplateTheme } from '../repository.js';

/** What a page shows of a statement's linked figures: each one in words, and the rating they suggest. */

export interface LinkedFigureView {
  label: string;
  description: string;
  value: string;
  period: string;
  base: string;
  detail: string | null;
  trend: string | null;
  comparisons: string | null;
  thresholds: string;
  suggestion: Tag | null;
  /** Why no rating is suggested, when none is. */
  noSuggestion: string | null;
}

export interface LinkedFiguresView {
  figures: LinkedFigureView[];
  suggestion: Tag | null;
  calculatedOn: string | null;
}

function periodText(from: string, to: string): string {
  return `${longDate(from)} to ${longDate(to)}`;
}

export function linkedFiguresView(linked: LinkedFigures): LinkedFiguresView {
  const figures = linked.figures.map(({ measure, thresholds, figure, suggestion }): LinkedFigureView => {
    const details = evidenceMeasure(measure);
    const trend = figure.trend.filter((point) => point.value !== null);
    return {
      label: details.label,
      description: details.description,
      value: valueText(figure.value, details.unit),
      period: periodText(figure.from, figure.to),
      base: figure.base === 1 ? 'Based on 1 person' : `Based on ${figure.base.toLocaleString('en-GB')} people`,
      detail: figure.detail,
      trend: trend.length ? figure.trend.map((point) => `${point.label}: ${valueText(point.value, details.unit)}`).join('; ') : null,
      comparisons: figure.comparisons.length ? figure.comparisons.map((comparison) => `${comparison.name}: ${valueText(comparison.value, details.unit)}`).join('; ') : null,
      thresholds: `In place: ${thresholdText(thresholds.inPlace, details.unit, details.better)}; partly: ${thresholdText(thresholds.partly, details.unit, details.better)}`,
      suggestion: suggestion ? ratingTags[suggestion] : null,
      noSuggestion: suggestion ? null : figure.value === null ? 'No figure yet, so no rating is suggested.' : 'Too few people to suggest a rating from this figure.',
    };
  });
  const first = linked.figures[0]?.figure.calculatedAt ?? null;
  return { figures, suggestion: linked.suggestion ? ratingTags[linked.suggestion] : null, calculatedOn: first ? longDate(first.slice(0, 10)) : null };
}

/** One line per frozen figure, for pages that list many answers: "Days to funding decision: 25.5 days (1 January 2026 to 20 November 2026, based on 12 people)". */
export function figureLines(view: LinkedFiguresView): string[] {
  return view.figures.map((figure) => `${figure.label}: ${figure.value} (${figure.period}, ${figure.base.charAt(0).toLowerCase()}${figure.base.slice(1)})`);
}

export const movementTags: Record<FigureMovement, Tag> = {
  better: { text: 'Better', classes: 'govuk-tag--green' },
  same: { text: 'About the same', classes: 'govuk-tag--grey' },
  worse: { text: 'Worse', classes: 'govuk-tag--red' },
  not_comparable: { text: 'Cannot compare', classes: 'govuk-tag--grey' },
};

export interface FigureBetweenRounds {
  key: string;
  label: string;
  then: string;
  now: string;
  nowIsLive: boolean;
  movement: Tag;
}

/**
 * For each theme, each linked figure as it stood when the earlier round agreed the statement and
 * as it stands now (frozen with this round's answer, or live until it is agreed), and whether it
 * moved the right way: the board's check that agreed actions moved the numbers.
 */
export function figuresBetweenRounds(
  themes: readonly TemplateTheme[],
  then: ReadonlyMap<string, readonly LinkedFigure[]>,
  frozenNow: ReadonlyMap<string, readonly LinkedFigure[]>,
  liveNow: ReadonlyMap<string, LinkedFigures>,
): Array<{ title: string; rows: FigureBetweenRounds[]; counts: Record<FigureMovement, number> }> {
  return themes
    .map((theme) => {
      const counts: Record<FigureMovement, number> = { better: 0, same: 0, worse: 0, not_comparable: 0 };
      const rows = theme.statements.flatMap((statement) =>
        statement.measures.map((link) => {
          const details = evidenceMeasure(link.measure);
          const before = then.get(statement.key)?.find((figure) => figure.measure === link.measure)?.figure.value ?? null;
          const frozen = frozenNow.get(statement.key)?.find((figure) => figure.measure === link.measure);
          const current = frozen ?? liveNow.get(statement.id)?.figures.find((figure) => figure.measure === link.measure);
          const now = current?.figure.value ?? null;
          const movement = figureMovement(before, now, details.better);
          counts[movement] += 1;
          return {
            key: statement.key,
            label: details.label,
            then: before === null ? 'No figure kept' : valueText(before, details.unit),
            now: valueText(now, details.unit),
            nowIsLive: !frozen,
            movement: movementTags[movement],
          };
        }),
      );
      return { title: theme.title, rows, counts };
    })
    .filter((theme) => theme.rows.length);
}
