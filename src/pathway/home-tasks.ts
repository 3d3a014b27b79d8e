import type { Executor } from '../platform/db/executor.js';
import { addDays } from '../platform/values/calendar.js';
import { countPhrase, type HomeTask } from '../platform/web/home-tasks.js';
import { type PathwayHomeCounts, type PlacementHomeCounts, pathwayHomeCounts, placementHomeCounts } from './home-tasks-repository.js';
import { pathwayPaths } from './paths.js';
import { reviewsDueWithinDays } from './queues.js';

/** Someone waiting for admission with no contact recorded for this many days needs a call. */
export const noContactDays = 14;

const queue = (section: string) => `${pathwayPaths.queues()}#${section}`;

/** The home page lines for the pathway's counts: only those with something in them. */
export function pathwayTasksFrom(counts: PathwayHomeCounts): HomeTask[] {
  const tasks: HomeTask[] = [
    {
      key: 'pathway.unplanned-not-told',
      label: `${countPhrase(counts.unplannedNotTold, 'unplanned discharge', 'unplanned discharges')}: the referrer has not been told`,
      count: counts.unplannedNotTold,
      href: queue('unplanned-discharges'),
      urgency: 'safety',
    },
    {
      key: 'pathway.reviews-overdue',
      label: `${countPhrase(counts.reviewsOverdue, 'review or follow-up is', 'reviews and follow-ups are')} overdue`,
      count: counts.reviewsOverdue,
      href: queue('reviews-due'),
      urgency: 'overdue',
    },
    {
      key: 'pathway.funding-over-target',
      label: `${countPhrase(counts.fundingOverTarget, 'funding decision has', 'funding decisions have')} waited more than ${countPhrase(counts.fundingDecisionTargetDays, 'working day', 'working days')}`,
      count: counts.fundingOverTarget,
      href: queue('funding-decisions'),
      urgency: 'overdue',
    },
    {
      key: 'pathway.waiting-no-contact',
      label: `${countPhrase(counts.waitingNoContact, 'person waiting', 'people waiting')} for admission with no contact for ${noContactDays} days or more`,
      count: counts.waitingNoContact,
      href: queue('waiting-for-admission'),
      urgency: 'overdue',
    },
    {
      key: 'pathway.stays-past-planned-length',
      label: `${countPhrase(counts.staysPastPlannedLength, 'stay has', 'stays have')} run past the planned length`,
      count: counts.staysPastPlannedLength,
      href: queue('stays-past-planned-length'),
      urgency: 'overdue',
    },
    {
      key: 'pathway.reviews-due-soon',
      label: `${countPhrase(counts.reviewsDueSoon, 'review or follow-up is', 'reviews and follow-ups are')} due in the next ${reviewsDueWithinDays} days`,
      count: counts.reviewsDueSoon,
      href: queue('reviews-due'),
      urgency: 'due',
    },
  ];
  return tasks.filter((task) => task.count !== 0);
}

/**
 * What needs pathway staff (and, in summary, the lead commissioner) in one partnership today:
 * unplanned discharges whose referrer has not been told, funding decisions over the target,
 * people waiting with no recent contact, reviews due, and stays past their planned length.
 */
export async function pathwayHomeTasks(db: Executor, partnershipId: string, today: string): Promise<HomeTask[]> {
  const counts = await pathwayHomeCounts(db, partnershipId, {
    today,
    noContactSince: addDays(today, -noContactDays),
    reviewsDueBy: addDays(today, reviewsDueWithinDays),
  });
  return pathwayTasksFrom(counts);
}

/** The home page lines for a provider account's placements. */
export function placementTasksFrom(counts: PlacementHomeCounts): HomeTask[] {
  const placements = pathwayPaths.providerPlacements();
  const tasks: HomeTask[] = [
    {
      key: 'placements.referrer-not-told',
      label: `${countPhrase(counts.referrerNotTold, 'unplanned discharge', 'unplanned discharges')}: record when the referrer was told`,
      count: counts.referrerNotTold,
      href: placements,
      urgency: 'safety',
    },
    {
      key: 'placements.needing-discharge',
      label: `${countPhrase(counts.needingDischarge, 'stay has', 'stays have')} reached the planned end: record the discharge`,
      count: counts.needingDischarge,
      href: placements,
      urgency: 'overdue',
    },
    {
      key: 'placements.reviews-due',
      label: `${countPhrase(counts.reviewsDue, 'care-plan or risk review is', 'care-plan or risk reviews are')} overdue or due in the next ${reviewsDueWithinDays} days`,
      count: counts.reviewsDue,
      href: placements,
      urgency: 'due',
    },
    {
      key: 'placements.needing-admission',
      label: `${countPhrase(counts.needingAdmission, 'person is', 'people are')} funded and waiting: record the admission when they arrive`,
      count: counts.needingAdmission,
      href: placements,
      urgency: 'due',
    },
  ];
  return tasks.filter((task) => task.count !== 0);
}

/** What a provider account needs to record about the placements at its own services. */
export async function providerHomeTasks(db: Executor, providerIds: readonly string[], today: string): Promise<HomeTask[]> {
  return placementTasksFrom(await placementHomeCounts(db, providerIds, today, addDays(today, reviewsDueWithinDays)));
}
