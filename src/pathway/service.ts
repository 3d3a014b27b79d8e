import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Executor } from '../platform/db/executor.js';
import type { Database, ReferralStage } from '../platform/db/schema.js';
import { formatDate, formatDateTime } from '../platform/web/dates.js';
import { ukDateOf } from '../platform/values/calendar.js';
import { formatPounds } from '../platform/values/money.js';
import { type Actor as SharedActor, conflictMessage } from '../platform/values/outcome.js';
import {
  dischargeOutcomeLabels,
  fundingDeciderLabels,
  fundingRouteLabels,
  identifiedViaLabels,
  reviewKindLabels,
  stageTags,
  unplannedOutcomes,
} from './labels.js';
import { changedDetails, type ReferralDetails, validateReferralDetails } from './rules/referral-details.js';
import * as repository from './repository.js';
import { aftercarePlanProblems, contactProblems, referrerToldProblems, reviewCompletionProblems } from './rules/record-checks.js';
import type { Problem, ReferralChanges, StageDetails } from './rules/referral-state.js';
import { followUpDates, reviewSchedule, splitByWhenRecorded } from './rules/reviews.js';
import { fundingWaitWorkingDays } from './rules/safety-flags.js';
import { firstLaterDate } from './rules/stages.js';
import { applyTransition, transitionProblems, withChanges } from './rules/transitions.js';

/**
 * Every change to a referral, each in one transaction: the referral is updated only if it is
 * still at the version the person saw, a timeline entry is added and the change is audited.
 * Routes (pathway staff, and provider accounts for admission and discharge), the CSV import and
 * the demo data all come through here. Audit summaries name the local reference only, never
 * health details.
 */

export type Actor = SharedActor<null>;

/**
 * A referral change can be refused for several reasons at once (every problem on a stage form),
 * so its outcome carries a list of problems rather than the single field of the shared Outcome.
 */
export type Outcome<T = object> =
  | ({ ok: true } & T)
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; problems: Problem[] }
  | { ok: false; reason: 'invalid'; problems: Problem[] };

const referralConflict = conflictMessage('this referral');

const conflict = (field: string) => ({ ok: false as const, reason: 'conflict' as const, problems: [[field, referralConflict]] as Problem[] });
const invalid = (problems: Problem[]) => ({ ok: false as const, reason: 'invalid' as const, problems });
const notFound = { ok: false as const, reason: 'not_found' as const };

const short = (text: string, length = 200) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const stageText = (stage: ReferralStage) => stageTags[stage].text.toLowerCase();

/** A sentence for the timeline about a move, from what was recorded. */
function moveSummary(
  before: repository.Referral,
  to: ReferralStage,
  details: StageDetails,
  service: { name: string; provider_name: string } | null,
  today: string,
): string {
  const serviceName = service ? `${service.name} (${service.provider_name})` : null;
  switch (to) {
    case 'referred':
      return 'Referred for residential treatment.';
    case 'assessed':
      return details.eligibilityDecision === 'eligible'
        ? `Assessed as eligible.${details.eligibilityReasons?.trim() ? ` ${short(details.eligibilityReasons.trim())}` : ''}`
        : `Assessed as not eligible. Reasons: ${short(details.eligibilityReasons?.trim() ?? '')}`;
    case 'preparing': {
      const done = [
        details.preparationGroup ? 'preparation group' : null,
        details.informationPackGiven ? 'information pack given' : null,
        details.serviceVisit ? 'visit to the service' : null,
        details.detoxArranged ? 'detox arranged' : null,
      ].filter(Boolean);
      const again = before.stage === 'funding_decided' ? ' again after funding was declined' : '';
      return `Preparation started${again}.${done.length ? ` So far: ${done.join(', ')}.` : ''}${serviceName ? ` Service chosen: ${serviceName}.` : ''}`;
    }
    case 'funding_requested':
      return `Funding asked for: ${fundingRouteLabels[details.fundingRoute ?? 'standard']?.toLowerCase()}${serviceName ? `, for ${serviceName}` : ''}.`;
    case 'funding_decided': {
      const waited = fundingWaitWorkingDays({ funding_requested_on: before.funding_requested_on, funding_decided_on: details.date }, today);
      const by = fundingDeciderLabels[details.fundingDecidedBy ?? 'panel']?.toLowerCase();
      const verdict = details.fundingDecision === 'approved' ? 'approved' : 'declined';
      const reason = details.fundingDecisionReason?.trim() ? ` Reason: ${short(details.fundingDecisionReason.trim())}` : '';
      return `Funding ${verdict} by the ${by}${waited !== null ? ` after ${waited} working day${waited === 1 ? '' : 's'}` : ''}.${reason}`;
    }
    case 'waiting':
      return 'Waiting for admission.';
    case 'admitted': {
      const weeks = details.plannedWeeks ?? 0;
      const cost = details.weeklyCostPence !== null && details.weeklyCostPence !== undefined ? ` Weekly cost ${formatPounds(details.weeklyCostPence)}.` : '';
      const aftercare = details.aftercarePlanAgreedOn
        ? ` Aftercare plan agreed on ${formatDate(details.aftercarePlanAgreedOn)}.`
        : ` Admitted without an agreed aftercare plan. Reason: ${short(details.noAftercarePlanReason?.trim() ?? '')}`;
      return `Admitted to ${serviceName ?? 'a service'} for a planned ${weeks} week${weeks === 1 ? '' : 's'}${details.detoxIncluded ? ', with detox' : ''}.${cost}${aftercare}`;
    }
    case 'discharged': {
      const outcome = details.dischargeOutcome ?? 'other';
      let text = `Discharged: ${dischargeOutcomeLabels[outcome].toLowerCase()}.`;
      if (unplannedOutcomes.has(outcome)) {
        text += ` Risk assessment: ${short(details.riskAssessmentSummary?.trim() ?? '')}`;
        text += details.referrerNotifiedAt ? ` Referrer told on ${formatDateTime(details.referrerNotifiedAt)}.` : ' The referrer has not been told yet.';
      }
      return text;
    }
    case 'aftercare':
      return 'Aftercare started.';
    case 'closed':
      return 'Referral closed.';
    case 'withdrawn':
      return `Withdrawn at the stage “${stageText(before.stage)}”. Reason: ${short(details.withdrawnReason?.trim() ?? '')}`;
    default:
      return `Moved to ${stageText(to)}.`;
  }
}

export function createPathwayService({ db, now }: { db: Kysely<Database>; now: () => Date }) {
  const today = () => ukDateOf(now());

  async function audit(trx: Executor, partnershipId: string, actor: Actor, action: string, referralId: string, summary: string) {
    await recordAudit(trx, {
      partnershipId,
      actorUserId: actor.userId,
      action,
      recordType: 'referral',
      recordId: referralId,
      summary,
      requestId: actor.requestId ?? null,
    });
  }

  /** Starts a referral record at the stage "identified". */
  async function createReferral(partnershipId: string, actor: Actor, details: ReferralDetails): Promise<Outcome<{ referralId: string }>> {
    const problems = validateReferralDetails(details, today());
    if (problems.length) return invalid(problems);
    return db.transaction().execute(async (trx) => {
      if (await repository.referenceTaken(trx, partnershipId, details.localReference)) {
        return invalid([['localReference', 'A referral with this local reference already exists. Use a different reference']]);
      }
      const created = await repository.insertReferral(trx, partnershipId, details, actor.userId, now());
      await repository.insertEvent(
        trx,
        partnershipId,
        {
          referralId: created.id,
          eventOn: details.identifiedOn,
          eventType: 'created',
          stage: 'identified',
          summary: `Record started. Identified: ${identifiedViaLabels[details.identifiedVia].toLowerCase()}.`,
          actorUserId: actor.userId,
        },
        now(),
      );
      await audit(trx, partnershipId, actor, 'referral_created', created.id, `Started the referral ${details.localReference}`);
      return { ok: true as const, referralId: created.id };
    });
  }

  /** Changes the record's own details (not its stages), if nobody has changed it meanwhile. */
  async function updateDetails(partnershipId: string, actor: Actor, referralId: string, expectedVersion: number, details: ReferralDetails): Promise<Outcome<{ changed: string[] }>> {
    return db.transaction().execute(async (trx) => {
      const referral = await repository.findReferral(trx, partnershipId, referralId);
      if (!referral) return notFound;
      if (referral.version !== expectedVersion) return conflict('localReference');
      const problems = validateReferralDetails(details, today(), { nextStageDate: firstLaterDate(referral) });
      if (problems.length) return invalid(problems);
      if (await repository.referenceTaken(trx, partnershipId, details.localReference, referralId)) {
        return invalid([['localReference', 'A referral with this local reference already exists. Use a different reference']]);
      }
      const changed = changedDetails(repository.detailsOf(referral), details);
      if (!changed.length) return { ok: true as const, changed };
      if (!(await repository.updateReferralDetails(trx, partnershipId, referralId, expectedVersion, details, now()))) return conflict('localReference');
      const list = changed.join(', ');
      await repository.insertEvent(
        trx,
        partnershipId,
        { referralId, eventOn: today(), eventType: 'details_changed', stage: null, summary: `Details changed: ${list}.`, actorUserId: actor.userId },
        now(),
      );
      await audit(trx, partnershipId, actor, 'referral_updated', referralId, `Changed the details of the referral ${details.localReference} (${list})`);
      return { ok: true as const, changed };
    });
  }

  /**
   * Moves a referral to another stage with that stage's details, checking every rule. On
   * admission the in-stay reviews are scheduled; on discharge the follow-ups are, and in-stay
   * reviews that would now fall after the discharge are removed. For a stage recorded after the
   * event, those already due today are kept as not recorded at the time, off the queues.
   */
  async function moveStage(
    partnershipId: string,
    actor: Actor,
    referralId: string,
    expectedVersion: number,
    to: ReferralStage,
    details: StageDetails,
  ): Promise<Outcome<{ stage: ReferralStage }>> {
    return db.transaction().execute(async (trx) => {
      const referral = await repository.findReferral(trx, partnershipId, referralId);
      if (!referral) return notFound;
      if (referral.version !== expectedVersion) return conflict('stage');
      const day = today();
      const problems = transitionProblems(referral, to, details, day);
      let effective = details;
      let service: Awaited<ReturnType<typeof repository.findService>> | null = null;
      const serviceId = details.serviceId ?? (to === 'admitted' || to === 'funding_requested' ? referral.service_id : null);
      if (serviceId && !problems.some(([field]) => field === 'stage')) {
        service = (await repository.findService(trx, serviceId)) ?? null;
        if (!service) problems.push(['serviceId', 'Select a service from the list']);
        else if (to === 'admitted' && (details.weeklyCostPence === null || details.weeklyCostPence === undefined)) {
          // The service's usual weekly cost, when none was typed.
          effective = { ...details, weeklyCostPence: service.weekly_cost_pence };
        }
      }
      if (problems.length) return invalid(problems);
      const changes = applyTransition(referral, to, effective);
      if (!(await repository.updateReferral(trx, partnershipId, referralId, expectedVersion, changes, now()))) return conflict('stage');
      const after = withChanges(referral, changes);
      await repository.insertEvent(
        trx,
        partnershipId,
        { referralId, eventOn: effective.date ?? day, eventType: 'stage_changed', stage: to, summary: moveSummary(referral, to, effective, service, day), actorUserId: actor.userId },
        now(),
      );
      // A backdated stage does not schedule what has already passed: those are kept as not recorded at the time.
      if (to === 'admitted' && after.admitted_on && after.planned_weeks) {
        await repository.insertReviews(trx, partnershipId, referralId, splitByWhenRecorded(reviewSchedule(after.admitted_on, after.planned_weeks), day), now());
      }
      if (to === 'discharged' && after.discharged_on) {
        await repository.removeStayReviewsAfter(trx, partnershipId, referralId, after.discharged_on);
        await repository.insertReviews(trx, partnershipId, referralId, splitByWhenRecorded(followUpDates(after.discharged_on), day), now());
      }
      await audit(trx, partnershipId, actor, 'referral_stage_changed', referralId, `Moved the referral ${referral.local_reference} from “${stageText(referral.stage)}” to “${stageText(to)}”`);
      return { ok: true as const, stage: to };
    });
  }

  /** A dated contact with the person while they wait for a bed. */
  async function addContact(partnershipId: string, actor: Actor, referralId: string, contact: { contactedOn: string | null; note: string }): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const referral = await repository.findReferral(trx, partnershipId, referralId);
      if (!referral) return notFound;
      const problems = contactProblems(referral, contact.contactedOn, today());
      if (problems.length || !contact.contactedOn) return invalid(problems);
      await repository.insertContact(trx, partnershipId, { referralId, contactedOn: contact.contactedOn, note: contact.note.trim(), createdBy: actor.userId }, now());
      await repository.insertEvent(
        trx,
        partnershipId,
        { referralId, eventOn: contact.contactedOn, eventType: 'contact_added', stage: null, summary: 'Contact while waiting recorded.', actorUserId: actor.userId },
        now(),
      );
      await audit(trx, partnershipId, actor, 'referral_contact_added', referralId, `Recorded a contact while waiting for the referral ${referral.local_reference}`);
      return { ok: true as const };
    });
  }

  /** Marks a care-plan or risk review, or a follow-up, as done. */
  async function completeReview(
    partnershipId: string,
    actor: Actor,
    referralId: string,
    reviewId: string,
    expectedVersion: number,
    done: { completedOn: string | null; notes: string },
  ): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const referral = await repository.findReferral(trx, partnershipId, referralId);
      const review = referral ? await repository.findReview(trx, partnershipId, referralId, reviewId) : undefined;
      if (!referral || !review) return notFound;
      if (review.version !== expectedVersion || review.completed_on) return conflict('completedOn');
      const problems = reviewCompletionProblems(done.completedOn, referral, today());
      if (problems.length || !done.completedOn) return invalid(problems);
      if (!(await repository.completeReview(trx, partnershipId, referralId, reviewId, expectedVersion, { completedOn: done.completedOn, notes: done.notes.trim() }, now()))) {
        return conflict('completedOn');
      }
      const name = reviewKindLabels[review.kind];
      await repository.insertEvent(
        trx,
        partnershipId,
        { referralId, eventOn: done.completedOn, eventType: 'review_done', stage: null, summary: `${name} (due ${formatDate(review.due_on)}) done.`, actorUserId: actor.userId },
        now(),
      );
      await audit(trx, partnershipId, actor, 'referral_review_done', referralId, `Recorded a ${name.toLowerCase()} as done for the referral ${referral.local_reference}`);
      return { ok: true as const };
    });
  }

  /**
   * Records one fact that clears (or changes) a safety flag on a referral, against the version
   * the person saw: the fact is checked, stored, put on the timeline and audited.
   */
  async function recordFlagFact<V>(
    partnershipId: string,
    actor: Actor,
    referralId: string,
    expectedVersion: number,
    fact: {
      value: V | null;
      field: string;
      problems: (referral: repository.Referral, value: V | null, today: string) => Problem[];
      changes: (value: V) => ReferralChanges;
      event: (value: V) => { eventOn: string; eventType: string; summary: string };
      action: string;
      auditSummary: (referral: repository.Referral) => string;
    },
  ): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const referral = await repository.findReferral(trx, partnershipId, referralId);
      if (!referral) return notFound;
      if (referral.version !== expectedVersion) return conflict(fact.field);
      const value = fact.value;
      const problems = fact.problems(referral, value, today());
      if (problems.length || !value) return invalid(problems);
      if (!(await repository.updateReferral(trx, partnershipId, referralId, expectedVersion, fact.changes(value), now()))) return conflict(fact.field);
      await repository.insertEvent(trx, partnershipId, { referralId, ...fact.event(value), stage: null, actorUserId: actor.userId }, now());
      await audit(trx, partnershipId, actor, fact.action, referralId, fact.auditSummary(referral));
      return { ok: true as const };
    });
  }

  /** Records an aftercare plan agreed after admission, which clears the safety flag. */
  async function recordAftercarePlan(partnershipId: string, actor: Actor, referralId: string, expectedVersion: number, agreedOn: string | null): Promise<Outcome> {
    return recordFlagFact(partnershipId, actor, referralId, expectedVersion, {
      value: agreedOn,
      field: 'agreedOn',
      problems: aftercarePlanProblems,
      changes: (on) => ({ aftercare_plan_agreed_on: on }),
      event: (on) => ({ eventOn: on, eventType: 'aftercare_plan_recorded', summary: `Aftercare plan agreed on ${formatDate(on)} (after admission).` }),
      action: 'referral_aftercare_plan_recorded',
      auditSummary: (referral) => `Recorded an agreed aftercare plan for the referral ${referral.local_reference}`,
    });
  }

  /** Records when the referrer was told of an unplanned discharge, which clears or changes the flag. */
  async function recordReferrerTold(partnershipId: string, actor: Actor, referralId: string, expectedVersion: number, toldAt: Date | null): Promise<Outcome> {
    return recordFlagFact(partnershipId, actor, referralId, expectedVersion, {
      value: toldAt,
      field: 'toldOn',
      problems: referrerToldProblems,
      changes: (at) => ({ referrer_notified_at: at }),
      event: (at) => ({ eventOn: ukDateOf(at), eventType: 'referrer_told', summary: `Referrer told of the discharge on ${formatDateTime(at)}.` }),
      action: 'referral_referrer_told',
      auditSummary: (referral) => `Recorded when the referrer was told of the discharge for the referral ${referral.local_reference}`,
    });
  }

  return { createReferral, updateDetails, moveStage, addContact, completeReview, recordAftercarePlan, recordReferrerTold };
}

export type PathwayService = ReturnType<typeof createPathwayService>;
