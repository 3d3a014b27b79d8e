import { type ChartFormat, chartFormat } from './format.js';
import { type Chart, type ChartWords, lineHeight, palette, renderChart, secondaryTextColour, textColour, textWidth, wrappedWidth } from './render.js';
import { plot } from './modules.js';

export interface Stage {
  /** Like "Referred for residential treatment". */
  label: string;
  count: number;
}

export interface StageFunnelChartOptions extends ChartWords {
  /** In pathway order, first stage first. */
  stages: readonly Stage[];
  format: ChartFormat;
}

/** "80% of previous", or null for the first stage and after a stage with no one at it. */
export function conversionText(stages: readonly Stage[], index: number): string | null {
  const previous = index > 0 ? stages[index - 1] : undefined;
  const stage = stages[index];
  if (!previous || !stage || previous.count <= 0) return null;
  return `${chartFormat('percent')((stage.count / previous.count) * 100)} of previous`;
}

const stageLabelEms = 11;
const barRowHeight = 3 * lineHeight + 8;

/**
 * One horizontal bar per stage, in order, with its count at the bar's end and, under the count,
 * how many of the previous stage reached it ("80% of previous").
 */
export function stageFunnelChart({ id, title, description, stages, format }: StageFunnelChartOptions): Chart {
  if (stages.length === 0) throw new Error('A stage funnel needs at least one stage.');
  const label = chartFormat(format);
  const rows = stages.map((stage, index) => ({ ...stage, countText: label(stage.count), conversion: conversionText(stages, index) }));
  const conversions = rows.filter((row) => row.conversion !== null);
  const alone = rows.filter((row) => row.conversion === null);

  const marginLeft = Math.min(wrappedWidth(stageLabelEms), Math.max(...stages.map((stage) => textWidth(stage.label)))) + 16;
  const marginRight = Math.max(...rows.flatMap((row) => [row.countText, row.conversion ?? ''].map(textWidth))) + 16;
  const largest = Math.max(1, ...stages.map((stage) => stage.count));

  return renderChart({
    words: { id, title, description },
    plot: {
      height: stages.length * barRowHeight + 16,
      marginTop: 8,
      marginBottom: 8,
      marginLeft,
      marginRight,
      x: { domain: [0, largest], axis: null },
      y: { type: 'band', domain: stages.map((stage) => stage.label), padding: 0.2, axis: null },
      marks: [
        plot().barX(rows, { x: 'count', y: 'label', fill: palette[0] }),
        plot().ruleX([0], { stroke: textColour }),
        plot().axisY({ tickSize: 0, label: null, lineWidth: stageLabelEms, textAnchor: 'end', tickPadding: 10, fill: textColour }),
        // A count with a conversion under it sits just above the bar's middle; one without, on it.
        plot().text(conversions, { x: 'count', y: 'label', text: 'countText', textAnchor: 'start', lineAnchor: 'bottom', dx: 8, dy: -2, fill: textColour, fontWeight: 'bold' }),
        plot().text(alone, { x: 'count', y: 'label', text: 'countText', textAnchor: 'start', dx: 8, fill: textColour, fontWeight: 'bold' }),
        plot().text(conversions, { x: 'count', y: 'label', text: 'conversion', textAnchor: 'start', lineAnchor: 'top', dx: 8, dy: 2, fill: secondaryTextColour }),
      ],
    },
  });
}
