import type { Executor } from '../platform/db/executor.js';
import type { PeerDecision, RoundStatus } from '../platform/db/schema.js';

/** SQL for peer review comments, replies and decisions. Every query takes the partnership id first. */

/** The round's status, locked until the transaction ends so a comment cannot slip in after sign-off. */
export async function lockRoundStatus(db: Executor, partnershipId: string, roundId: string): Promise<RoundStatus | null> {
  const row = await db
    .selectFrom('assessment_rounds')
    .select('status')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', roundId)
    .forUpdate()
    .executeTakeFirst();
  return row?.status ?? null;
}

// Comments -----------------------------------------------------------------------------------

const commentColumns = [
  'peer_review_comments.id',
  'peer_review_comments.round_id',
  'peer_review_comments.statement_id',
  'peer_review_comments.reviewer_user_id',
  'peer_review_comments.comment',
  'peer_review_comments.reply',
  'peer_review_comments.replied_by',
  'peer_review_comments.replied_at',
  'peer_review_comments.created_at',
  'peer_review_comments.version',
  'reviewers.display_name as reviewer_name',
  'repliers.display_name as replied_by_name',
  'template_statements.key as statement_key',
] as const;

function commentsQuery(db: Executor, partnershipId: string) {
  return db
    .selectFrom('peer_review_comments')
    .innerJoin('users as reviewers', 'reviewers.id', 'peer_review_comments.reviewer_user_id')
    .leftJoin('users as repliers', 'repliers.id', 'peer_review_comments.replied_by')
    .leftJoin('template_statements', 'template_statements.id', 'peer_review_comments.statement_id')
    .select(commentColumns)
    .where('peer_review_comments.partnership_id', '=', partnershipId);
}

/** Every comment on a round, oldest first, with who wrote and who answered it. */
export function listComments(db: Executor, partnershipId: string, roundId: string) {
  return commentsQuery(db, partnershipId)
    .where('peer_review_comments.round_id', '=', roundId)
    .orderBy('peer_review_comments.created_at')
    .orderBy('peer_review_comments.id')
    .execute();
}

export function findComment(db: Executor, partnershipId: string, roundId: string, commentId: string) {
  return commentsQuery(db, partnershipId)
    .where('peer_review_comments.round_id', '=', roundId)
    .where('peer_review_comments.id', '=', commentId)
    .executeTakeFirst();
}

export type PeerComment = NonNullable<Awaited<ReturnType<typeof findComment>>>;

export function insertComment(
  db: Executor,
  partnershipId: string,
  comment: { roundId: string; statementId: string | null; reviewerUserId: string; comment: string },
  now: Date,
) {
  return db
    .insertInto('peer_review_comments')
    .values({
      partnership_id: partnershipId,
      round_id: comment.roundId,
      statement_id: comment.statementId,
      reviewer_user_id: comment.reviewerUserId,
      comment: comment.comment,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Changes a reviewer's own comment. Refused (false) when the comment changed since it was
 * loaded, belongs to someone else or has already been answered.
 */
export async function updateComment(
  db: Executor,
  partnershipId: string,
  change: { roundId: string; commentId: string; reviewerUserId: string; comment: string; expectedVersion: number },
): Promise<boolean> {
  const result = await db
    .updateTable('peer_review_comments')
    .set((eb) => ({ comment: change.comment, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', change.roundId)
    .where('id', '=', change.commentId)
    .where('reviewer_user_id', '=', change.reviewerUserId)
    .where('reply', 'is', null)
    .where('version', '=', change.expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Saves the lead's answer to a comment; false when someone changed the comment or reply meanwhile. */
export async function saveReply(
  db: Executor,
  partnershipId: string,
  reply: { roundId: string; commentId: string; userId: string; reply: string; expectedVersion: number },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('peer_review_comments')
    .set((eb) => ({ reply: reply.reply, replied_by: reply.userId, replied_at: now, version: eb('version', '+', 1) }))
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', reply.roundId)
    .where('id', '=', reply.commentId)
    .where('version', '=', reply.expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Decisions ----------------------------------------------------------------------------------

/** Every sign-off or request for changes on a round, newest first. */
export function listDecisions(db: Executor, partnershipId: string, roundId: string) {
  return db
    .selectFrom('peer_review_decisions')
    .innerJoin('users', 'users.id', 'peer_review_decisions.reviewer_user_id')
    .select([
      'peer_review_decisions.id',
      'peer_review_decisions.decision',
      'peer_review_decisions.summary',
      'peer_review_decisions.decided_at',
      'peer_review_decisions.reviewer_user_id',
      'users.display_name as reviewer_name',
    ])
    .where('peer_review_decisions.partnership_id', '=', partnershipId)
    .where('peer_review_decisions.round_id', '=', roundId)
    .orderBy('peer_review_decisions.decided_at', 'desc')
    .orderBy('peer_review_decisions.id')
    .execute();
}

export function insertDecision(
  db: Executor,
  partnershipId: string,
  decision: { roundId: string; reviewerUserId: string; decision: PeerDecision; summary: string },
  now: Date,
) {
  return db
    .insertInto('peer_review_decisions')
    .values({
      partnership_id: partnershipId,
      round_id: decision.roundId,
      reviewer_user_id: decision.reviewerUserId,
      decision: decision.decision,
      summary: decision.summary,
      decided_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
