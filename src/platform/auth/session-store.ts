import type { Session } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Callback = (error?: unknown) => void;
type GetCallback = (error: unknown, session?: Session | null) => void;

const twoHours = 2 * 60 * 60 * 1000;

/** Keeps sessions in the database so they survive a restart and can be revoked. */
export class DatabaseSessionStore {
  private writesSinceCleanUp = 0;

  // Session expiry follows the real clock, as @fastify/session's own cookie expiry does.
  private readonly now = () => new Date();

  constructor(private readonly db: Kysely<Database>) {}

  set(sid: string, session: Session, callback: Callback): void {
    const expiresAt = session.cookie.expires ?? new Date(this.now().getTime() + twoHours);
    const data = JSON.stringify(session);
    this.db
      .insertInto('sessions')
      .values({ sid, data, expires_at: expiresAt })
      .onConflict((conflict) => conflict.column('sid').doUpdateSet({ data, expires_at: expiresAt }))
      .execute()
      .then(() => this.removeExpiredNowAndThen())
      .then(() => callback(), callback);
  }

  get(sid: string, callback: GetCallback): void {
    this.db
      .selectFrom('sessions')
      .select(['data', 'expires_at'])
      .where('sid', '=', sid)
      .executeTakeFirst()
      .then((row) => {
        if (!row || row.expires_at.getTime() <= this.now().getTime()) return callback(null, null);
        callback(null, row.data as unknown as Session);
      }, callback);
  }

  destroy(sid: string, callback: Callback): void {
    this.db
      .deleteFrom('sessions')
      .where('sid', '=', sid)
      .execute()
      .then(() => callback(), callback);
  }

  private async removeExpiredNowAndThen(): Promise<void> {
    this.writesSinceCleanUp += 1;
    if (this.writesSinceCleanUp < 100) return;
    this.writesSinceCleanUp = 0;
    await this.db.deleteFrom('sessions').where('expires_at', '<', this.now()).execute();
  }
}

export const sessionIdleTimeoutMs = twoHours;
/** A session's expiry moves on at most this often, so an active person's session is not written back on every request. */
export const sessionExtendEveryMs = 5 * 60 * 1000;

/**
 * Whether a signed-in session's stored expiry is due to move on: the interval has passed since it
 * was last written. (The cookie's own expiry is worked out afresh on every request, so it cannot
 * tell; the stored row is what ends an idle session.)
 */
export function sessionExpiryDue(lastWrittenMs: number, nowMs: number, everyMs = sessionExtendEveryMs): boolean {
  return nowMs - lastWrittenMs >= everyMs;
}
/** However active, a sign-in lasts at most a long working day. */
export const sessionAbsoluteLimitMs = 12 * 60 * 60 * 1000;
