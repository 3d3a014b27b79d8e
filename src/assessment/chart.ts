import type { Rating } from '../platform/db/schema.js';
import { tagLabels } from '../platform/web/tags.js';
import { ratingTags } from './labels.js';

/**
 * The shapes of a stacked horizontal bar chart of agreed ratings per theme, worked out here so
 * the template only draws what it is given. Everything is an SVG attribute: the content security
 * policy forbids inline styles. Each rating has its own colour and its own pattern, every
 * segment carries its count, and the same figures always appear in a table beside the chart.
 */

export type ChartCategory = Rating | 'not_agreed';

export const chartCategories: readonly ChartCategory[] = ['in_place', 'partly', 'not_in_place', 'dont_know', 'not_applicable', 'not_agreed'];

export const categoryLabels: Record<ChartCategory, string> = { ...tagLabels(ratingTags), not_agreed: 'Not agreed yet' };

export interface PatternShape {
  element: 'rect' | 'line' | 'circle';
  attributes: Record<string, string | number>;
}

interface CategoryLook {
  /** The words for the pattern, used in the legend so the key does not rely on colour. */
  patternName: string;
  background: string;
  marks: PatternShape[];
  outline: string;
  dashed: boolean;
}

const ink = '#0b0c0c';

// GOV.UK colours, matching the rating tags; each pattern differs in shape as well as colour.
const looks: Record<ChartCategory, CategoryLook> = {
  in_place: { patternName: 'solid', background: '#00703c', marks: [], outline: '#ffffff', dashed: false },
  partly: {
    patternName: 'diagonal stripes',
    background: '#ffdd00',
    marks: [{ element: 'line', attributes: { x1: 0, y1: 8, x2: 8, y2: 0, stroke: ink, 'stroke-width': 1.5 } }],
    outline: '#ffffff',
    dashed: false,
  },
  not_in_place: {
    patternName: 'crossed lines',
    background: '#d4351c',
    marks: [
      { element: 'line', attributes: { x1: 0, y1: 4, x2: 8, y2: 4, stroke: '#ffffff', 'stroke-width': 1.5 } },
      { element: 'line', attributes: { x1: 4, y1: 0, x2: 4, y2: 8, stroke: '#ffffff', 'stroke-width': 1.5 } },
    ],
    outline: '#ffffff',
    dashed: false,
  },
  dont_know: {
    patternName: 'dots',
    background: '#b1b4b6',
    marks: [{ element: 'circle', attributes: { cx: 4, cy: 4, r: 1.5, fill: ink } }],
    outline: '#ffffff',
    dashed: false,
  },
  not_applicable: {
    patternName: 'horizontal lines',
    background: '#f3f2f1',
    marks: [{ element: 'line', attributes: { x1: 0, y1: 4, x2: 8, y2: 4, stroke: '#505a5f', 'stroke-width': 1.5 } }],
    outline: '#505a5f',
    dashed: false,
  },
  not_agreed: { patternName: 'white with a dashed border', background: '#ffffff', marks: [], outline: ink, dashed: true },
};

export interface ChartThemeInput {
  title: string;
  counts: Record<Rating, number>;
  notAgreed: number;
}

export interface ChartPattern {
  id: string;
  size: number;
  shapes: PatternShape[];
}

export interface ChartSegment {
  category: ChartCategory;
  label: string;
  count: number;
  x: number;
  width: number;
  fill: string;
  stroke: string;
  strokeDasharray: string | null;
  /** Whether the count is written inside the segment (only when the segment is wide enough to hold it). */
  labelled: boolean;
  /** The middle of the segment, where its count is written on a small white badge. */
  countX: number;
  badgeX: number;
  badgeWidth: number;
  /** For a tooltip: "Partly in place: 3 of 7". */
  describedAs: string;
}

export interface ChartRow {
  title: string;
  titleY: number;
  barY: number;
  countY: number;
  badgeY: number;
  total: number;
  totalText: string;
  totalX: number;
  segments: ChartSegment[];
}

export interface ChartLegendItem {
  category: ChartCategory;
  label: string;
  fill: string;
  stroke: string;
  strokeDasharray: string | null;
  patternName: string;
}

export interface RatingsChart {
  width: number;
  height: number;
  titleId: string;
  descriptionId: string;
  title: string;
  description: string;
  barHeight: number;
  badgeHeight: number;
  patterns: ChartPattern[];
  rows: ChartRow[];
  legend: ChartLegendItem[];
  /** True when no theme has any statement, so there is nothing to draw. */
  empty: boolean;
}

export const chartLayout = {
  width: 720,
  titleHeight: 24,
  barHeight: 32,
  rowGap: 20,
  /** Room to the right of the longest bar for "7 statements". */
  totalRoom: 110,
  patternSize: 8,
  badgeHeight: 22,
} as const;

/** Wide enough for the count's digits with a little room either side. */
const badgeWidth = (count: number) => 10 + 9 * String(count).length;

const round = (value: number) => Math.round(value * 100) / 100;

function patternId(idPrefix: string, category: ChartCategory) {
  return `${idPrefix}-pattern-${category.replace(/_/g, '-')}`;
}

function fillFor(idPrefix: string, category: ChartCategory) {
  return looks[category].marks.length ? `url(#${patternId(idPrefix, category)})` : looks[category].background;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function ratingsChart(themes: readonly ChartThemeInput[], options: { idPrefix: string; title: string }): RatingsChart {
  const { idPrefix } = options;
  const layout = chartLayout;
  const totals = themes.map((theme) => chartCategories.reduce((sum, category) => sum + countOf(theme, category), 0));
  const largest = Math.max(0, ...totals);
  const barRoom = layout.width - layout.totalRoom;
  const unit = largest > 0 ? barRoom / largest : 0;
  const rowHeight = layout.titleHeight + layout.barHeight + layout.rowGap;

  const rows: ChartRow[] = themes.map((theme, index) => {
    const top = index * rowHeight;
    const barY = top + layout.titleHeight;
    const total = totals[index] ?? 0;
    let x = 0;
    const segments: ChartSegment[] = [];
    for (const category of chartCategories) {
      const count = countOf(theme, category);
      if (count === 0) continue;
      const width = count * unit;
      segments.push({
        category,
        label: categoryLabels[category],
        count,
        x: round(x),
        width: round(width),
        fill: fillFor(idPrefix, category),
        stroke: looks[category].outline,
        strokeDasharray: looks[category].dashed ? '4 3' : null,
        labelled: width >= badgeWidth(count) + 4,
        countX: round(x + width / 2),
        badgeX: round(x + width / 2 - badgeWidth(count) / 2),
        badgeWidth: badgeWidth(count),
        describedAs: `${categoryLabels[category]}: ${count} of ${total}`,
      });
      x += width;
    }
    return {
      title: theme.title,
      titleY: top + layout.titleHeight - 6,
      barY,
      countY: barY + layout.barHeight / 2,
      badgeY: barY + (layout.barHeight - layout.badgeHeight) / 2,
      total,
      totalText: plural(total, 'statement'),
      totalX: round(x + 8),
      segments,
    };
  });

  const themeCount = plural(themes.length, 'theme');
  return {
    width: layout.width,
    height: Math.max(rowHeight * themes.length - layout.rowGap, 0),
    titleId: `${idPrefix}-title`,
    descriptionId: `${idPrefix}-description`,
    title: options.title,
    description:
      `A stacked bar for each of the ${themeCount}, split into the number of statements agreed as in place, partly in place, ` +
      'not in place, don’t know or not applicable, and the number not agreed yet. The table below the chart gives the same figures.',
    barHeight: layout.barHeight,
    badgeHeight: layout.badgeHeight,
    patterns: chartCategories
      .filter((category) => looks[category].marks.length)
      .map((category) => ({
        id: patternId(idPrefix, category),
        size: layout.patternSize,
        shapes: [
          { element: 'rect' as const, attributes: { width: layout.patternSize, height: layout.patternSize, fill: looks[category].background } },
          ...looks[category].marks,
        ],
      })),
    rows,
    legend: chartCategories.map((category) => ({
      category,
      label: categoryLabels[category],
      fill: fillFor(idPrefix, category),
      stroke: looks[category].outline === '#ffffff' ? ink : looks[category].outline,
      strokeDasharray: looks[category].dashed ? '4 3' : null,
      patternName: looks[category].patternName,
    })),
    empty: largest === 0,
  };
}

function countOf(theme: ChartThemeInput, category: ChartCategory): number {
  return category === 'not_agreed' ? theme.notAgreed : theme.counts[category];
}
