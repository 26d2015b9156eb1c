import type { Kysely } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { SqliteMigration } from './migrations/index.js';
import type { SqliteSchema } from './schema.js';
import { immediateTransaction } from './transaction.js';

/**
 * Applies pending migrations in version order and records each in `weft_migrations`. The check and the apply run
 * in one `BEGIN IMMEDIATE` transaction, so when several processes start on the same file at once one applies
 * and the others wait for the lock, then find nothing left to do. Returns the versions this call applied.
 */
export async function applySqliteMigrations(
  db: Kysely<SqliteSchema>,
  migrations: readonly SqliteMigration[],
  now: () => number,
): Promise<number[]> {
  return immediateTransaction(db, async (trx) => {
    await trx.schema
      .createTable('weft_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'integer', (c) => c.notNull())
      .execute();
    const applied = new Map((await trx.selectFrom('weft_migrations').select(['version', 'name']).execute()).map((row) => [row.version, row.name]));
    const known = new Map(migrations.map((migration) => [migration.version, migration.name]));
    for (const [version, name] of applied) {
      if (known.get(version) !== name) {
        // Forward-only: a file touched by a newer Weft (or a renamed migration) must not be written by this one.
        throw new WeftError(
          'WEFT_E_INVALID_CONFIG',
          `The database has migration ${version} "${name}" that this Weft version does not know; use the Weft version that created it`,
          { version, name },
        );
      }
    }
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await migration.up(trx as unknown as Kysely<unknown>);
      await trx.insertInto('weft_migrations').values({ version: migration.version, name: migration.name, applied_at: now() }).execute();
      done.push(migration.version);
    }
    return done;
  });
}
