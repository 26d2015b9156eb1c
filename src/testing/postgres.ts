import pg from 'pg';

/** The PostgreSQL server tests use: the machine's, unless WEFT_TEST_DATABASE_URL names another. */
export const testServerUrl = process.env.WEFT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Creates a fresh, empty database for one test file, so test files can run in parallel without seeing each
 * other's rows. Call `drop()` in `afterAll`.
 *
 * @example
 * const db = await createTestDatabase();
 * const store = await createPostgresStore({ url: db.url });
 * afterAll(async () => { await store.close(); await db.drop(); });
 */
export async function createTestDatabase(prefix = 'weft_test'): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: testServerUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** True when the test PostgreSQL server answers (tests that need it fail with a clear message otherwise). */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testServerUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
