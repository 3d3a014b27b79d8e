// What other capabilities, the composition root and the demo data may use of the pathway tracker.
export { readsFigures, worksRecords } from './access.js';
export { dischargeOutcomeLabels, fundingRouteLabels, identifiedViaLabels, reviewKindLabels, unplannedOutcomes } from './labels.js';
export { pathwayNavigation } from './navigation.js';
export { pathwayRoutes } from './routes/index.js';
export { type PathwayService, createPathwayService } from './service.js';
export { followUpDates, reviewSchedule } from './rules/reviews.js';
export { referrerNotificationDeadline } from './rules/safety-flags.js';
