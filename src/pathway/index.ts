// What other capabilities, the composition root and the demo data may use of the pathway tracker.
export { figureReaders, readsFigures, worksRecords } from './access.js';
export {
  ageBandLabels,
  dischargeOutcomeLabels,
  ethnicityLabels,
  fundingRouteLabels,
  identifiedViaLabels,
  reviewKindLabels,
  sexLabels,
  substanceLabels,
  unplannedOutcomes,
  yesNoLabels,
} from './labels.js';
export { pathwayNavigation } from './navigation.js';
export { pathwayRoutes } from './routes/index.js';
export { notificationDueBy, notifiedOnTime } from './referrer-notification.js';
export { type PathwayService, createPathwayService } from './service.js';
export { type PlacementService, createPlacementService } from './placement-service.js';
export { followUpDates, reviewSchedule } from './rules/reviews.js';
export { referrerNotificationDeadline } from './rules/safety-flags.js';
export { sharedDetailsOf } from './rules/placement-requests.js';
