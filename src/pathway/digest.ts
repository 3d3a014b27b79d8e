import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Database } from '../platform/db/schema.js';
import type { Messenger, Personalisation } from '../platform/messages.js';
import { addDays, longDate, ukClock, ukDateOf } from '../platform/values/calendar.js';
import * as digests from './digest-repository.js';
import { pathwayPaths } from './paths.js';
import { loadWorkQueues, reviewsDueWithinDays, type WorkQueues } from './queues.js';

/**
 * The weekly digest of overdue work: each lead commissioner and pathway staff member gets, once
 * a week, the counts of their partnership's work queues (the same queries and counts as the
 * queues page, so the two always agree), and a link to them. Counts only: no references, no
 * details of anyone. A rerun in the same week sends nobody a second one.
 */

/** The Monday (UK date) of the week a moment falls in: digests are counted per week from it. */
export function weekStartingOf(now: Date): string {
  const today = ukDateOf(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 is Sunday
  return addDays(today, -((weekday + 6) % 7));
}

/** The digest's lines: one per queue of overdue work, with its full count. */
export function digestItems(queues: Pick<WorkQueues, 'unplannedDischarges' | 'fundingDecisionOverdue' | 'fundingDecisionTargetDays' | 'reviewsDue' | 'admittedWithoutAftercare'>): { items: string[]; total: number } {
  const lines: Array<[string, number]> = [
    ['Unplanned discharges whose referrer was not told, or was told late', queues.unplannedDischarges.count],
    [`Funding decisions taking longer than ${queues.fundingDecisionTargetDays} working days`, queues.fundingDecisionOverdue.count],
    [`Reviews and follow-ups overdue or due within ${reviewsDueWithinDays} days`, queues.reviewsDue.count],
    ['People admitted without an aftercare plan', queues.admittedWithoutAftercare.count],
  ];
  return { items: lines.map(([label, count]) => `${label}: ${count.toLocaleString('en-GB')}`), total: lines.reduce((sum, [, count]) => sum + count, 0) };
}

export interface DigestRun {
  weekStarting: string;
  /** People sent this week's digest by this run. */
  sent: number;
  /** People whose digest failed to send (logged; a later run tries again). */
  failed: number;
  /** People not sent anything because no e-mail is set up; their digests are in `shown`. */
  shown: Array<{ partnershipName: string; subject: string; text: string; recipients: number }>;
}

export interface DigestDependencies {
  db: Kysely<Database>;
  messenger: Messenger;
  now: () => Date;
  /** The service's address, for the link to the queues. */
  serviceUrl: string;
}

/** Sends this week's digest to everyone in every partnership who has not had it yet. */
export async function sendWeeklyDigests({ db, messenger, now, serviceUrl }: DigestDependencies): Promise<DigestRun> {
  const moment = now();
  const weekStarting = weekStartingOf(moment);
  const run: DigestRun = { weekStarting, sent: 0, failed: 0, shown: [] };
  for (const partnership of await digests.listPartnerships(db)) {
    const recipients = await digests.recipientsAwaitingDigest(db, partnership.id, weekStarting);
    if (!recipients.length) continue;
    // Only the counts are needed: one row per queue still gives its full length.
    const queues = await loadWorkQueues(db, partnership.id, moment, { limit: 1 });
    const personalisation: Personalisation['overdue_digest'] = {
      partnership_name: partnership.name,
      week_starting: longDate(weekStarting),
      ...digestItems(queues),
      link: new URL(pathwayPaths.queues(), serviceUrl).toString(),
    };
    let sentHere = 0;
    for (const recipient of recipients) {
      if (!(await digests.claimDigest(db, partnership.id, weekStarting, recipient.user_id, moment))) continue;
      const result = await messenger.send({ template: 'overdue_digest', to: recipient.email, personalisation, reference: `weekly-digest-${weekStarting}` });
      if (result.status === 'sent') {
        sentHere += 1;
        continue;
      }
      await digests.releaseDigest(db, partnership.id, weekStarting, recipient.user_id);
      if (result.status === 'failed') run.failed += 1;
      else {
        const shown = run.shown.find((entry) => entry.partnershipName === partnership.name);
        if (shown) shown.recipients += 1;
        else run.shown.push({ partnershipName: partnership.name, ...result.email, recipients: 1 });
      }
    }
    if (sentHere) {
      await recordAudit(db, {
        partnershipId: partnership.id,
        actorUserId: null,
        action: 'weekly_digest_sent',
        recordType: 'partnership',
        recordId: partnership.id,
        summary: `Weekly digest of overdue work for the week starting ${longDate(weekStarting)} sent to ${sentHere} ${sentHere === 1 ? 'person' : 'people'}`,
      });
    }
    run.sent += sentHere;
  }
  return run;
}

/** Whether this week's digest time (UK time) has come: the schedule runs the digest from then until the week ends. */
export function weeklyDigestDue(now: Date, at: { weekday: number; hour: number; minute: number }): boolean {
  const weekday = ((new Date(`${ukDateOf(now)}T00:00:00Z`).getUTCDay() + 6) % 7) + 1; // 1 Monday … 7 Sunday
  const { hour, minute } = ukClock(now);
  const minutesIntoWeek = (weekday - 1) * 24 * 60 + hour * 60 + minute;
  return minutesIntoWeek >= (at.weekday - 1) * 24 * 60 + at.hour * 60 + at.minute;
}
