import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Database, Judgement, Rating, Role, RoundStatus } from '../platform/db/schema.js';
import { type Actor, conflictMessage, type Outcome } from '../platform/values/outcome.js';
import { ratingTags, roundStatusTags } from './labels.js';
import * as repository from './repository.js';
import { differsFromSuggestion } from '../insight/index.js';
import type { LinkedFigures } from './linked-figures.js';
import { transitionProblem } from './rules.js';

export function createAssessmentService({ db, now }: { db: Kysely<Database>; now: () => Date }) {
  async function startRound(
    partnershipId: string,
    actor: Actor,
    details: { title: string; templateId: string; previousRoundId: string | null; startsOn: string; responsesDueOn: string; reEvaluateOn: string | null },
  ): Promise<Outcome<{ roundId: string }>> {
    if (!(await repository.findTemplate(db, details.templateId))) {
      return { ok: false, field: 'templateId', problem: 'Select a question bank from the list' };
    }
    const previous = details.previousRoundId ? await repository.findRound(db, partnershipId, details.previousRoundId) : null;
    if (details.previousRoundId && !previous) return { ok: false, field: 'previousRoundId', problem: 'Select an earlier round from the list' };
    return db.transaction().execute(async (trx) => {
      const round = await repository.insertRound(trx, partnershipId, { ...details, createdBy: actor.userId });
      if (previous) {
        // The same people usually take part again; the lead can change the list afterwards.
        for (const participant of await repository.listParticipants(trx, partnershipId, previous.id)) {
          await repository.insertParticipant(trx, partnershipId, {
            roundId: round.id,
            membershipId: participant.membership_id,
            name: participant.name,
            organisation: participant.organisation,
            partnerType: participant.partner_type,
            hasAuthority: participant.has_authority,
            knowsPathway: participant.knows_pathway,
          });
        }
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'assessment_round_created',
        recordType: 'assessment_round',
        recordId: round.id,
        summary: `Started the round “${details.title}”${previous ? ` from “${previous.title}”` : ''}`,
        requestId: actor.requestId,
      });
      return { ok: true as const, roundId: round.id };
    });
  }

  async function updateRound(
    partnershipId: string,
    actor: Actor,
    roundId: string,
    expectedVersion: number,
    details: { title: string; startsOn: string; responsesDueOn: string; reEvaluateOn: string | null },
  ): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      if (!(await repository.updateRoundDetails(trx, partnershipId, roundId, expectedVersion, details, now()))) {
        return { ok: false as const, field: 'title', problem: conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'assessment_round_updated',
        recordType: 'assessment_round',
        recordId: roundId,
        summary: `Changed the round’s title or dates (responses due ${details.responsesDueOn}${details.reEvaluateOn ? `, re-evaluate ${details.reEvaluateOn}` : ''})`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function changeStatus(partnershipId: string, actor: Actor, role: Role, round: repository.Round, to: RoundStatus): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const [structure, agreedCount] = await Promise.all([
        repository.templateStructure(trx, round.template_id),
        repository.countAgreed(trx, partnershipId, round.id),
      ]);
      const statementCount = structure.reduce((total, theme) => total + theme.statements.length, 0);
      const problem = transitionProblem(round.status, to, role, { statementCount, agreedCount });
      if (problem) return { ok: false as const, field: 'status', problem };
      if (!(await repository.updateRoundStatus(trx, partnershipId, round.id, round.status, to, now()))) {
        return { ok: false as const, field: 'status', problem: conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'assessment_round_status_changed',
        recordType: 'assessment_round',
        recordId: round.id,
        summary: `Moved “${round.title}” from ${roundStatusTags[round.status].text.toLowerCase()} to ${roundStatusTags[to].text.toLowerCase()}`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function saveResponses(
    partnershipId: string,
    actor: Actor,
    roundId: string,
    respondent: { membershipId: string; name: string; organisation: string; partnerType: string | null },
    answers: Array<{ statementId: string; statementKey: string; rating: Rating | null; evidence: string; expectedVersion: number | null }>,
  ): Promise<{ ok: true } | { ok: false; conflicts: string[] }> {
    const organisation = respondent.organisation;
    return db.transaction().execute(async (trx) => {
      // Answering makes a member one of the round's partners, so coverage counts them.
      if (respondent.partnerType && !(await repository.findParticipantForMembership(trx, partnershipId, roundId, respondent.membershipId))) {
        await repository.insertParticipant(trx, partnershipId, {
          roundId,
          membershipId: respondent.membershipId,
          name: respondent.name,
          organisation: respondent.organisation,
          partnerType: respondent.partnerType,
          hasAuthority: false,
          knowsPathway: false,
        });
      }
      const conflicts: string[] = [];
      for (const answer of answers) {
        const saved = await repository.saveResponse(trx, partnershipId, { roundId, userId: actor.userId, organisation, ...answer }, now());
        if (!saved) conflicts.push(answer.statementKey);
      }
      if (conflicts.length) {
        // All or nothing: the person sees the newer answers and decides, rather than half a save.
        throw new ConflictRollback(conflicts);
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'responses_saved',
        recordType: 'assessment_round',
        recordId: roundId,
        summary: `Saved answers to ${answers.map((answer) => answer.statementKey).join(', ')}`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    }).catch((error: unknown) => {
      if (error instanceof ConflictRollback) return { ok: false as const, conflicts: error.statementKeys };
      throw error;
    });
  }

  async function agreeAnswer(
    partnershipId: string,
    actor: Actor,
    roundId: string,
    statement: { id: string; key: string },
    answer: { rating: Rating; judgement: Judgement; rationale: string; differsReason: string; expectedVersion: number | null },
    linked: LinkedFigures,
  ): Promise<Outcome> {
    const differs = differsFromSuggestion(answer.rating, linked.suggestion);
    if (differs && !answer.differsReason) {
      return { ok: false, field: 'differsReason', problem: `Enter why the partnership agrees ${ratingTags[answer.rating].text.toLowerCase()} when the figures suggest ${ratingTags[linked.suggestion as Rating].text.toLowerCase()}` };
    }
    const { differsReason, ...agreed } = answer;
    const evidence = { suggestion: linked.suggestion, differsReason: differs ? differsReason : '', figures: linked.figures };
    return db.transaction().execute(async (trx) => {
      const saved = await repository.saveAgreedAnswer(trx, partnershipId, { roundId, statementId: statement.id, userId: actor.userId, ...agreed, evidence }, now());
      if (!saved) return { ok: false as const, field: 'rating', problem: conflictMessage() };
      const suggested = linked.suggestion ? `; the figures suggested ${ratingTags[linked.suggestion].text.toLowerCase()}` : '';
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'agreed_answer_saved',
        recordType: 'agreed_answer',
        recordId: `${roundId}/${statement.key}`,
        summary: `Agreed ${statement.key} as ${ratingTags[answer.rating].text.toLowerCase()} (${answer.judgement})${suggested}${evidence.differsReason ? `, because: ${evidence.differsReason}` : ''}`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function addParticipant(
    partnershipId: string,
    actor: Actor,
    roundId: string,
    participant: { membershipId: string | null; name: string; organisation: string; partnerType: string; hasAuthority: boolean; knowsPathway: boolean },
  ): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      if (participant.membershipId && (await repository.findParticipantForMembership(trx, partnershipId, roundId, participant.membershipId))) {
        return { ok: false as const, field: 'name', problem: 'You are already listed as taking part in this round' };
      }
      const created = await repository.insertParticipant(trx, partnershipId, { roundId, ...participant });
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'participant_added',
        recordType: 'round_participant',
        recordId: created.id,
        summary: `Added ${participant.organisation} to the round’s partners`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function updateParticipant(
    partnershipId: string,
    actor: Actor,
    participantId: string,
    expectedVersion: number,
    changes: { name: string; organisation: string; partnerType: string; hasAuthority: boolean; knowsPathway: boolean },
  ): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      if (!(await repository.updateParticipant(trx, partnershipId, participantId, expectedVersion, changes, now()))) {
        return { ok: false as const, field: 'name', problem: conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'participant_updated',
        recordType: 'round_participant',
        recordId: participantId,
        summary: `Updated ${changes.organisation}’s participation`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  async function removeParticipant(partnershipId: string, actor: Actor, participantId: string, expectedVersion: number): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const participant = await repository.findParticipant(trx, partnershipId, participantId);
      if (!participant || !(await repository.deleteParticipant(trx, partnershipId, participantId, expectedVersion))) {
        return { ok: false as const, field: 'name', problem: conflictMessage() };
      }
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'participant_removed',
        recordType: 'round_participant',
        recordId: participantId,
        summary: `Removed ${participant.organisation} from the round’s partners`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  return { startRound, updateRound, changeStatus, saveResponses, agreeAnswer, addParticipant, updateParticipant, removeParticipant };
}

class ConflictRollback extends Error {
  constructor(readonly statementKeys: string[]) {
    super('conflict');
  }
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
