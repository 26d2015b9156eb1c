import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase } from '../../testing/postgres.js';
import type { Store } from '../../ports/store/index.js';
import { createPostgresStore } from './postgres-store.js';
import type { PostgresStoreOptions } from './options.js';

/** A migrated store on its own fresh database, with a plain pg client for looking at what it wrote. */
export interface PostgresTestStore {
  readonly store: Store;
  readonly url: string;
  /** Runs SQL on the test database outside the store (inspection, EXPLAIN). */
  query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]>;
  /** Closes the store and the client, drops the database. */
  teardown(): Promise<void>;
}

/** Makes a fresh database and a migrated store on it (test files run in parallel, each on its own databases). */
export async function postgresTestStore(options: Partial<PostgresStoreOptions> = {}): Promise<PostgresTestStore> {
  const database = await createTestDatabase('weft_pgstore');
  const store = await createPostgresStore({ url: database.url, encryptionKey: randomBytes(32), pool: { max: 5 }, ...options });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return {
    store,
    url: database.url,
    query: async <Row extends pg.QueryResultRow>(text: string, values?: unknown[]) => (await client.query<Row>(text, values)).rows,
    teardown: async () => {
      await store.close();
      await client.end();
      await database.drop();
    },
  };
}
