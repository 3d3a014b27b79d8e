import { type Chart, disclosureThreshold, funnelPlotChart, funnelPosition } from '../../insight/index.js';
import { ambition, ambitionFunnel, ambitionName, type AreaFigures, funnelWords, type LeagueRow, leagueTable, percentText } from '../league-rules.js';
import type { RegionalTable } from './tables.js';

/** The league table, the funnel plot with its table, and the side-by-side comparison, for one scope and year. */

export interface LeagueModel {
  rows: LeagueRow[];
  table: RegionalTable;
  funnelTable: RegionalTable;
  chart: Chart | null;
  /** Why there is no chart, when there is none. */
  nothingToPlot: string | null;
}

export function leagueModel(areas: readonly AreaFigures[], scopeName: string, yearLabel: string): LeagueModel {
  const rows = leagueTable(areas);
  const table: RegionalTable = {
    key: 'league',
    caption: `Residential access in ${scopeName}, ${yearLabel}: partnerships that share their figures, highest access first`,
    head: ['Place', 'Partnership', 'Residential starts', 'Adults in treatment', 'Access rate', '95% interval', `Against ${ambitionName}`, 'Starts against local target', 'Median days to funding decision', 'Completed as planned', 'Dropped out early'],
    rows: rows.map((row) => [
      row.rank === null ? '–' : String(row.rank),
      row.area.name,
      row.startsText,
      row.adultsText,
      row.rateText,
      row.intervalText,
      row.judgement,
      row.targetText,
      row.decisionText,
      row.completionText,
      row.earlyDropOutText,
    ]),
    numeric: [true, false, true, true, true, true, false, true, true, true, true],
  };

  const plotted = rows.filter((row) => row.status === 'shown' && row.area.adults !== null);
  const maxTrials = Math.max(0, ...plotted.map((row) => row.area.adults as number));
  const curve = maxTrials >= 2 ? ambitionFunnel(maxTrials) : [];
  const points = plotted.map((row) => ({ label: row.area.name, trials: row.area.adults as number, proportion: (row.proportion as number) * 100 }));
  const funnelTable: RegionalTable = {
    key: 'funnel',
    caption: `Residential access against ${ambitionName}, with 95% and 99.8% funnel limits at each area’s size`,
    head: ['Partnership', 'Adults in treatment', 'Access rate', 'Where it lies'],
    rows: rows.map((row) => {
      if (row.status === 'withheld') return [row.area.name, row.adultsText, 'withheld', `Withheld, and not plotted: fewer than ${disclosureThreshold} starts`];
      if (row.status === 'not_published') return [row.area.name, row.adultsText, 'not published', 'Not plotted: no published adults in treatment'];
      const position = funnelPosition({ trials: row.area.adults as number, proportion: (row.proportion as number) * 100 }, curve);
      return [row.area.name, row.adultsText, row.rateText, funnelWords(position)];
    }),
    numeric: [false, true, true, false],
  };
  const nothingToPlot =
    points.length >= 2 ? null : 'Fewer than 2 areas have an access rate that can be shown for this year, so there is no funnel plot. The table gives what there is.';
  const chart =
    nothingToPlot === null
      ? funnelPlotChart({
          id: 'regional-funnel',
          title: `Residential access against ${ambitionName}`,
          description: `Each sharing area’s residential starts as a percentage of its adults in treatment, against the number of adults in treatment, with the ${ambitionName} and its 95% and 99.8% limits.`,
          points,
          curve,
          benchmark: { value: ambition * 100, label: `Ambition ${percentText(ambition)}` },
          trialsLabel: 'Adults in treatment',
          proportionLabel: 'Residential starts (% of adults in treatment)',
        })
      : null;
  return { rows, table, funnelTable, chart, nothingToPlot };
}

/** Two or more areas side by side: one column each, one measure a row. */
export function compareTable(rows: readonly LeagueRow[], yearLabel: string): RegionalTable {
  const measures: Array<[string, (row: LeagueRow) => string]> = [
    ['Residential starts', (row) => row.startsText],
    ['Adults in treatment', (row) => row.adultsText],
    ['Access rate', (row) => row.rateText],
    ['95% interval', (row) => row.intervalText || '–'],
    [`Against ${ambitionName}`, (row) => row.judgement],
    ['Starts against local target', (row) => row.targetText],
    ['Median days to funding decision', (row) => row.decisionText],
    ['Completed as planned', (row) => row.completionText],
    ['Dropped out early', (row) => row.earlyDropOutText],
  ];
  return {
    key: 'compare',
    caption: `The chosen areas side by side, ${yearLabel}`,
    head: ['Measure', ...rows.map((row) => row.area.name)],
    rows: measures.map(([label, cell]) => [label, ...rows.map(cell)]),
    numeric: [false, ...rows.map(() => false)],
  };
}
