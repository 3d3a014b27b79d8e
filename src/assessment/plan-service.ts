import type { Kysely } from 'kysely';
import { type EvidenceFigure, type EvidenceMeasureKey, evidenceFigures, evidenceMeasure } from '../insight/index.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Executor } from '../platform/db/executor.js';
import type { ActionStatus, Database } from '../platform/db/schema.js';
import { ukToday } from '../platform/values/calendar.js';
import { type Actor, conflictMessage, type Outcome } from '../platform/values/outcome.js';
import { actionStatusTags } from './labels.js';
import * as meetingRepository from './plan-meetings-repository.js';
import * as plan from './plan-repository.js';
import {
  actionTargetOf,
  baselineFrom,
  baselineStep,
  figureThen,
  latestUpdate,
  reviewedFigures,
  reviewedStatuses,
  statusAfterUpdate,
  storedNumber,
  targetAuditText,
  targetDateProblem,
  targetProblem,
  targetSummary,
} from './plan-rules.js';
import { isOverdue, moveInRanking } from './rules.js';

/** Writes to the action plan and review meetings: each in one transaction with its audit entry. */

const short = (text: string, length = 80) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

export interface ActionInput extends plan.ActionDetails, plan.TargetColumns {
  statementIds: string[];
}

/**
 * The live figures of the measures given, for the partnership, over the latest four financial
 * quarters: one call (one set of SQL statements) for a whole page, keyed by measure.
 */
export async function liveFigures(db: Executor, partnershipId: string, measures: ReadonlyArray<EvidenceMeasureKey | null>, now: Date): Promise<Map<EvidenceMeasureKey, EvidenceFigure>> {
  const keys = [...new Set(measures.filter((measure): measure is EvidenceMeasureKey => measure !== null))];
  const figures = keys.length ? await evidenceFigures(db, partnershipId, { keys, endsOn: ukToday(now), now }) : [];
  return new Map(figures.map((figure) => [figure.measure, figure]));
}

export interface MeetingInput extends meetingRepository.MeetingDetails {
  actionIds: string[];
}

/**
 * Everything the action list, the CSV and the meeting form show about a round's actions: each
 * action with its priority, linked statements (and their themes), latest update and overdue flag,
 * and, when `figuresAt` is given, its target with the live figure and progress now.
 */
export async function roundActions(db: Kysely<Database>, partnershipId: string, roundId: string, today: string, figuresAt?: Date) {
  const [actions, links, updates] = await Promise.all([
    plan.listActions(db, partnershipId, roundId),
    plan.roundStatementLinks(db, partnershipId, roundId),
    plan.roundUpdates(db, partnershipId, roundId),
  ]);
  const targets = new Map(actions.map((action) => [action.id, actionTargetOf(action)]));
  const figures = figuresAt ? await liveFigures(db, partnershipId, [...targets.values()].map((target) => target?.measure ?? null), figuresAt) : new Map<EvidenceMeasureKey, EvidenceFigure>();
  return actions.map((action) => {
    const statements = links.filter((link) => link.action_id === action.id);
    const target = targets.get(action.id) ?? null;
    return {
      target: target && figuresAt ? targetSummary(target, figures.get(target.measure)?.value ?? null, today) : null,
      ...action,
      statementKeys: statements.map((link) => link.key),
      themeIds: [...new Set(statements.map((link) => link.theme_id))],
      priority: action.priority_rank !== null && action.priority_title !== null ? { rank: action.priority_rank, title: action.priority_title } : null,
      latest: latestUpdate(updates.filter((update) => update.action_id === action.id)),
      overdue: isOverdue(action, today),
    };
  });
}

export function createPlanService({ db, now }: { db: Kysely<Database>; now: () => Date }) {
  // Priorities ---------------------------------------------------------------------------------

  async function addPriority(partnershipId: string, actor: Actor, roundId: string, details: { title: string; description: string }): Promise<Outcome<{ priorityId: string }>> {
    return db.transaction().execute(async (trx) => {
      const created = await plan.insertPriority(trx, partnershipId, { roundId, ...details }, now());
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'priority_added',
        recordType: 'priority',
        recordId: created.id,
        summary: `Added priority ${created.rank}: “${short(details.title)}”`,
        requestId: actor.requestId,
      });
      return { ok: true as const, priorityId: created.id };
    });
  }

  async function updatePriority(
    partnershipId: string,
    actor: Actor,
    priorityId: string,
    expectedVersion: number,
    details: { title: string; description: string },
  ): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      if (!(await plan.updatePriority(trx, partnershipId, priorityId, expectedVersion, details, now()))) {
        return { ok: false as const, field: 'title', problem: conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'priority_updated',
        recordType: 'priority',
        recordId: priorityId,
        summary: `Changed the priority “${short(details.title)}”`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function movePriority(
    partnershipId: string,
    actor: Actor,
    roundId: string,
    priorityId: string,
    expectedVersion: number,
    direction: 'up' | 'down',
  ): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      if (!(await plan.claimPriority(trx, partnershipId, priorityId, expectedVersion, now()))) {
        return { ok: false as const, field: 'priorities', problem: conflictMessage() };
      }
      const priorities = await plan.listPriorities(trx, partnershipId, roundId);
      const moved = priorities.find((priority) => priority.id === priorityId);
      if (!moved) return { ok: false as const, field: 'priorities', problem: conflictMessage() };
      const order = moveInRanking(
        priorities.map((priority) => priority.id),
        priorityId,
        direction,
      );
      await plan.setPriorityRanks(trx, partnershipId, roundId, order);
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'priority_moved',
        recordType: 'priority',
        recordId: priorityId,
        summary: `Moved the priority “${short(moved.title)}” ${direction} to number ${order.indexOf(priorityId) + 1}`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function deletePriority(partnershipId: string, actor: Actor, roundId: string, priorityId: string, expectedVersion: number): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const priority = await plan.findPriority(trx, partnershipId, priorityId);
      if (!priority || !(await plan.deletePriority(trx, partnershipId, priorityId, expectedVersion))) {
        return { ok: false as const, field: 'version', problem: conflictMessage() };
      }
      const remaining = await plan.listPriorities(trx, partnershipId, roundId);
      await plan.setPriorityRanks(
        trx,
        partnershipId,
        roundId,
        remaining.map((item) => item.id),
      );
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'priority_deleted',
        recordType: 'priority',
        recordId: priorityId,
        summary: `Deleted the priority “${short(priority.title)}”; its actions no longer have a priority`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  // Actions ------------------------------------------------------------------------------------

  /** A priority chosen for an action must be one of this round's, in this partnership. */
  async function priorityProblem(trx: Parameters<typeof plan.findPriority>[0], partnershipId: string, roundId: string, priorityId: string | null) {
    if (!priorityId) return null;
    const priority = await plan.findPriority(trx, partnershipId, priorityId);
    return priority && priority.round_id === roundId ? null : 'Select a priority from the list';
  }

  /**
   * The baseline a save leaves on an action and any problem with the target: a baseline is
   * frozen from the live figure when the measure is first chosen or changed, and the target
   * must then be better than it and due after it.
   */
  async function targetCheck(
    trx: Executor,
    partnershipId: string,
    details: plan.TargetColumns,
    stored: { measure: string | null; baseline: string | null; baseline_on: string | null } | null,
  ) {
    const step = baselineStep(stored, details.measure);
    const today = ukToday(now());
    if (step === 'clear' || details.measure === null || details.targetValue === null || details.targetOn === null) {
      return { ok: true as const, frozen: null as plan.BaselineColumns, keep: false, baseline: null as number | null };
    }
    const measure = evidenceMeasure(details.measure);
    let frozen: plan.BaselineColumns = null;
    let baseline: number | null;
    let baselineOn: string;
    if (step === 'keep' && stored) {
      baseline = storedNumber(stored.baseline);
      baselineOn = stored.baseline_on ?? today;
    } else {
      const figures = await liveFigures(trx, partnershipId, [details.measure], now());
      frozen = baselineFrom(figures.get(details.measure), today);
      baseline = frozen?.baseline ?? null;
      baselineOn = today;
    }
    const problem = targetProblem(baseline, details.targetValue, measure);
    if (problem) return { ok: false as const, field: 'targetValue', problem };
    const dateProblem = targetDateProblem(details.targetOn, baselineOn, today);
    if (dateProblem) return { ok: false as const, field: 'targetOn', problem: dateProblem };
    return { ok: true as const, frozen, keep: step === 'keep', baseline };
  }

  const auditTarget = (details: plan.TargetColumns, baseline: number | null) =>
    details.measure && details.targetValue !== null && details.targetOn
      ? targetAuditText({ measure: details.measure, baseline, target: details.targetValue, targetOn: details.targetOn })
      : 'no measure';

  async function createAction(partnershipId: string, actor: Actor, roundId: string, details: ActionInput): Promise<Outcome<{ actionId: string; baselineSet: boolean | null }>> {
    return db.transaction().execute(async (trx) => {
      const problem = await priorityProblem(trx, partnershipId, roundId, details.priorityId);
      if (problem) return { ok: false as const, field: 'priorityId', problem };
      const target = await targetCheck(trx, partnershipId, details, null);
      if (!target.ok) return target;
      const created = await plan.insertAction(trx, partnershipId, { ...details, roundId, createdBy: actor.userId, frozenBaseline: target.frozen }, now());
      await plan.replaceActionStatements(trx, partnershipId, created.id, details.statementIds);
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'action_created',
        recordType: 'action',
        recordId: created.id,
        summary: `Added the action “${short(details.description)}”, due ${details.dueOn}; ${auditTarget(details, target.baseline)}`,
        requestId: actor.requestId,
      });
      return { ok: true as const, actionId: created.id, baselineSet: details.measure ? target.baseline !== null : null };
    });
  }

  async function updateAction(
    partnershipId: string,
    actor: Actor,
    roundId: string,
    actionId: string,
    expectedVersion: number,
    details: ActionInput,
  ): Promise<Outcome<{ baselineSet: boolean | null }>> {
    return db.transaction().execute(async (trx) => {
      const problem = await priorityProblem(trx, partnershipId, roundId, details.priorityId);
      if (problem) return { ok: false as const, field: 'priorityId', problem };
      const stored = await plan.findAction(trx, partnershipId, actionId);
      if (!stored || stored.version !== expectedVersion) return { ok: false as const, field: 'description', problem: conflictMessage() };
      const target = await targetCheck(trx, partnershipId, details, stored);
      if (!target.ok) return target;
      const changes = { ...details, ...(target.keep ? {} : { frozenBaseline: target.frozen }) };
      if (!(await plan.updateAction(trx, partnershipId, actionId, expectedVersion, changes, now()))) {
        return { ok: false as const, field: 'description', problem: conflictMessage() };
      }
      await plan.replaceActionStatements(trx, partnershipId, actionId, details.statementIds);
      const baselineWords = !target.keep && target.frozen ? ' (new baseline)' : '';
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'action_updated',
        recordType: 'action',
        recordId: actionId,
        summary: `Changed the action “${short(details.description)}” (due ${details.dueOn}, ${actionStatusTags[details.status].text.toLowerCase()}; ${auditTarget(details, target.baseline)}${baselineWords})`,
        requestId: actor.requestId,
      });
      return { ok: true as const, baselineSet: details.measure ? target.baseline !== null : null };
    });
  }

  async function deleteAction(partnershipId: string, actor: Actor, actionId: string, expectedVersion: number): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const action = await plan.findAction(trx, partnershipId, actionId);
      if (!action || !(await plan.deleteAction(trx, partnershipId, actionId, expectedVersion))) {
        return { ok: false as const, field: 'version', problem: conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'action_deleted',
        recordType: 'action',
        recordId: actionId,
        summary: `Deleted the action “${short(action.description)}” with its progress updates`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function addProgressUpdate(
    partnershipId: string,
    actor: Actor,
    actionId: string,
    update: { recordedOn: string; status: ActionStatus; note: string },
  ): Promise<Outcome<{ status: ActionStatus }>> {
    return db.transaction().execute(async (trx) => {
      const action = await plan.findAction(trx, partnershipId, actionId);
      if (!action) return { ok: false as const, field: 'note', problem: 'This action has been deleted' };
      const newest = latestUpdate(await plan.listUpdates(trx, partnershipId, actionId));
      const status = statusAfterUpdate(action.status, newest?.recorded_on ?? null, update);
      await plan.insertUpdate(trx, partnershipId, { actionId, ...update, createdBy: actor.userId }, now());
      if (status !== action.status) await plan.setActionStatus(trx, partnershipId, actionId, status, now());
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'action_progress_recorded',
        recordType: 'action',
        recordId: actionId,
        summary: `Recorded progress on “${short(action.description)}” for ${update.recordedOn}: ${actionStatusTags[update.status].text.toLowerCase()}`,
        requestId: actor.requestId,
      });
      return { ok: true as const, status };
    });
  }

  // Review meetings ----------------------------------------------------------------------------

  /**
   * Works out each reviewed action's status then and, for an action with a measure, the live
   * figure then (one set of figure queries for the whole meeting), refusing actions from outside
   * the round. Actions already recorded keep what was recorded for them.
   */
  async function reviewedActions(trx: Executor, partnershipId: string, roundId: string, meetingId: string | null, actionIds: readonly string[]) {
    const found = await plan.actionsInRound(trx, partnershipId, roundId, actionIds);
    if (found.length !== new Set(actionIds).size) return null;
    const already = meetingId ? await meetingRepository.meetingActions(trx, partnershipId, meetingId) : [];
    const recorded = new Set(already.map((item) => item.id));
    const targets = new Map(found.filter((item) => !recorded.has(item.id)).flatMap((item) => {
      const target = actionTargetOf(item);
      return target ? [[item.id, target] as const] : [];
    }));
    const figures = await liveFigures(trx, partnershipId, [...targets.values()].map((target) => target.measure), now());
    const fresh = new Map(
      [...targets].flatMap(([id, target]) => {
        const figure = figures.get(target.measure);
        return figure ? [[id, figureThen(figure, target)] as const] : [];
      }),
    );
    const statuses = reviewedStatuses(
      actionIds,
      new Map(already.map((item) => [item.id, item.status_then])),
      new Map(found.map((item) => [item.id, item.status])),
    );
    return reviewedFigures(statuses, new Map(already.map((item) => [item.id, item.figure_then])), fresh);
  }

  async function scheduleMeeting(partnershipId: string, actor: Actor, roundId: string, details: MeetingInput): Promise<Outcome<{ meetingId: string }>> {
    return db.transaction().execute(async (trx) => {
      const reviewed = await reviewedActions(trx, partnershipId, roundId, null, details.actionIds);
      if (!reviewed) return { ok: false as const, field: 'actionIds', problem: 'Select actions from the list' };
      const created = await meetingRepository.insertMeeting(trx, partnershipId, { ...details, roundId }, now());
      await meetingRepository.replaceMeetingActions(trx, partnershipId, created.id, reviewed);
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'review_meeting_added',
        recordType: 'review_meeting',
        recordId: created.id,
        summary: `Added the review meeting on ${details.meetsOn}${reviewed.length ? `, reviewing ${reviewed.length} action${reviewed.length === 1 ? '' : 's'}` : ''}`,
        requestId: actor.requestId,
      });
      return { ok: true as const, meetingId: created.id };
    });
  }

  async function updateMeeting(partnershipId: string, actor: Actor, roundId: string, meetingId: string, expectedVersion: number, details: MeetingInput): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const reviewed = await reviewedActions(trx, partnershipId, roundId, meetingId, details.actionIds);
      if (!reviewed) return { ok: false as const, field: 'actionIds', problem: 'Select actions from the list' };
      if (!(await meetingRepository.updateMeeting(trx, partnershipId, meetingId, expectedVersion, details, now()))) {
        return { ok: false as const, field: 'meetsOn', problem: conflictMessage() };
      }
      await meetingRepository.replaceMeetingActions(trx, partnershipId, meetingId, reviewed);
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'review_meeting_updated',
        recordType: 'review_meeting',
        recordId: meetingId,
        summary: `Changed the review meeting on ${details.meetsOn} (${reviewed.length} action${reviewed.length === 1 ? '' : 's'} reviewed)`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function deleteMeeting(partnershipId: string, actor: Actor, meetingId: string, expectedVersion: number): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const meeting = await meetingRepository.findMeeting(trx, partnershipId, meetingId);
      if (!meeting || !(await meetingRepository.deleteMeeting(trx, partnershipId, meetingId, expectedVersion))) {
        return { ok: false as const, field: 'version', problem: conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'review_meeting_deleted',
        recordType: 'review_meeting',
        recordId: meetingId,
        summary: `Deleted the review meeting on ${meeting.meets_on}`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  return {
    addPriority,
    updatePriority,
    movePriority,
    deletePriority,
    createAction,
    updateAction,
    deleteAction,
    addProgressUpdate,
    scheduleMeeting,
    updateMeeting,
    deleteMeeting,
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
