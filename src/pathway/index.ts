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
export { followUpDates, reviewSchedule, splitByWhenRecorded } from './rules/reviews.js';
/** The one definition of a stay that has run past its planned length (for the queue, the record's flag, home pages and the summary's cost). */
export { daysPastPlannedLength, isStayPastPlannedLength, plannedEndDate, type StayEstimate, type StayState, stayWeeksToCost } from './rules/stays.js';
export { staysPastPlannedLength, type StayPastPlannedLengthRow } from './queues.js';
export { referrerNotificationDeadline } from './rules/safety-flags.js';
export { type DigestRun, sendWeeklyDigests, weeklyDigestDue, weekStartingOf } from './digest.js';
// What the JSON API (src/api) reads of a referral: its timeline, and the shape of a stage change it records through the service.
export { listEvents as referralTimeline } from './repository.js';
export type { StageDetails } from './rules/referral-state.js';
export { pathwayHomeTasks, providerHomeTasks } from './home-tasks.js';
export { type PlacementService, createPlacementService } from './placement-service.js';
export { sharedDetailsOf } from './rules/placement-requests.js';
