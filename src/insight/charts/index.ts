// Insight's charts: accessible SVG drawn on the server with Observable Plot, for pages that work
// without JavaScript under the service's content security policy. Put `chart.svg` in a template
// with `| safe`, inside a figure with the same figures in a table.
export { type ComparisonChartOptions, type ComparisonRow, comparisonChart, notShownText } from './comparison.js';
export { type ChartFormat, chartFormat } from './format.js';
export { type Stage, type StageFunnelChartOptions, conversionText, stageFunnelChart } from './funnel.js';
export { type FunnelLimits, type FunnelPlotChartOptions, type FunnelPlotPoint, type FunnelPosition, funnelPlotChart, funnelPosition, limitsAt } from './funnel-plot.js';
export { type Chart, type ChartWords, chartClass } from './render.js';
export { type TrendChartOptions, type TrendPoint, type TrendSeries, trendChart } from './trend.js';
