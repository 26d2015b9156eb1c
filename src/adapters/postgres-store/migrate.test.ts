import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeftError } from '../../core/errors/index.js';
import { createTestDatabase } from '../../testing/postgres.js';
import { migrations } from './migrations/index.js';
import { openPostgresStore } from './postgres-store.js';

describe('postgres store: migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase('weft_pgmigrate');
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('applies each migration once when several processes migrate the same database at once', async () => {
    const stores = Array.from({ length: 4 }, () => openPostgresStore({ url: database.url, encryptionKey: randomBytes(32), pool: { max: 2 } }));
    try {
      await Promise.all(stores.map((store) => store.migrate()));
      const { rows } = await client.query<{ version: number; name: string }>('select version, name from weft_migrations order by version');
      expect(rows).toEqual(migrations.map((migration) => ({ version: migration.version, name: migration.name })));
      // Every store works on the one schema.
      const created = await Promise.all(stores.map((store, index) => store.createWorkflow({ name: `w${index}`, definition: { nodes: [], connections: {} } })));
      expect(new Set(created.map((row) => row.id)).size).toBe(4);
      await Promise.all(stores.map((store) => store.migrate()));
      expect((await client.query('select 1 from weft_migrations')).rowCount).toBe(migrations.length);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('refuses a database migrated by a newer Weft (forward only, never guessing)', async () => {
    await client.query(`insert into weft_migrations (version, name, applied_at) values (999, 'from the future', 0)`);
    const store = openPostgresStore({ url: database.url, encryptionKey: randomBytes(32) });
    try {
      const error: unknown = await store.migrate().catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(WeftError);
      expect((error as WeftError).code).toBe('WEFT_E_STORE_CORRUPT');
      expect((error as WeftError).message).toContain('999');
    } finally {
      await store.close();
      await client.query('delete from weft_migrations where version = 999');
    }
  });
});
