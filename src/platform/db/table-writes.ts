import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/**
 * Counts the statements that write to each table through one database handle, so that
 * something kept in memory from some tables can tell it may be out of date: it notes the count
 * for those tables before it reads, and trusts what it read only while that count is unchanged.
 *
 * Only exact for a database that this process alone writes to (the embedded one, which the data
 * folder lock keeps to one process). A write moves the count before it runs and again after, so
 * a read that started before the write finished is never trusted after it.
 */
export class TableWrites implements KyselyPlugin {
  private readonly counts = new Map<string, number>();
  /** Raw statements that write: which tables they touch is not worked out, so they count for every table. */
  private rawWrites = 0;
  private readonly writing = new WeakMap<object, string[] | 'raw'>();

  /** A number that moves on whenever any of these tables may have changed. */
  generation(tables: readonly string[]): number {
    return tables.reduce((sum, table) => sum + (this.counts.get(table) ?? 0), this.rawWrites);
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const written = writtenTables(node);
    if (written) {
      this.writing.set(queryId, written);
      this.count(written);
    }
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const written = this.writing.get(queryId);
    if (written) this.count(written);
    return result;
  }

  private count(written: string[] | 'raw'): void {
    if (written === 'raw') this.rawWrites += 1;
    else for (const table of written) this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
  }
}

const writeKinds = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

/** The tables a writing statement names anywhere (subqueries too: counting one too many is harmless), or null if it only reads. */
function writtenTables(node: RootOperationNode): string[] | 'raw' | null {
  if (node.kind === 'RawNode') return /\b(insert|update|delete|merge|truncate)\b/i.test(node.sqlFragments.join(' ')) ? 'raw' : null;
  if (!writeKinds.has(node.kind)) return null;
  const tables = new Set<string>();
  collectTables(node, tables);
  return [...tables];
}

function collectTables(node: unknown, tables: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  const candidate = node as OperationNode & { table?: { identifier?: { name?: string } } };
  const name = candidate.kind === 'TableNode' ? candidate.table?.identifier?.name : undefined;
  if (name) tables.add(name);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const item of value) collectTables(item, tables);
    else collectTables(value, tables);
  }
}

const watches = new WeakMap<object, TableWrites>();

export function registerTableWrites(db: object, watch: TableWrites): void {
  watches.set(db, watch);
}

/** The write counts of a handle opened by connect.ts, when that database is written by this process alone. */
export function tableWritesOf(db: object): TableWrites | undefined {
  return watches.get(db);
}
