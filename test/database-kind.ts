export const templateDatabaseName = 'rp_test_template';

/** The suite runs on PGlite, or on PostgreSQL when TEST_DB=postgres and TEST_DATABASE_URL are set. */
export function testDatabaseKind(): 'pglite' | 'postgres' {
  if (process.env.TEST_DB === 'postgres') {
    if (!process.env.TEST_DATABASE_URL) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
    return 'postgres';
  }
  return 'pglite';
}
