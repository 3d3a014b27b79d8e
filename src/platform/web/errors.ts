export class HttpError extends Error {
  constructor(
    readonly statusCode: 401 | 403 | 404 | 409 | 413 | 429,
    message?: string,
  ) {
    super(message ?? `HTTP ${statusCode}`);
  }
}

export const notFound = () => new HttpError(404);
export const forbidden = () => new HttpError(403);

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record id from the address bar; anything that cannot be an id is simply not found. */
export function recordId(value: unknown): string {
  if (typeof value !== 'string' || !uuidPattern.test(value)) throw notFound();
  return value.toLowerCase();
}
