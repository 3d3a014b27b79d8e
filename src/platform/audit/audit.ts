import type { Executor } from '../db/executor.js';

export interface AuditEntry {
  partnershipId: string | null;
  actorUserId: string | null;
  action: string;
  recordType: string;
  recordId?: string | null;
  /** What changed, in words; never a person's health details or a password. */
  summary: string;
  requestId?: string | null;
}

/** Call inside the same transaction as the change, so the change and its record stand or fall together. */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor
    .insertInto('audit_events')
    .values({
      partnership_id: entry.partnershipId,
      actor_user_id: entry.actorUserId,
      action: entry.action,
      record_type: entry.recordType,
      record_id: entry.recordId ?? null,
      summary: entry.summary.slice(0, 2000),
      request_id: entry.requestId ?? null,
    })
    .execute();
}
