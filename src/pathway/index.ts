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
export { followUpDates, reviewSchedule } from './rules/reviews.js';
export { referrerNotificationDeadline } from './rules/safety-flags.js';
// What the JSON API (src/api) reads of a referral: its timeline, and the shape of a stage change it records through the service.
export { listEvents as referralTimeline } from './repository.js';
export type { StageDetails } from './rules/referral-state.js';
