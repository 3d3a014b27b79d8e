import { formatDate, formatDateTime } from '../../platform/web/dates.js';
import { ageBandLabels, complexityLabels, fundingRouteLabels, sexLabels, substanceLabels, yesNoLabels } from '../labels.js';
import { placementRequestPaths } from '../paths.js';
import type { ReferralPlacementRequest, unansweredPlacementRequests } from '../placement-repository.js';
import { stageTags } from '../labels.js';
import { placementRequestRefusal, placementStatusTags, type SharedDetails, unansweredAfterWorkingDays } from '../rules/placement-requests.js';
import type { ReferralState } from '../rules/referral-state.js';

/** Placement requests in words: what the provider sees of the person, and each request's answer. */

const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });

/** The shared details as summary-list rows: the same rows on the staff's form and the provider's page. */
export function sharedDetailRows(shared: SharedDetails) {
  return [
    row('Age band', ageBandLabels[shared.ageBand] ?? shared.ageBand),
    row('Sex', sexLabels[shared.sex] ?? shared.sex),
    row('Main substance', substanceLabels[shared.mainSubstance] ?? shared.mainSubstance),
    row('Pregnant', yesNoLabels[shared.pregnant] ?? shared.pregnant),
    row('Responsible for a child', yesNoLabels[shared.parentalResponsibility] ?? shared.parentalResponsibility),
    row('Complex needs', shared.complexity.length ? shared.complexity.map((item) => complexityLabels[item] ?? item).join('; ') : 'None recorded'),
    row(
      'Funding',
      `${shared.funding === 'approved' ? 'Approved' : 'Asked for, not yet decided'}${shared.fundingRoute ? ` (${(fundingRouteLabels[shared.fundingRoute] ?? shared.fundingRoute).toLowerCase()})` : ''}`,
    ),
  ];
}

/** What came of a request, in one sentence. */
export function answerText(request: Pick<ReferralPlacementRequest, 'status' | 'visitNote' | 'admissionOn' | 'declineReason'>): string {
  switch (request.status) {
    case 'accepted':
      return `Accepted. Admission date: ${formatDate(request.admissionOn)}`;
    case 'declined':
      return `Declined: ${request.declineReason}`;
    case 'visit_requested':
      return `A pre-admission visit is asked for${request.visitNote ? `: ${request.visitNote}` : ''}`;
    default:
      return 'Not answered yet';
  }
}

/** The referral page's list of its requests. */
export function referralRequestRows(requests: readonly ReferralPlacementRequest[]) {
  return requests.map((request) => ({
    service: `${request.serviceName} (${request.providerName})`,
    sent: formatDate(request.sentOn),
    tag: placementStatusTags[request.status],
    answer: answerText(request),
    answered: request.answeredAt ? formatDateTime(request.answeredAt) : null,
  }));
}

/** The referral page's section: its requests, and the link to send one while the stage allows it. */
export function placementRequestSection(referral: Pick<ReferralState, 'stage' | 'funding_decision' | 'funding_route'> & { id: string }, requests: readonly ReferralPlacementRequest[], canMove: boolean) {
  return {
    rows: referralRequestRows(requests),
    sendHref: canMove && placementRequestRefusal(referral) === null ? placementRequestPaths.newRequest(referral.id) : null,
  };
}

/** The work queues' section of requests the provider has not answered for 3 or more working days. */
export function placementRequestQueueSection(
  queue: Awaited<ReturnType<typeof unansweredPlacementRequests>>,
  reference: (id: string, localReference: string) => { href: string; text: string },
) {
  return {
    id: 'placement-requests-unanswered',
    heading: `Placement requests unanswered for ${unansweredAfterWorkingDays} or more working days`,
    count: queue.count,
    description: `Requests for a place that the service has not answered at all (no visit asked for, not accepted or declined) ${unansweredAfterWorkingDays} or more working days after they were sent. Weekends do not count. Longest waiting first: chase the provider, or ask another service.`,
    empty: `Every placement request has been answered within ${unansweredAfterWorkingDays} working days.`,
    caption: `Placement requests unanswered for ${unansweredAfterWorkingDays} or more working days`,
    head: [{ text: 'Reference' }, { text: 'Stage' }, { text: 'Service' }, { text: 'Sent' }, { text: 'Working days waiting', format: 'numeric' }],
    rows: queue.rows.map((row) => ({
      reference: reference(row.referral_id, row.local_reference),
      tag: stageTags[row.stage],
      cells: [{ text: row.service_name }, { text: formatDate(row.sent_on) }, { text: row.workingDaysWaiting.toLocaleString('en-GB'), format: 'numeric' }],
      status: null,
    })),
  };
}
