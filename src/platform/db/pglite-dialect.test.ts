import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemoryDatabase, type DatabaseHandle } from './connect.js';
import { preparedLimit } from './pglite-dialect.js';

/** The embedded database's Kysely dialect, whichever database the rest of the suite runs on. */

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createMemoryDatabase();
  await sql`CREATE TABLE dialect_check (id serial PRIMARY KEY, name text UNIQUE, on_day date, at timestamptz, flags boolean, data jsonb, tags text[])`.execute(database.db);
});
afterAll(async () => database.close());

it('writes each parameter as its described type asks, and reads the values back as the service expects', async () => {
  const at = new Date('2026-11-23T09:30:00Z');
  const inserted = await sql`
    INSERT INTO dialect_check (name, on_day, at, flags, data, tags)
    VALUES (${'Café, "quoted"'}, ${'2026-11-23'}, ${at}, ${true}, ${JSON.stringify({ a: [1, 2] })}, ${['one', 'two, three']}::text[])`.execute(database.db);
  expect(inserted.numAffectedRows).toBe(1n);
  const row = await database.db.selectFrom('dialect_check' as never).selectAll().executeTakeFirstOrThrow();
  expect(row).toEqual({ id: 1, name: 'Café, "quoted"', on_day: '2026-11-23', at, flags: true, data: { a: [1, 2] }, tags: ['one', 'two, three'] });
  const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM dialect_check WHERE on_day = ANY(${['2026-11-23', '2026-11-24']}::date[])`.execute(database.db);
  expect(counted.rows[0]?.n).toBe(1);
});

it('reports a statement that cannot be parsed or that breaks a constraint with its code, and goes on working', async () => {
  await expect(sql`SELEC nonsense`.execute(database.db)).rejects.toMatchObject({ code: '42601' });
  await expect(sql`SELECT * FROM no_such_table WHERE id = ${1}`.execute(database.db)).rejects.toMatchObject({ code: '42P01' });
  await expect(sql`INSERT INTO dialect_check (name) VALUES (${'Café, "quoted"'})`.execute(database.db)).rejects.toMatchObject({ code: '23505' });
  const after = await sql<{ n: number }>`SELECT ${41}::int + 1 AS n`.execute(database.db);
  expect(after.rows[0]?.n).toBe(42);
});

it('keeps a transaction whole: a failure inside it leaves nothing behind', async () => {
  await expect(
    database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO dialect_check (name) VALUES (${'kept only with the rest'})`.execute(trx);
      await sql`INSERT INTO dialect_check (name) VALUES (${'Café, "quoted"'})`.execute(trx);
    }),
  ).rejects.toMatchObject({ code: '23505' });
  const left = await sql<{ n: number }>`SELECT count(*) AS n FROM dialect_check WHERE name = ${'kept only with the rest'}`.execute(database.db);
  expect(left.rows[0]?.n).toBe(0);
});

it('runs statements asked for at once one after another, each with its own answer', async () => {
  const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => sql<{ n: number }>`SELECT ${index}::int AS n`.execute(database.db)));
  expect(answers.map((answer) => answer.rows[0]?.n)).toEqual(Array.from({ length: 20 }, (_, index) => index));
});

it('keeps each statement prepared, and prepares it again when its table gains a column', async () => {
  await sql`CREATE TABLE changing_shape (id int PRIMARY KEY)`.execute(database.db);
  await sql`INSERT INTO changing_shape VALUES (1)`.execute(database.db);
  const read = () => sql<Record<string, unknown>>`SELECT * FROM changing_shape WHERE id = ${1}`.execute(database.db);
  expect((await read()).rows).toEqual([{ id: 1 }]);
  const kept = await sql<{ count: number }>`SELECT count(*) AS count FROM pg_prepared_statements WHERE statement LIKE 'SELECT * FROM changing_shape%'`.execute(database.db);
  expect(kept.rows[0]?.count).toBe(1);
  await sql`ALTER TABLE changing_shape ADD COLUMN label text DEFAULT 'added'`.execute(database.db);
  expect((await read()).rows).toEqual([{ id: 1, label: 'added' }]);
});

it('lets the least recently used statements go beyond its limit, and can still run them', async () => {
  for (let index = 0; index <= preparedLimit + 10; index += 1) await sql`SELECT ${index}::int AS ${sql.ref(`n${index}`)}`.execute(database.db);
  const kept = await sql<{ count: number }>`SELECT count(*) AS count FROM pg_prepared_statements`.execute(database.db);
  expect(kept.rows[0]?.count).toBeLessThanOrEqual(preparedLimit);
  expect(kept.rows[0]?.count).toBeGreaterThan(preparedLimit - 20);
  const again = await sql<{ n0: number }>`SELECT ${7}::int AS ${sql.ref('n0')}`.execute(database.db);
  expect(again.rows[0]?.n0).toBe(7);
});
