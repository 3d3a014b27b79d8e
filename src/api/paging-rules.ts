/**
 * Cursors for the API's lists. A cursor is opaque to the client (base64url JSON) and says where
 * the next page starts; anything that does not decode is refused rather than guessed at.
 */

/** The referrals list goes in the order of when each was last changed, then by id. */
export interface ChangeCursor {
  changedAt: string;
  id: string;
}

/** The directory is small and changes rarely, so its cursor is a position in its order. */
export interface PositionCursor {
  offset: number;
}

export const defaultPageSize = 50;
export const maximumPageSize = 200;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Microseconds, as PostgreSQL keeps them, so the next page starts exactly after the last row.
const momentPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decode(cursor: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

export function changeCursor(value: ChangeCursor): string {
  return encode({ c: value.changedAt, i: value.id });
}

export function readChangeCursor(cursor: string): ChangeCursor | null {
  const value = decode(cursor) as { c?: unknown; i?: unknown } | null;
  if (!value || typeof value.c !== 'string' || typeof value.i !== 'string') return null;
  if (!momentPattern.test(value.c) || !uuidPattern.test(value.i)) return null;
  return { changedAt: value.c, id: value.i };
}

export function positionCursor(value: PositionCursor): string {
  return encode({ o: value.offset });
}

export function readPositionCursor(cursor: string): PositionCursor | null {
  const value = decode(cursor) as { o?: unknown } | null;
  if (!value || typeof value.o !== 'number' || !Number.isInteger(value.o) || value.o < 0 || value.o > 1_000_000) return null;
  return { offset: value.o };
}
