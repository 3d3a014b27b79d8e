import { type ParserOptions, type PGlite, protocol, types } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { resultTypeChanged } from './prepared.js';

/**
 * Kysely on PGlite, a statement in one trip into the database instead of six. PGlite's own
 * query() sends each message of the extended protocol (parse, describe, bind, describe, execute,
 * sync) on a trip of its own, and each trip costs about as much as a short query itself; and it
 * parses and plans every statement afresh. Here each statement is prepared (parsed, and its
 * parameters described, whose types choose how each value is written, exactly as query() does)
 * the first time its text is seen, and kept; each run is then one trip: bind, describe, execute
 * and sync. The database plans a kept statement again when it sees fit (its tables changed, or
 * for its first few runs, to compare custom plans with a generic one).
 *
 * Statements run one at a time on PGlite's one connection: a query asked for while another holds
 * it waits its turn, as with kysely-pglite-dialect, which this replaces.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

type Serializer = (value: unknown) => string;

/** The parts of PGlite's protocol messages read here. */
interface Message {
  name: string;
}
type RowDescription = Message & { fields: Array<{ name: string; dataTypeID: number }> };
type DataRow = Message & { fields: Array<string | null> };
type CommandComplete = Message & { text: string };
type ParameterDescription = Message & { dataTypeIDs: number[] };

const { serialize } = protocol;

function joined(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const message = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    message.set(part, offset);
    offset += part.length;
  }
  return message;
}

/** The affected row count from a command tag ("INSERT 0 3", "UPDATE 2"), as PGlite counts it. */
function affectedBy(tag: string): number {
  const [command, first, second] = tag.split(' ');
  if (command === 'INSERT') return Number(second ?? 0);
  if (command === 'UPDATE' || command === 'DELETE' || command === 'COPY' || command === 'MERGE') return Number(first ?? 0);
  return 0;
}

/** A statement parsed once and kept, by name, with the types of its parameters. */
interface PreparedStatement {
  name: string;
  parameterTypes: number[];
}

/**
 * How many statements stay prepared. The service runs a few hundred different ones; planning one
 * again cost the embedded database as much as running it (the home page's counts: 2.5 ms to plan,
 * 2.1 ms to run), so every one of them is kept, and the least recently used is let go beyond this.
 */
export const preparedLimit = 500;

class PGliteConnection implements DatabaseConnection {
  private readonly parsers: ParserOptions;
  private readonly serializers: Record<number, Serializer>;
  private readonly prepared = new Map<string, PreparedStatement>();
  /** Statements let go of, to be closed on the next trip that prepares one. */
  private readonly released: string[] = [];
  private named = 0;

  constructor(private readonly pglite: PGlite) {
    // PGlite's own, with the parsers the handle was opened with (connect.ts) and those it adds for array types.
    const own = pglite as unknown as { parsers: ParserOptions; serializers: Record<number, Serializer> };
    this.parsers = own.parsers;
    this.serializers = own.serializers;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const messages = await this.run(compiledQuery.sql, compiledQuery.parameters);
    const rows: Record<string, unknown>[] = [];
    let fields: Array<{ name: string; dataTypeID: number }> = [];
    let affected = 0;
    for (const message of messages) {
      if (message.name === 'rowDescription') {
        fields = (message as RowDescription).fields;
      } else if (message.name === 'dataRow') {
        const values = (message as DataRow).fields;
        const row: Record<string, unknown> = {};
        for (let index = 0; index < fields.length; index += 1) {
          const field = fields[index] as { name: string; dataTypeID: number };
          row[field.name] = types.parseType(values[index] ?? null, field.dataTypeID, this.parsers);
        }
        rows.push(row);
      } else if (message.name === 'commandComplete') {
        affected += affectedBy((message as CommandComplete).text);
      }
    }
    return affected ? { rows: rows as R[], numAffectedRows: BigInt(affected) } : { rows: rows as R[] };
  }

  /**
   * Runs a statement prepared before, in one trip (bind, describe, execute, sync); or prepares it
   * first, in a trip of its own (parse and describe its parameters). A statement whose result
   * columns changed under it (its table was altered) is prepared again.
   */
  private async run(text: string, parameters: readonly unknown[]): Promise<Message[]> {
    const kept = this.prepared.get(text);
    if (kept) {
      // The most recently used statements are the last to be let go.
      this.prepared.delete(text);
      this.prepared.set(text, kept);
      try {
        return await this.execute(kept, parameters);
      } catch (error) {
        if (!resultTypeChanged(error)) throw error;
        this.prepared.delete(text);
        this.released.push(kept.name);
      }
    }
    return this.execute(await this.prepare(text), parameters);
  }

  private async prepare(text: string): Promise<PreparedStatement> {
    while (this.prepared.size >= preparedLimit) {
      const [oldest, statement] = this.prepared.entries().next().value as [string, PreparedStatement];
      this.prepared.delete(oldest);
      this.released.push(statement.name);
    }
    // Statements let go are closed on the same trip.
    const closing = this.released.splice(0).map((name) => serialize.close({ type: 'S', name }));
    this.named += 1;
    const name = `rp_${this.named}`;
    let described: Message[];
    try {
      described = (await this.pglite.execProtocol(joined([...closing, serialize.parse({ name, text }), serialize.describe({ type: 'S', name })]), { syncToFs: false })).messages;
    } catch (error) {
      await this.pglite.execProtocol(serialize.sync(), { throwOnError: false });
      throw error;
    }
    const parameterTypes = (described.find((message) => message.name === 'parameterDescription') as ParameterDescription | undefined)?.dataTypeIDs ?? [];
    const statement = { name, parameterTypes };
    this.prepared.set(text, statement);
    return statement;
  }

  private async execute(statement: PreparedStatement, parameters: readonly unknown[]): Promise<Message[]> {
    const values = parameters.map((value, index) => {
      if (value === null || value === undefined) return null;
      const write = this.serializers[statement.parameterTypes[index] as number];
      return write ? write(value) : String(value);
    });
    const { messages } = await this.pglite.execProtocol(
      joined([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
    );
    return messages;
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    // PGlite answers a statement whole; the rows are handed on in chunks.
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let start = 0; start < rows.length; start += chunkSize) yield { rows: rows.slice(start, start + chunkSize) };
  }
}

class PGliteDriver implements Driver {
  private connection: PGliteConnection | null = null;
  private inUse = false;
  private readonly waiting: Array<(connection: PGliteConnection) => void> = [];

  constructor(private readonly pglite: PGlite) {}

  async init(): Promise<void> {
    this.connection = new PGliteConnection(this.pglite);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = this.connection as PGliteConnection;
    if (!this.inUse) {
      this.inUse = true;
      return connection;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async releaseConnection(): Promise<void> {
    const next = this.waiting.shift();
    if (next) next(this.connection as PGliteConnection);
    else this.inUse = false;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings.isolationLevel ? `start transaction isolation level ${settings.isolationLevel}` : 'begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    await this.pglite.close();
  }
}
