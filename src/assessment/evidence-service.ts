import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../platform/audit/audit.js';
import type { Database, EvidenceKind, Role } from '../platform/db/schema.js';
import { type Actor, type Outcome } from '../platform/values/outcome.js';
import * as repository from './evidence-repository.js';
import { attachmentProblem, canAddEvidence, canRemoveEvidence, evidenceClosedProblem, evidenceKindText, maximumAttachmentBytes } from './evidence-rules.js';
import type { Round } from './repository.js';

export const evidenceGoneProblem = 'This evidence has already been removed by someone else, or changed since you opened the page.';
export const notYoursProblem = 'You can only remove evidence that you added. Ask the lead commissioner to remove it.';

const short = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);

export interface NewAttachment {
  fileName: string;
  contentType: string;
  data: Uint8Array;
}

/** Adding and removing evidence, each in one transaction with its audit entry. */
export function createEvidenceService({ db, now }: { db: Kysely<Database>; now: () => Date }) {
  async function addEvidence(
    partnershipId: string,
    actor: Actor,
    who: { role: Role },
    round: Round,
    statement: { id: string; key: string },
    item: { kind: EvidenceKind; title: string; link: string | null; attachment: NewAttachment | null },
  ): Promise<Outcome<{ evidenceId: string }>> {
    if (!canAddEvidence(round.status, who.role)) return { ok: false, field: 'kind', problem: evidenceClosedProblem };
    // The route checks the file first; this keeps the limit true for any other caller too.
    if (item.attachment && item.attachment.data.byteLength > maximumAttachmentBytes) {
      return { ok: false, field: 'file', problem: attachmentProblem(item.attachment.data.byteLength, null) as string };
    }
    return db.transaction().execute(async (trx) => {
      const attachment = item.attachment;
      const attachmentId = attachment
        ? await repository.insertAttachment(trx, partnershipId, {
            fileName: attachment.fileName,
            contentType: attachment.contentType,
            content: attachment.data,
            sha256: crypto.createHash('sha256').update(attachment.data).digest('hex'),
            createdBy: actor.userId,
          })
        : null;
      const evidenceId = await repository.insertEvidence(
        trx,
        partnershipId,
        { roundId: round.id, statementId: statement.id, kind: item.kind, title: item.title, link: item.link, attachmentId, createdBy: actor.userId },
        now(),
      );
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'statement_evidence_added',
        recordType: 'statement_evidence',
        recordId: evidenceId,
        summary: `Added ${evidenceKindText[item.kind].inSentence} evidence “${short(item.title)}” to ${statement.key} in “${round.title}”${attachment ? ` with the file ${short(attachment.fileName)} (${attachment.data.byteLength} bytes)` : ''}`,
        requestId: actor.requestId,
      });
      return { ok: true as const, evidenceId };
    });
  }

  async function removeEvidence(
    partnershipId: string,
    actor: Actor,
    who: { role: Role },
    round: Round,
    statement: { id: string; key: string },
    evidenceId: string,
    expectedVersion: number,
  ): Promise<Outcome> {
    if (!canAddEvidence(round.status, who.role)) return { ok: false, field: 'remove', problem: evidenceClosedProblem };
    return db.transaction().execute(async (trx) => {
      const item = await repository.findEvidence(trx, partnershipId, round.id, statement.id, evidenceId);
      if (!item) return { ok: false as const, field: 'remove', problem: evidenceGoneProblem };
      if (!canRemoveEvidence(round.status, who.role, actor.userId, item.created_by)) return { ok: false as const, field: 'remove', problem: notYoursProblem };
      if (!(await repository.deleteEvidence(trx, partnershipId, evidenceId, expectedVersion))) {
        return { ok: false as const, field: 'remove', problem: evidenceGoneProblem };
      }
      if (item.attachment_id) await repository.deleteAttachment(trx, partnershipId, item.attachment_id);
      await recordAudit(trx, {
        partnershipId,
        actorUserId: actor.userId,
        action: 'statement_evidence_removed',
        recordType: 'statement_evidence',
        recordId: evidenceId,
        summary: `Removed ${evidenceKindText[item.kind].inSentence} evidence “${short(item.title)}” from ${statement.key} in “${round.title}”${item.attachment_id ? ' with its file' : ''}`,
        requestId: actor.requestId,
      });
      return { ok: true as const };
    });
  }

  return { addEvidence, removeEvidence };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
