import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Database, PeerDecision, Role, RoundStatus } from '../platform/db/schema.js';
import { type Actor, conflictMessage, type Outcome } from '../platform/values/outcome.js';
import { peerDecisionTags, roundStatusTags } from './labels.js';
import { updateRoundStatus } from './repository.js';
import * as reviews from './review-repository.js';
import { canPeerReview, transitionProblem } from './rules.js';

/** Where each decision moves the round: signing off finishes it; asking for changes sends it back to agreeing. */
export const decisionMoves: Record<PeerDecision, RoundStatus> = { signed_off: 'signed_off', changes_requested: 'agreeing' };

/**
 * The lead commissioner answers the reviewer's comments while the round is being reviewed and
 * while changes are being made; once signed off the record is closed.
 */
export function canReplyToComments(status: RoundStatus, role: Role): boolean {
  return role === 'lead_commissioner' && status !== 'draft' && status !== 'signed_off';
}

export const notInPeerReviewProblem = 'Comments can only be written while the round is in peer review.';
export const repliesClosedProblem = 'Comments can no longer be answered because the round has been signed off.';
export const alreadyAnsweredProblem = 'The lead commissioner has already answered this comment, so it cannot be changed. Add a new comment instead.';

export function createReviewService({ db, now }: { db: Kysely<Database>; now: () => Date }) {
  async function addComment(
    partnershipId: string,
    actor: Actor,
    roundId: string,
    statement: { id: string; key: string } | null,
    comment: string,
  ): Promise<Outcome<{ commentId: string }>> {
    return db.transaction().execute(async (trx) => {
      const status = await reviews.lockRoundStatus(trx, partnershipId, roundId);
      if (!status || !canPeerReview(status, 'peer_reviewer')) return { ok: false as const, field: 'comment', problem: notInPeerReviewProblem };
      const created = await reviews.insertComment(trx, partnershipId, { roundId, statementId: statement?.id ?? null, reviewerUserId: actor.userId, comment }, now());
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'peer_review_comment_added',
        recordType: 'peer_review_comment',
        recordId: created.id,
        summary: statement ? `Added a peer review comment on ${statement.key}` : 'Added an overall peer review comment',
        requestId: actor.requestId,
      });
      return { ok: true as const, commentId: created.id };
    });
  }

  async function changeComment(
    partnershipId: string,
    actor: Actor,
    roundId: string,
    commentId: string,
    change: { comment: string; expectedVersion: number },
  ): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const status = await reviews.lockRoundStatus(trx, partnershipId, roundId);
      if (!status || !canPeerReview(status, 'peer_reviewer')) return { ok: false as const, field: 'comment', problem: notInPeerReviewProblem };
      const saved = await reviews.updateComment(trx, partnershipId, { roundId, commentId, reviewerUserId: actor.userId, ...change });
      if (!saved) {
        const latest = await reviews.findComment(trx, partnershipId, roundId, commentId);
        return { ok: false as const, field: 'comment', problem: latest?.reply !== null && latest?.reply !== undefined ? alreadyAnsweredProblem : conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'peer_review_comment_changed',
        recordType: 'peer_review_comment',
        recordId: commentId,
        summary: 'Changed a peer review comment',
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function reply(
    partnershipId: string,
    actor: Actor,
    roundId: string,
    comment: { id: string; statementKey: string | null },
    answer: { reply: string; expectedVersion: number },
  ): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const status = await reviews.lockRoundStatus(trx, partnershipId, roundId);
      if (!status || !canReplyToComments(status, 'lead_commissioner')) return { ok: false as const, field: 'reply', problem: repliesClosedProblem };
      const saved = await reviews.saveReply(trx, partnershipId, { roundId, commentId: comment.id, userId: actor.userId, ...answer }, now());
      if (!saved) return { ok: false as const, field: 'reply', problem: conflictMessage() };
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'peer_review_reply_saved',
        recordType: 'peer_review_comment',
        recordId: comment.id,
        summary: comment.statementKey ? `Answered the peer reviewer’s comment on ${comment.statementKey}` : 'Answered the peer reviewer’s overall comment',
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  /**
   * Records the reviewer's decision and moves the round in one transaction, so there can never
   * be a decision without the move or a move without the decision.
   */
  async function decide(
    partnershipId: string,
    actor: Actor,
    role: Role,
    round: { id: string; title: string },
    decision: { decision: PeerDecision; summary: string },
  ): Promise<Outcome> {
    const to = decisionMoves[decision.decision];
    return db.transaction().execute(async (trx) => {
      const status = await reviews.lockRoundStatus(trx, partnershipId, round.id);
      if (!status) return { ok: false as const, field: 'decision', problem: conflictMessage() };
      // Readiness only matters when sending for peer review, which a decision never does.
      const problem = transitionProblem(status, to, role, { statementCount: 0, agreedCount: 0 });
      if (problem) return { ok: false as const, field: 'decision', problem };
      if (!(await updateRoundStatus(trx, partnershipId, round.id, status, to, now()))) {
        return { ok: false as const, field: 'decision', problem: conflictMessage() };
      }
      const created = await reviews.insertDecision(trx, partnershipId, { roundId: round.id, reviewerUserId: actor.userId, ...decision }, now());
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'peer_review_decision_recorded',
        recordType: 'peer_review_decision',
        recordId: created.id,
        summary: `Peer review of “${round.title}”: ${peerDecisionTags[decision.decision].text.toLowerCase()}`,
        requestId: actor.requestId,
      });
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'assessment_round_status_changed',
        recordType: 'assessment_round',
        recordId: round.id,
        summary: `Moved “${round.title}” from ${roundStatusTags[status].text.toLowerCase()} to ${roundStatusTags[to].text.toLowerCase()}`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  return { addComment, changeComment, reply, decide };
}

export type ReviewService = ReturnType<typeof createReviewService>;
