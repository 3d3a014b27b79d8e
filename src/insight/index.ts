// What the composition root may use of insight: the partnership's figures, read from the pathway through its index.
export { insightNavigation } from './navigation.js';
export { insightRoutes } from './routes/index.js';

// Published figures (NDTMS-style aggregate statistics): the areas, the catalogue, the reads the
// dashboards use, and the import the demo data goes through.
export { areaLevelOfCode, englandAreaCode, englandAreaName, isAreaCode, regionAreaCodes, regionCodeOf, regionOfCode } from './areas.js';
export { type Breakdown, breakdowns, type PublishedMeasure, publishedMeasureKeys, publishedMeasures } from './published/catalogue.js';
export { type Period, parsePeriod, periodCode, periodEnd, periodLabel } from './published/periods.js';
export { financialYearKey, financialYearOf } from './periods.js';
export {
  type AreaDetails,
  areaOf,
  areasInRegion,
  publishedSeries,
  type PublishedSeriesQuery,
  type PublishedSeriesRow,
} from './published/repository.js';
export type { PublishedArea, PublishedFigure } from './published/rules.js';
export { importPublishedFigures, type PublishedImport, storePublishedFigures } from './published/service.js';

// Linked figures: the measures a self-assessment statement or an action can carry, their live
// values for a partnership, and the rules that suggest a rating or judge progress to a target.
export { type EvidenceMeasure, type EvidenceMeasureKey, evidenceMeasure, evidenceMeasureKeys, evidenceMeasures, isEvidenceMeasureKey } from './evidence/catalogue.js';
export { type EvidenceComparison, type EvidenceFigure, evidenceFigures } from './evidence/figures.js';
export {
  actionProgress,
  combinedSuggestion,
  differsFromSuggestion,
  evidencePeriod,
  type FigureMovement,
  figureMovement,
  type MeasureThresholds,
  type ProgressStatus,
  type SuggestedRating,
  suggestedRating,
  type TargetProgress as ActionTargetProgress,
  thresholdProblem,
  thresholdText,
  valueText,
} from './evidence/rules.js';
// What regional and national analysts' pages use: the partnership's figures, one partnership at a
// time, the statistical methods and disclosure control, and the funnel plot.
export { latestAdultsInTreatment, residentialStarts, residentialTarget, type SharingPartnership, sharingPartnerships } from './dashboard-repository.js';
export { nationalAmbitionPercent } from './dashboard-rules.js';
export { countText, disclosureThreshold, rateText, showCount, showGroups, showRate, type ShownCount, type ShownRate } from './disclosure.js';
export { earlyDropOutDays, equalityDimensions, equalityGroupValues, minimumToCompare, type PathwayMeasures } from './measures.js';
export { groupsOf, overallOf, pathwayFigures } from './pathway-figures.js';
export { compareProportion, type Comparison, funnelCurve, funnelLimits, type Interval, judgementWords, wilsonInterval } from './statistics.js';
export { loadChartModules } from './charts/modules.js';
export { type Chart, type FunnelLimits, funnelPlotChart, funnelPosition, type FunnelPosition } from './charts/index.js';
