import { type RawBuilder, sql } from 'kysely';

/**
 * A text[] value written the same way on PGlite and PostgreSQL. (Passing a JavaScript array as
 * one parameter works on pg but PGlite sends it as a plain string.)
 */
export function textArray<T extends string>(values: readonly T[]): RawBuilder<T[]> {
  return values.length ? sql<T[]>`ARRAY[${sql.join(values)}]::text[]` : sql<T[]>`'{}'::text[]`;
}
