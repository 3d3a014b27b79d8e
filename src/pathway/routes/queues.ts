import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { currentMembership, requireRole, signedIn } from '../../platform/auth/context.js';
import type { Database } from '../../platform/db/schema.js';
import { formatDate, formatDateTime } from '../../platform/web/dates.js';
import { validateForm } from '../../platform/web/forms.js';
import { dischargeOutcomeLabels, fundingRouteLabels, reviewKindLabels, stageTags } from '../labels.js';
import { pathwayPaths as paths } from '../paths.js';
import {
  changeFundingDecisionTarget,
  loadWorkQueues,
  type NotificationStatus,
  queueRowLimit,
  reviewsDueWithinDays,
} from '../queues.js';
import { fundingDecisionTargetDays } from '../repository.js';
import type { Tag } from '../../platform/web/tags.js';
import { placementRequestQueueSection } from '../view-models/placement-requests.js';

/**
 * The work queues (read by everyone in the partnership except peer reviewers) and the one
 * setting behind them, the funding decision target, which only the lead commissioner changes.
 */

const view = (name: string) => `pathway/views/queues/${name}.njk`;

const leadOnly = requireRole('lead_commissioner');

const notificationTags: Record<NotificationStatus, Tag> = {
  overdue: { text: 'Overdue: not told yet', classes: 'govuk-tag--red' },
  due: { text: 'Not told yet', classes: 'govuk-tag--orange' },
  late: { text: 'Told late', classes: 'govuk-tag--yellow' },
};
const reviewOverdueTag: Tag = { text: 'Overdue', classes: 'govuk-tag--red' };
const reviewDueSoonTag: Tag = { text: 'Due soon', classes: 'govuk-tag--blue' };

interface Cell {
  text: string;
  format?: 'numeric';
}

/** Column headings, with the numeric ones (by position) right-aligned as GOV.UK tables do. */
function headings(titles: string[], numeric: number[] = []): Cell[] {
  return titles.map((text, index) => (numeric.includes(index) ? { text, format: 'numeric' } : { text }));
}

const cell = (text: string): Cell => ({ text });
const numberCell = (value: number | null, missing: string): Cell => (value === null ? { text: missing } : { text: value.toLocaleString('en-GB'), format: 'numeric' });

function notYetText(status: NotificationStatus, dueBy: string | null): string {
  if (!dueBy) return 'Not yet';
  return status === 'overdue' ? `Not yet (should have been by the end of ${formatDate(dueBy)})` : `Not yet (due by the end of ${formatDate(dueBy)})`;
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;

export const targetForm = z.object({
  fundingDecisionTargetDays: z
    .string({ error: 'Enter the number of working days' })
    .trim()
    .min(1, { error: 'Enter the number of working days' })
    .regex(/^\d+$/, { error: 'The number of working days must be a whole number, like 10' })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, { error: 'The number of working days must be 1 or more' })
        .max(100, { error: 'The number of working days must be 100 or fewer' }),
    ),
});

export function queueRoutes(app: FastifyInstance, db: Kysely<Database>, now: () => Date) {
  app.get(paths.queues(), async (request, reply) => {
    const membership = currentMembership(request);
    const queues = await loadWorkQueues(db, membership.partnershipId, now());
    const target = queues.fundingDecisionTargetDays;
    const reference = (id: string, localReference: string) => ({ href: paths.referral(id), text: localReference });

    const sections = [
      {
        id: 'funding-decisions',
        heading: `Waiting more than ${plural(target, 'working day', 'working days')} for a funding decision`,
        count: queues.fundingDecisionOverdue.count,
        description: `Funding has been asked for but not decided, and the partnership’s target is a decision within ${plural(target, 'working day', 'working days')} of the request. Weekends count as non-working days; bank holidays are not taken off. Longest waiting first.`,
        empty: 'No funding request has waited longer than the target.',
        caption: `Referrals waiting more than ${plural(target, 'working day', 'working days')} for a funding decision`,
        head: headings(['Reference', 'Stage', 'Referred', 'Funding requested', 'Working days waiting', 'Funding route'], [4]),
        rows: queues.fundingDecisionOverdue.rows.map((row) => ({
          reference: reference(row.id, row.local_reference),
          tag: stageTags[row.stage],
          cells: [
            cell(formatDate(row.referred_on) || 'Not recorded'),
            cell(formatDate(row.funding_requested_on)),
            numberCell(row.workingDaysWaiting, ''),
            cell(row.funding_route ? (fundingRouteLabels[row.funding_route] ?? row.funding_route) : 'Not recorded'),
          ],
          status: null as Tag | null,
        })),
      },
      {
        id: 'waiting-for-admission',
        heading: 'Waiting for admission',
        count: queues.waitingForAdmission.count,
        description:
          'People whose funding is approved and who are waiting for a place. Days waiting count from when they started waiting (or, if that is not recorded, from the funding decision). Keep in touch while they wait: the last contact is shown. Longest waiting first.',
        empty: 'Nobody is waiting for admission.',
        caption: 'People waiting for admission',
        head: headings(['Reference', 'Stage', 'Funding decided', 'Waiting since', 'Days waiting', 'Service', 'Last contact'], [4]),
        rows: queues.waitingForAdmission.rows.map((row) => ({
          reference: reference(row.id, row.local_reference),
          tag: stageTags[row.stage],
          cells: [
            cell(formatDate(row.funding_decided_on) || 'Not recorded'),
            cell(formatDate(row.waiting_since) || 'Not recorded'),
            numberCell(row.daysWaiting, 'Not known'),
            cell(row.service_name ?? 'Not chosen yet'),
            cell(formatDate(row.last_contact_on) || 'No contact recorded'),
          ],
          status: null as Tag | null,
        })),
      },
      {
        id: 'no-aftercare-plan',
        heading: 'Admitted without an aftercare plan',
        count: queues.admittedWithoutAftercare.count,
        description:
          'People in residential treatment, or discharged and not yet in aftercare, who have no aftercare and transition plan recorded. A plan should be agreed before admission so support is ready when they leave. Earliest admitted first.',
        empty: 'Everyone admitted has an aftercare plan recorded.',
        caption: 'People admitted without an aftercare plan',
        head: headings(['Reference', 'Stage', 'Admitted', 'Planned weeks', 'Service', 'Reason given at admission'], [3]),
        rows: queues.admittedWithoutAftercare.rows.map((row) => ({
          reference: reference(row.id, row.local_reference),
          tag: stageTags[row.stage],
          cells: [
            cell(formatDate(row.admitted_on) || 'Not recorded'),
            numberCell(row.planned_weeks, 'Not recorded'),
            cell(row.service_name ?? 'Not recorded'),
            cell(row.admitted_without_aftercare_reason || 'No reason recorded'),
          ],
          status: null as Tag | null,
        })),
      },
      {
        id: 'stays-past-planned-length',
        heading: 'Stays past their planned length',
        count: queues.staysPastPlannedLength.count,
        description:
          'People still in their placement after the day their stay was planned to end (the planned number of weeks after admission). Agree with the service whether the stay goes on, and record the discharge when they leave. Until then their cost is estimated from the days stayed so far. Longest past the planned end first.',
        empty: 'Nobody is in a placement past its planned length.',
        caption: 'People in a placement past its planned length',
        head: headings(['Reference', 'Stage', 'Admitted', 'Planned weeks', 'Planned to end', 'Days past the planned end', 'Service'], [3, 5]),
        rows: queues.staysPastPlannedLength.rows.map((row) => ({
          reference: reference(row.id, row.local_reference),
          tag: stageTags[row.stage],
          cells: [
            cell(formatDate(row.admitted_on)),
            numberCell(row.planned_weeks, ''),
            cell(formatDate(row.plannedEnd)),
            numberCell(row.daysOver, ''),
            cell(row.service_name ?? 'Not recorded'),
          ],
          status: null as Tag | null,
        })),
      },
      {
        id: 'unplanned-discharges',
        heading: 'Unplanned discharges: referrer not told, or told late',
        count: queues.unplannedDischarges.count,
        description:
          'People who left early or were asked to leave. Their risk of overdose is high, so the referrer must be told within 24 hours. Only the discharge date is recorded, so telling them by the end of the next day counts as on time. Not told yet first. A record leaves this list when it is closed.',
        empty: 'Every unplanned discharge has been passed on to the referrer on time.',
        caption: 'Unplanned discharges where the referrer has not been told, or was told late',
        head: headings(['Reference', 'Stage', 'Discharged', 'How the stay ended', 'Referrer told', 'Status']),
        rows: queues.unplannedDischarges.rows.map((row) => ({
          reference: reference(row.id, row.local_reference),
          tag: stageTags[row.stage],
          cells: [
            cell(formatDate(row.discharged_on) || 'Not recorded'),
            cell(row.discharge_outcome ? dischargeOutcomeLabels[row.discharge_outcome] : 'Not recorded'),
            cell(row.referrer_notified_at ? formatDateTime(row.referrer_notified_at) : notYetText(row.status, row.dueBy)),
          ],
          status: notificationTags[row.status],
        })),
      },
      {
        id: 'reviews-due',
        heading: 'Reviews and follow-ups due',
        count: queues.reviewsDue.count,
        description: `Care-plan and risk reviews during a stay, and follow-ups 3, 6 and 12 months after discharge, that are overdue or due in the next ${reviewsDueWithinDays} days. Overdue first.`,
        empty: `No review or follow-up is overdue or due in the next ${reviewsDueWithinDays} days.`,
        caption: 'Reviews and follow-ups overdue or due soon',
        head: headings(['Reference', 'Stage', 'Review', 'Due', 'Status']),
        rows: queues.reviewsDue.rows.map((row) => ({
          reference: reference(row.referral_id, row.local_reference),
          tag: stageTags[row.stage],
          cells: [cell(reviewKindLabels[row.kind]), cell(formatDate(row.due_on))],
          status: row.overdue ? reviewOverdueTag : reviewDueSoonTag,
        })),
      },
      placementRequestQueueSection(queues.placementRequestsUnanswered, reference),
    ];

    return reply.render(view('queues'), {
      pageTitle: 'Work queues',
      today: queues.today,
      target,
      sections: sections.map((section) => ({ ...section, truncated: section.count > section.rows.length, countText: section.count.toLocaleString('en-GB') })),
      rowLimit: queueRowLimit,
      canChangeSettings: membership.role === 'lead_commissioner',
      paths,
    });
  });

  app.get(paths.settings(), { preHandler: leadOnly }, async (request, reply) => {
    const membership = currentMembership(request);
    const current = await fundingDecisionTargetDays(db, membership.partnershipId);
    return reply.render(view('settings'), { pageTitle: 'Pathway settings', values: { fundingDecisionTargetDays: String(current) }, paths });
  });

  app.post(paths.settings(), { preHandler: leadOnly }, async (request, reply) => {
    const membership = currentMembership(request);
    const form = validateForm(targetForm, request.body);
    if (!form.ok) return reply.code(400).render(view('settings'), { pageTitle: 'Pathway settings', values: form.values, errors: form.errors, paths });
    const days = form.data.fundingDecisionTargetDays;
    const { previous } = await changeFundingDecisionTarget(db, membership.partnershipId, { userId: signedIn(request).user.id, requestId: request.id }, days, now());
    request.session.flash =
      previous === days
        ? `The funding decision target is still ${plural(days, 'working day', 'working days')}.`
        : `The funding decision target is now ${plural(days, 'working day', 'working days')}.`;
    return reply.redirect(paths.queues());
  });
}
