import type { Executor } from '../../platform/db/executor.js';
import type { ActionStatus } from '../../platform/db/schema.js';
import { evidenceFigures } from '../../insight/index.js';
import { ukToday } from '../../platform/values/calendar.js';
import { actionTargetOf } from '../plan-rules.js';
import * as repository from '../repository.js';
import type { RoundExportSource } from './report-data.js';

/**
 * Reads everything one round's spreadsheet and printable report need. Read only; every query on
 * a partnership's data takes the partnership id first. Question banks are shared, so they are
 * read by the id of the round's own template.
 */

export function findPartnership(db: Executor, partnershipId: string) {
  return db.selectFrom('partnerships').select(['name', 'region']).where('id', '=', partnershipId).executeTakeFirst();
}

export function listPriorities(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('priorities')
    .select(['id', 'title', 'description', 'rank'])
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .orderBy('rank')
    .execute();
}

export function listActions(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('actions')
    .select(['id', 'priority_id', 'description', 'purpose', 'lead_person', 'lead_organisation', 'due_on', 'status', 'measure', 'baseline', 'baseline_on', 'target_value', 'target_on'])
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .orderBy('due_on')
    .orderBy('created_at')
    .execute();
}

/** The statements each action is linked to (action_statements has no partnership column, so it is reached through actions). */
export function listActionStatementKeys(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('action_statements')
    .innerJoin('actions', 'actions.id', 'action_statements.action_id')
    .innerJoin('template_statements', 'template_statements.id', 'action_statements.statement_id')
    .select(['action_statements.action_id', 'template_statements.key'])
    .where('actions.partnership_id', '=', partnershipId)
    .where('actions.round_id', '=', roundId)
    .orderBy('template_statements.key')
    .execute();
}

/** Every progress update on the round's actions, newest first. */
export function listActionUpdates(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('action_updates')
    .innerJoin('actions', 'actions.id', 'action_updates.action_id')
    .select(['action_updates.action_id', 'action_updates.recorded_on', 'action_updates.status', 'action_updates.note'])
    .where('action_updates.partnership_id', '=', partnershipId)
    .where('actions.partnership_id', '=', partnershipId)
    .where('actions.round_id', '=', roundId)
    .orderBy('action_updates.recorded_on', 'desc')
    .orderBy('action_updates.created_at', 'desc')
    .execute();
}

export function listMeetingDates(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('review_meetings')
    .select('meets_on')
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .orderBy('meets_on')
    .execute();
}

export function listPeerComments(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('peer_review_comments')
    .innerJoin('users as reviewers', 'reviewers.id', 'peer_review_comments.reviewer_user_id')
    .leftJoin('users as repliers', 'repliers.id', 'peer_review_comments.replied_by')
    .select([
      'peer_review_comments.statement_id',
      'peer_review_comments.comment',
      'peer_review_comments.reply',
      'peer_review_comments.replied_at',
      'peer_review_comments.created_at',
      'reviewers.display_name as reviewer_name',
      'repliers.display_name as replied_by_name',
    ])
    .where('peer_review_comments.partnership_id', '=', partnershipId)
    .where('peer_review_comments.round_id', '=', roundId)
    .orderBy('peer_review_comments.created_at')
    .orderBy('peer_review_comments.id')
    .execute();
}

export function listPeerDecisions(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('peer_review_decisions')
    .innerJoin('users', 'users.id', 'peer_review_decisions.reviewer_user_id')
    .select(['peer_review_decisions.decision', 'peer_review_decisions.summary', 'peer_review_decisions.decided_at', 'users.display_name as reviewer_name'])
    .where('peer_review_decisions.partnership_id', '=', partnershipId)
    .where('peer_review_decisions.round_id', '=', roundId)
    .orderBy('peer_review_decisions.decided_at')
    .execute();
}

/** Everything about one round, or null when the round is not the partnership's. */
export async function gatherRoundExport(db: Executor, partnershipId: string, roundId: string, now: Date): Promise<RoundExportSource | null> {
  const round = await repository.findRound(db, partnershipId, roundId);
  if (!round) return null;
  // One query at a time: PGlite runs them one after another anyway, and inside a
  // transaction the driver needs them in sequence.
  const partnership = await findPartnership(db, partnershipId);
  const template = await repository.findTemplate(db, round.template_id);
  if (!partnership || !template) return null;
  const themes = await repository.templateStructure(db, round.template_id);
  const participants = await repository.listParticipants(db, partnershipId, round.id);
  const responses = await repository.allResponses(db, partnershipId, round.id);
  const agreed = await repository.agreedAnswers(db, partnershipId, round.id);
  const priorities = await listPriorities(db, partnershipId, round.id);
  const actions = await listActions(db, partnershipId, round.id);
  const links = await listActionStatementKeys(db, partnershipId, round.id);
  const updates = await listActionUpdates(db, partnershipId, round.id);
  const meetings = await listMeetingDates(db, partnershipId, round.id);
  const comments = await listPeerComments(db, partnershipId, round.id);
  const decisions = await listPeerDecisions(db, partnershipId, round.id);

  // The live figure of each measure an action aims to move, worked out once for the whole plan.
  const targets = actions.map((action) => ({ id: action.id, target: actionTargetOf(action) }));
  const measures = [...new Set(targets.flatMap(({ target }) => (target ? [target.measure] : [])))];
  const figures = measures.length ? await evidenceFigures(db, partnershipId, { keys: measures, endsOn: ukToday(now), now }) : [];
  const figuresNow = Object.fromEntries(figures.map((figure) => [figure.measure, figure.value]));

  const latestUpdates = new Map<string, { recorded_on: string; status: ActionStatus; note: string }>();
  for (const update of updates) {
    if (!latestUpdates.has(update.action_id)) latestUpdates.set(update.action_id, { recorded_on: update.recorded_on, status: update.status, note: update.note });
  }

  return {
    partnership,
    round: {
      id: round.id,
      title: round.title,
      status: round.status,
      starts_on: round.starts_on,
      responses_due_on: round.responses_due_on,
      re_evaluate_on: round.re_evaluate_on,
      created_at: new Date(round.created_at),
    },
    template: { key: template.key, version: template.version, title: template.title },
    themes,
    participants,
    responses,
    agreed,
    priorities,
    actions: actions.map((action) => ({
      ...action,
      statementKeys: links.filter((link) => link.action_id === action.id).map((link) => link.key),
      latestUpdate: latestUpdates.get(action.id) ?? null,
      target: targets.find((candidate) => candidate.id === action.id)?.target ?? null,
    })),
    figuresNow,
    meetings,
    comments: comments.map((comment) => ({
      ...comment,
      replied_at: comment.replied_at ? new Date(comment.replied_at) : null,
      created_at: new Date(comment.created_at),
      reviewer_name: comment.reviewer_name,
    })),
    decisions: decisions.map((decision) => ({ ...decision, decided_at: new Date(decision.decided_at) })),
  };
}
