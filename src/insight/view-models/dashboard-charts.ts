import { type Chart, trendChart } from '../charts/index.js';
import type { DashboardData } from '../dashboard.js';
import { nationalAmbitionPercent } from '../dashboard-rules.js';
import { shortPeriodLabel } from '../periods.js';
import { accessRate, areaLabel } from './dashboard.js';
import type { FigureText } from './figure-text.js';

/**
 * The dashboard's charts, drawn from the same figures as the tables beside them. For an
 * audience outside the partnership a point built on fewer than 5 people is left out (a gap),
 * as its table cell is withheld.
 */

export interface ChartModel {
  id: string;
  chart: Chart;
  /** The table with the same figures, and its downloads. */
  tableKey: string;
}

export function dashboardCharts(data: DashboardData, text: FigureText): ChartModel[] {
  const labels = data.trend.periods.map(shortPeriodLabel);
  const charts: ChartModel[] = [];
  const byAreaAndPeriod = new Map(data.trend.access.map((figure) => [`${figure.areaCode}|${figure.periodStart}`, figure]));
  const accessSeries = data.areas
    .map((area) => ({
      key: area.areaCode,
      label: areaLabel(area),
      points: data.trend.periods.map((period, index) => {
        const value = accessRate(byAreaAndPeriod.get(`${area.areaCode}|${period.from}`));
        const hidden = value === null || (text.audience === 'shared' && value.numerator > 0 && value.numerator < 5);
        return { period: labels[index] as string, value: hidden ? null : (value.percent as number) };
      }),
    }))
    .filter((series) => series.points.some((point) => point.value !== null))
    .slice(0, 6);
  if (accessSeries.length) {
    charts.push({
      id: 'access-chart',
      tableKey: 'access',
      chart: trendChart({
        id: 'access-chart',
        title: 'Access rate over time',
        description: `Residential rehabilitation starts as a percentage of adults in treatment, for ${accessSeries.map((series) => series.label).join(', ')}, with the ${nationalAmbitionPercent}% national ambition.`,
        series: accessSeries,
        valueLabel: 'Percentage of adults in treatment starting residential rehabilitation',
        format: 'percent',
        target: { value: nationalAmbitionPercent, label: `${nationalAmbitionPercent}% national ambition` },
      }),
    });
  }

  const waitingPoint = (values: { count: number; median: number | null }) =>
    values.median === null || (text.audience === 'shared' && values.count < 5) ? null : values.median;
  const waitingSeries = [
    { key: 'decision', label: 'Referral to funding decision', points: data.trend.measures.map((group, index) => ({ period: labels[index] as string, value: waitingPoint(group.measures.daysToFundingDecision) })) },
    { key: 'admission', label: 'Referral to admission', points: data.trend.measures.map((group, index) => ({ period: labels[index] as string, value: waitingPoint(group.measures.daysToAdmission) })) },
  ];
  if (waitingSeries.some((series) => series.points.some((point) => point.value !== null))) {
    charts.push({
      id: 'waiting-chart',
      tableKey: 'trend',
      chart: trendChart({
        id: 'waiting-chart',
        title: 'Median wait over time',
        description: 'The median number of calendar days from referral to the funding decision and to admission, for the people counted in each period.',
        series: waitingSeries,
        valueLabel: 'Median calendar days',
        format: 'days',
      }),
    });
  }
  return charts;
}
