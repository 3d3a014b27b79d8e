import type { Executor } from '../platform/db/executor.js';
import type { EvidenceFigure, EvidenceMeasureKey } from '../insight/index.js';
import type { ActionPurpose, ActionStatus } from '../platform/db/schema.js';

/**
 * SQL for the action plan (priorities, actions, progress updates) and review meetings. Every
 * function takes the partnership id first and every query is limited to that partnership. The
 * two link tables (action_statements, review_meeting_actions) have no partnership column, so
 * they are always reached through an action or meeting of the partnership.
 */

// Priorities -----------------------------------------------------------------------------------

export function listPriorities(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('priorities')
    .select((eb) => [
      'priorities.id',
      'priorities.title',
      'priorities.description',
      'priorities.rank',
      'priorities.version',
      eb
        .selectFrom('actions')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('actions.priority_id', '=', 'priorities.id')
        .where('actions.partnership_id', '=', partnershipId)
        .as('action_count'),
    ])
    .where('priorities.partnership_id', '=', partnershipId)
    .where('priorities.round_id', '=', roundId)
    .orderBy('priorities.rank')
    .orderBy('priorities.created_at')
    .orderBy('priorities.id')
    .execute();
}

export function findPriority(db: Executor, partnershipId: string, priorityId: string) {
  return db.selectFrom('priorities').selectAll().where('partnership_id', '=', partnershipId).where('id', '=', priorityId).executeTakeFirst();
}

export type Priority = NonNullable<Awaited<ReturnType<typeof findPriority>>>;

export async function insertPriority(db: Executor, partnershipId: string, priority: { roundId: string; title: string; description: string }, now: Date) {
  const last = await db
    .selectFrom('priorities')
    .select((eb) => eb.fn.max('rank').as('rank'))
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', priority.roundId)
    .executeTakeFirst();
  return db
    .insertInto('priorities')
    .values({
      partnership_id: partnershipId,
      round_id: priority.roundId,
      title: priority.title,
      description: priority.description,
      rank: Number(last?.rank ?? 0) + 1,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'rank'])
    .executeTakeFirstOrThrow();
}

export async function updatePriority(
  db: Executor,
  partnershipId: string,
  priorityId: string,
  expectedVersion: number,
  changes: { title: string; description: string },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('priorities')
    .set((eb) => ({ title: changes.title, description: changes.description, updated_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', priorityId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Claims the priority at the version the person saw, so two moves from stale pages cannot both happen. */
export async function claimPriority(db: Executor, partnershipId: string, priorityId: string, expectedVersion: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('priorities')
    .set((eb) => ({ updated_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', priorityId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a round's priorities the ranks 1, 2, 3… in the order given. */
export async function setPriorityRanks(db: Executor, partnershipId: string, roundId: string, orderedIds: readonly string[]): Promise<void> {
  for (const [index, priorityId] of orderedIds.entries()) {
    await db
      .updateTable('priorities')
      .set({ rank: index + 1 })
      .where('partnership_id', '=', partnershipId)
      .where('round_id', '=', roundId)
      .where('id', '=', priorityId)
      .where('rank', '<>', index + 1)
      .execute();
  }
}

export async function deletePriority(db: Executor, partnershipId: string, priorityId: string, expectedVersion: number): Promise<boolean> {
  const result = await db
    .deleteFrom('priorities')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', priorityId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

// Actions ----------------------------------------------------------------------------------------

export function listActions(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('actions')
    .leftJoin('priorities', (join) => join.onRef('priorities.id', '=', 'actions.priority_id').on('priorities.partnership_id', '=', partnershipId))
    .select([
      'actions.id',
      'actions.description',
      'actions.purpose',
      'actions.lead_person',
      'actions.lead_organisation',
      'actions.due_on',
      'actions.status',
      'actions.priority_id',
      'actions.version',
      'actions.measure',
      'actions.baseline',
      'actions.baseline_on',
      'actions.target_value',
      'actions.target_on',
      'priorities.rank as priority_rank',
      'priorities.title as priority_title',
    ])
    .where('actions.partnership_id', '=', partnershipId)
    .where('actions.round_id', '=', roundId)
    .orderBy('actions.due_on')
    .orderBy('actions.created_at')
    .orderBy('actions.id')
    .execute();
}

export function findAction(db: Executor, partnershipId: string, actionId: string) {
  return db
    .selectFrom('actions')
    .leftJoin('priorities', (join) => join.onRef('priorities.id', '=', 'actions.priority_id').on('priorities.partnership_id', '=', partnershipId))
    .leftJoin('users', 'users.id', 'actions.created_by')
    .selectAll('actions')
    .select(['priorities.rank as priority_rank', 'priorities.title as priority_title', 'users.display_name as created_by_name'])
    .where('actions.partnership_id', '=', partnershipId)
    .where('actions.id', '=', actionId)
    .executeTakeFirst();
}

export type Action = NonNullable<Awaited<ReturnType<typeof findAction>>>;

/** Which statements each of a round's actions is linked to, in question-bank order. */
export function roundStatementLinks(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('action_statements')
    .innerJoin('actions', 'actions.id', 'action_statements.action_id')
    .innerJoin('template_statements', 'template_statements.id', 'action_statements.statement_id')
    .innerJoin('template_themes', 'template_themes.id', 'template_statements.theme_id')
    .select(['action_statements.action_id', 'template_statements.id as statement_id', 'template_statements.key', 'template_statements.theme_id'])
    .where('actions.partnership_id', '=', partnershipId)
    .where('actions.round_id', '=', roundId)
    .orderBy('template_themes.position')
    .orderBy('template_statements.position')
    .execute();
}

export async function linkedStatementIds(db: Executor, partnershipId: string, actionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('action_statements')
    .innerJoin('actions', 'actions.id', 'action_statements.action_id')
    .select('action_statements.statement_id')
    .where('actions.partnership_id', '=', partnershipId)
    .where('actions.id', '=', actionId)
    .execute();
  return rows.map((row) => row.statement_id);
}

export interface ActionDetails {
  description: string;
  purpose: ActionPurpose;
  priorityId: string | null;
  leadPerson: string;
  leadOrganisation: string;
  dueOn: string;
  status: ActionStatus;
}

/** An action's measure and target as saved; the baseline is given only when it is set or cleared. */
export interface TargetColumns {
  measure: EvidenceMeasureKey | null;
  targetValue: number | null;
  targetOn: string | null;
}

export type BaselineColumns = { baseline: number; baselineOn: string; figure: EvidenceFigure } | null;

function targetValues(target: TargetColumns) {
  return { measure: target.measure, target_value: target.targetValue, target_on: target.targetOn };
}

function baselineValues(baseline: BaselineColumns) {
  return baseline
    ? { baseline: baseline.baseline, baseline_on: baseline.baselineOn, baseline_figure: JSON.stringify(baseline.figure) }
    : { baseline: null, baseline_on: null, baseline_figure: null };
}

export function insertAction(
  db: Executor,
  partnershipId: string,
  action: ActionDetails & TargetColumns & { roundId: string; createdBy: string; frozenBaseline: BaselineColumns },
  now: Date,
) {
  return db
    .insertInto('actions')
    .values({
      partnership_id: partnershipId,
      round_id: action.roundId,
      priority_id: action.priorityId,
      description: action.description,
      purpose: action.purpose,
      lead_person: action.leadPerson,
      lead_organisation: action.leadOrganisation,
      due_on: action.dueOn,
      status: action.status,
      ...targetValues(action),
      ...baselineValues(action.frozenBaseline),
      created_by: action.createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Saves an action's details and target; `frozenBaseline` is left out to keep the baseline as it is. */
export async function updateAction(
  db: Executor,
  partnershipId: string,
  actionId: string,
  expectedVersion: number,
  changes: ActionDetails & TargetColumns & { frozenBaseline?: BaselineColumns },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('actions')
    .set((eb) => ({
      ...targetValues(changes),
      ...(changes.frozenBaseline === undefined ? {} : baselineValues(changes.frozenBaseline)),
      priority_id: changes.priorityId,
      description: changes.description,
      purpose: changes.purpose,
      lead_person: changes.leadPerson,
      lead_organisation: changes.leadOrganisation,
      due_on: changes.dueOn,
      status: changes.status,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', actionId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets the status from a progress update; the version moves on so an open edit form notices. */
export async function setActionStatus(db: Executor, partnershipId: string, actionId: string, status: ActionStatus, now: Date): Promise<void> {
  await db
    .updateTable('actions')
    .set((eb) => ({ status, updated_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', actionId)
    .execute();
}

/** Replaces an action's linked statements. Only touches links of the partnership's own action. */
export async function replaceActionStatements(db: Executor, partnershipId: string, actionId: string, statementIds: readonly string[]): Promise<void> {
  const owned = await db.selectFrom('actions').select('id').where('partnership_id', '=', partnershipId).where('id', '=', actionId).executeTakeFirst();
  if (!owned) return;
  await db.deleteFrom('action_statements').where('action_id', '=', owned.id).execute();
  if (statementIds.length) {
    await db
      .insertInto('action_statements')
      .values([...new Set(statementIds)].map((statementId) => ({ action_id: owned.id, statement_id: statementId })))
      .execute();
  }
}

export async function deleteAction(db: Executor, partnershipId: string, actionId: string, expectedVersion: number): Promise<boolean> {
  const result = await db
    .deleteFrom('actions')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', actionId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The ids, of those given, that are actions in this round of this partnership. */
export async function actionsInRound(db: Executor, partnershipId: string, roundId: string, actionIds: readonly string[]) {
  if (!actionIds.length) return [];
  return db
    .selectFrom('actions')
    .select(['id', 'status', 'measure', 'baseline', 'baseline_on', 'target_value', 'target_on'])
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .where('id', 'in', [...actionIds])
    .execute();
}

// Progress updates -------------------------------------------------------------------------------

export function listUpdates(db: Executor, partnershipId: string, actionId: string) {
  return db
    .selectFrom('action_updates')
    .leftJoin('users', 'users.id', 'action_updates.created_by')
    .select([
      'action_updates.id',
      'action_updates.recorded_on',
      'action_updates.status',
      'action_updates.note',
      'action_updates.created_at',
      'users.display_name as created_by_name',
    ])
    .where('action_updates.partnership_id', '=', partnershipId)
    .where('action_updates.action_id', '=', actionId)
    .orderBy('action_updates.recorded_on', 'desc')
    .orderBy('action_updates.created_at', 'desc')
    .execute();
}

/** Every progress update on a round's actions, for finding each action's latest. */
export function roundUpdates(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('action_updates')
    .innerJoin('actions', 'actions.id', 'action_updates.action_id')
    .select(['action_updates.action_id', 'action_updates.recorded_on', 'action_updates.status', 'action_updates.note', 'action_updates.created_at'])
    .where('action_updates.partnership_id', '=', partnershipId)
    .where('actions.partnership_id', '=', partnershipId)
    .where('actions.round_id', '=', roundId)
    .execute();
}

export function insertUpdate(
  db: Executor,
  partnershipId: string,
  update: { actionId: string; recordedOn: string; status: ActionStatus; note: string; createdBy: string },
  now: Date,
) {
  return db
    .insertInto('action_updates')
    .values({
      partnership_id: partnershipId,
      action_id: update.actionId,
      recorded_on: update.recordedOn,
      status: update.status,
      note: update.note,
      created_by: update.createdBy,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
