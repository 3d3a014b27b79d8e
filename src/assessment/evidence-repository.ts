import type { Executor } from '../platform/db/executor.js';
import type { EvidenceKind } from '../platform/db/schema.js';

/** SQL for evidence on a round's statements and its attachments. Every query takes the partnership id first. */

/** One statement's evidence in the order it was added, without the attachments' content. */
export function listEvidence(db: Executor, partnershipId: string, roundId: string, statementId: string) {
  return db
    .selectFrom('statement_evidence')
    .leftJoin('users', 'users.id', 'statement_evidence.created_by')
    .leftJoin('evidence_attachments', (join) =>
      join.onRef('evidence_attachments.id', '=', 'statement_evidence.attachment_id').onRef('evidence_attachments.partnership_id', '=', 'statement_evidence.partnership_id'),
    )
    .select([
      'statement_evidence.id',
      'statement_evidence.kind',
      'statement_evidence.title',
      'statement_evidence.link',
      'statement_evidence.attachment_id',
      'statement_evidence.created_by',
      'statement_evidence.created_at',
      'statement_evidence.version',
      'users.display_name as created_by_name',
      'evidence_attachments.file_name',
      'evidence_attachments.content_type',
      'evidence_attachments.size_bytes',
    ])
    .where('statement_evidence.partnership_id', '=', partnershipId)
    .where('statement_evidence.round_id', '=', roundId)
    .where('statement_evidence.statement_id', '=', statementId)
    .orderBy('statement_evidence.created_at')
    .orderBy('statement_evidence.id')
    .execute();
}

export type EvidenceItem = Awaited<ReturnType<typeof listEvidence>>[number];

/** How many items of evidence each statement of a round has; statements with none are left out. */
export async function evidenceCounts(db: Executor, partnershipId: string, roundId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('statement_evidence')
    .select(['statement_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .groupBy('statement_id')
    .execute();
  return new Map(rows.map((row) => [row.statement_id, Number(row.count)]));
}

export function findEvidence(db: Executor, partnershipId: string, roundId: string, statementId: string, evidenceId: string) {
  return db
    .selectFrom('statement_evidence')
    .select(['id', 'kind', 'title', 'link', 'attachment_id', 'created_by', 'version'])
    .where('partnership_id', '=', partnershipId)
    .where('round_id', '=', roundId)
    .where('statement_id', '=', statementId)
    .where('id', '=', evidenceId)
    .executeTakeFirst();
}

export async function insertAttachment(
  db: Executor,
  partnershipId: string,
  file: { fileName: string; contentType: string; content: Uint8Array; sha256: string; createdBy: string },
): Promise<string> {
  const row = await db
    .insertInto('evidence_attachments')
    .values({
      partnership_id: partnershipId,
      file_name: file.fileName,
      content_type: file.contentType,
      size_bytes: file.content.byteLength,
      content: file.content,
      sha256: file.sha256,
      created_by: file.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertEvidence(
  db: Executor,
  partnershipId: string,
  item: { roundId: string; statementId: string; kind: EvidenceKind; title: string; link: string | null; attachmentId: string | null; createdBy: string },
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('statement_evidence')
    .values({
      partnership_id: partnershipId,
      round_id: item.roundId,
      statement_id: item.statementId,
      kind: item.kind,
      title: item.title,
      link: item.link,
      attachment_id: item.attachmentId,
      created_by: item.createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** False when the evidence was removed or changed by someone else since it was read. */
export async function deleteEvidence(db: Executor, partnershipId: string, evidenceId: string, expectedVersion: number): Promise<boolean> {
  const deleted = await db
    .deleteFrom('statement_evidence')
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', evidenceId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

export async function deleteAttachment(db: Executor, partnershipId: string, attachmentId: string): Promise<void> {
  await db.deleteFrom('evidence_attachments').where('partnership_id', '=', partnershipId).where('id', '=', attachmentId).execute();
}

/** An attachment with its content, only through the evidence of this round's statement that holds it. */
export async function findAttachment(db: Executor, partnershipId: string, roundId: string, statementId: string, attachmentId: string) {
  const row = await db
    .selectFrom('evidence_attachments')
    .innerJoin('statement_evidence', (join) =>
      join.onRef('statement_evidence.attachment_id', '=', 'evidence_attachments.id').onRef('statement_evidence.partnership_id', '=', 'evidence_attachments.partnership_id'),
    )
    .select(['evidence_attachments.id', 'evidence_attachments.file_name', 'evidence_attachments.content_type', 'evidence_attachments.size_bytes', 'evidence_attachments.content'])
    .where('evidence_attachments.partnership_id', '=', partnershipId)
    .where('statement_evidence.round_id', '=', roundId)
    .where('statement_evidence.statement_id', '=', statementId)
    .where('evidence_attachments.id', '=', attachmentId)
    .executeTakeFirst();
  if (!row) return undefined;
  // PostgreSQL's driver gives a Buffer, the embedded database a Uint8Array: send both the same way.
  const content = Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength);
  return { ...row, content };
}
