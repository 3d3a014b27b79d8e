import type { Session } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { type TableWrites, tableWritesOf } from '../db/table-writes.js';
import { type PersonRow, personColumns, personTables } from './person.js';

type Callback = (error?: unknown) => void;
type GetCallback = (error: unknown, session?: Session | null) => void;

const twoHours = 2 * 60 * 60 * 1000;

interface RememberedSession {
  /** The write count of the session and person tables when this was read. */
  generation: number;
  /** As stored, so each request gets its own copy to change. */
  data: string;
  expiresAt: number;
  person: PersonRow | null;
  readAt: number;
}

/** However exact the write count, a remembered session is read again after this long. */
const rememberForMs = 60 * 1000;
const rememberAtMost = 5_000;

/**
 * Keeps sessions in the database so they survive a restart and can be revoked, and reads each
 * one together with the person it belongs to (account, memberships, provider accounts): one
 * statement for who is signed in, handed to the request by takePerson.
 *
 * On the embedded database, which only this process writes to, the last read of each session is
 * also kept in memory and used again until any write touches the sessions or the person tables
 * (counted by TableWrites) or a minute passes: most requests then read nothing at all to know
 * who is signed in. On PostgreSQL, where several processes may serve one person in turn, a
 * session changed by one process would be stale in the others, so every request reads it.
 */
export class DatabaseSessionStore {
  private writesSinceCleanUp = 0;
  private readonly writes: TableWrites | undefined;
  private readonly remembered = new Map<string, RememberedSession>();
  /** The person read with a session, until the request that read it picks it up. */
  private readonly readPeople = new Map<string, PersonRow | null>();

  // Session expiry follows the real clock, as @fastify/session's own cookie expiry does.
  private readonly now = () => new Date();

  constructor(private readonly db: Kysely<Database>) {
    this.writes = tableWritesOf(db);
  }

  set(sid: string, session: Session, callback: Callback): void {
    const expiresAt = session.cookie.expires ?? new Date(this.now().getTime() + twoHours);
    const data = JSON.stringify(session);
    this.remembered.delete(sid);
    this.db
      .insertInto('sessions')
      .values({ sid, data, expires_at: expiresAt })
      .onConflict((conflict) => conflict.column('sid').doUpdateSet({ data, expires_at: expiresAt }))
      .execute()
      .then(() => this.removeExpiredNowAndThen())
      .then(() => callback(), callback);
  }

  get(sid: string, callback: GetCallback): void {
    const nowMs = this.now().getTime();
    const generation = this.generation();
    const kept = this.remembered.get(sid);
    if (kept && kept.generation === generation && kept.expiresAt > nowMs && nowMs - kept.readAt < rememberForMs) {
      this.handOver(sid, kept.person);
      return callback(null, JSON.parse(kept.data) as Session);
    }
    this.remembered.delete(sid);
    sql<{ data: Record<string, unknown>; expires_at: Date } & PersonRow>`
      SELECT sessions.data, sessions.expires_at, ${personColumns}
      FROM sessions
      LEFT JOIN users ON users.id = (sessions.data->>'userId')::uuid
      LEFT JOIN analyst_scopes ON analyst_scopes.user_id = users.id
      WHERE sessions.sid = ${sid}`
      .execute(this.db)
      .then(({ rows: [row] }) => {
        if (!row || new Date(row.expires_at).getTime() <= this.now().getTime()) return callback(null, null);
        const { data, expires_at: expires, ...person } = row;
        const found = person.id ? person : null;
        this.handOver(sid, found);
        if (this.writes) this.remember(sid, { generation, data: JSON.stringify(data), expiresAt: new Date(expires).getTime(), person: found, readAt: nowMs });
        callback(null, data as unknown as Session);
      }, callback);
  }

  destroy(sid: string, callback: Callback): void {
    this.remembered.delete(sid);
    this.db
      .deleteFrom('sessions')
      .where('sid', '=', sid)
      .execute()
      .then(() => callback(), callback);
  }

  /**
   * The person read with this session for the request now being served (null: nobody), once;
   * undefined if that was not kept, and the caller reads the person itself.
   */
  takePerson(sid: string): PersonRow | null | undefined {
    const person = this.readPeople.get(sid);
    this.readPeople.delete(sid);
    return person;
  }

  private handOver(sid: string, person: PersonRow | null): void {
    // A request that failed before picking its person up leaves it here; never let those pile up.
    if (this.readPeople.size >= rememberAtMost) this.readPeople.clear();
    this.readPeople.set(sid, person);
  }

  private remember(sid: string, session: RememberedSession): void {
    if (this.remembered.size >= rememberAtMost) {
      const oldest = this.remembered.keys().next();
      if (!oldest.done) this.remembered.delete(oldest.value);
    }
    this.remembered.set(sid, session);
  }

  private generation(): number {
    return this.writes?.generation(rememberedTables) ?? 0;
  }

  private async removeExpiredNowAndThen(): Promise<void> {
    this.writesSinceCleanUp += 1;
    if (this.writesSinceCleanUp < 100) return;
    this.writesSinceCleanUp = 0;
    await this.db.deleteFrom('sessions').where('expires_at', '<', this.now()).execute();
  }
}

const rememberedTables = ['sessions', ...personTables];

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
