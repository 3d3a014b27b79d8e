import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Executor } from '../platform/db/executor.js';
import type { Database } from '../platform/db/schema.js';
import { addDays } from '../platform/values/calendar.js';
import { countPhrase, type HomeTask } from '../platform/web/home-tasks.js';
import { commissioningAlerts } from './commissioning-service.js';
import type { CommissioningAlertCounts } from './commissioning-rules.js';
import { endingSoonDays } from './commissioning-rules.js';
import { waitingTimeFreshDays } from './directory-rules.js';
import { providerPaths } from './paths.js';

/** The commissioning alerts as home page lines, on the same counts as the alerts on the contracts and preferred lists. */
export function commissioningTasksFrom(counts: CommissioningAlertCounts): HomeTask[] {
  const tasks: HomeTask[] = [
    {
      key: 'commissioning.contract-reviews-overdue',
      label: `${countPhrase(counts.contractReviewsOverdue, 'contract has', 'contracts have')} an overdue review`,
      count: counts.contractReviewsOverdue,
      href: `${providerPaths.contracts()}?review=overdue`,
      urgency: 'overdue',
    },
    {
      key: 'commissioning.contracts-ending-soon',
      label: `${countPhrase(counts.contractsEndingSoon, 'contract ends', 'contracts end')} within ${endingSoonDays} days`,
      count: counts.contractsEndingSoon,
      href: `${providerPaths.contracts()}?ending=soon`,
      urgency: 'due',
    },
    {
      key: 'commissioning.preferred-reviews-due',
      label: `${countPhrase(counts.preferredReviewsDue, 'preferred service is', 'preferred services are')} due for review`,
      count: counts.preferredReviewsDue,
      href: `${providerPaths.preferred()}?due=yes`,
      urgency: 'due',
    },
  ];
  return tasks.filter((task) => task.count !== 0);
}

/** What commissioning asks of the lead commissioner today: contract reviews, contracts ending, preferred services to review. */
export async function commissioningHomeTasks(db: Kysely<Database>, partnershipId: string, today: string): Promise<HomeTask[]> {
  return commissioningTasksFrom(await commissioningAlerts(db, partnershipId, today));
}

/**
 * Providers with out-of-date information: a service whose waiting time is more than 4 weeks old
 * (or undated), or an information pack past its review date; the same rules as the directory's
 * "out of date" tags (directory-rules waitingTimeOutOfDate, packReviewOverdue). One statement.
 */
export async function providersOutOfDateCount(db: Executor, today: string): Promise<number> {
  const freshSince = addDays(today, -waitingTimeFreshDays);
  const result = await sql<{ count: number | string }>`
    SELECT count(DISTINCT s.provider_id) AS count
    FROM services s
    WHERE (s.waiting_weeks IS NOT NULL AND (s.waiting_updated_on IS NULL OR s.waiting_updated_on < ${freshSince}::date))
      OR EXISTS (SELECT 1 FROM service_information_packs k WHERE k.service_id = s.id AND k.review_on < ${today}::date)
  `.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}

/** The administrator's directory lines: providers to chase, and the services import. */
export function directoryAdminTasksFrom(outOfDate: number): HomeTask[] {
  const tasks: HomeTask[] = [];
  if (outOfDate > 0) {
    tasks.push({
      key: 'admin.providers-out-of-date',
      label: `${countPhrase(outOfDate, 'provider has', 'providers have')} out-of-date information: an old waiting time or an information pack past its review date`,
      count: outOfDate,
      href: providerPaths.providers(),
      urgency: 'overdue',
    });
  }
  tasks.push({
    key: 'admin.services-import',
    label: 'Import services: add or update many services at once from a spreadsheet',
    count: null,
    href: providerPaths.importServices(),
    urgency: 'information',
  });
  return tasks;
}

export async function directoryAdminHomeTasks(db: Executor, today: string): Promise<HomeTask[]> {
  return directoryAdminTasksFrom(await providersOutOfDateCount(db, today));
}
