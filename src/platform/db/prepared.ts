import { type RawBuilder, sql } from 'kysely';

/**
 * A statement run on every request (who is signed in) is worth preparing: on PostgreSQL,
 * planning it took twice as long as running it. A statement that starts with preparedAs(name)
 * runs as a named prepared statement there, parsed and planned once for each connection
 * (connect.ts); on the embedded database the mark is only a comment. Only for statements whose
 * text never changes: each name stays prepared for as long as its connection lives.
 */
export function preparedAs(name: string): RawBuilder<unknown> {
  if (!/^[a-z][a-z-]*$/.test(name)) throw new Error(`A prepared statement's name is lower-case words and hyphens, not "${name}"`);
  return sql.raw(`/* prepared ${name} */ `);
}

/** The name a statement's text was marked with by preparedAs, or null. */
export function preparedNameOf(text: string): string | null {
  return text.startsWith('/* prepared ') ? (/^\/\* prepared ([a-z-]+) \*\/ /.exec(text)?.[1] ?? null) : null;
}
