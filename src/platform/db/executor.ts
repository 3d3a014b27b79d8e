import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Repositories take either the database or an open transaction. Inside a transaction every
 * query must go through the transaction object: on PGlite a query on the outer handle waits
 * for the transaction forever, and on PostgreSQL it would silently run outside it.
 */
export type Executor = Kysely<Database> | Transaction<Database>;
