import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { Migration } from './migrations/index.js';
import type { Database } from './schema.js';

const MIGRATION_LOCK = 0x77656674_00; // 'weft' + 0

/**
 * Applies pending migrations in one transaction under a transaction-level advisory lock, so when several
 * processes start at once one applies them and the others wait, then find nothing left to do. Forward only:
 * a database newer than this code (an unknown version recorded) is refused rather than guessed at.
 *
 * @example
 * const applied = await runMigrations(db, migrations, Date.now()); // [1] on a fresh database, [] afterwards
 */
export async function runMigrations(db: Kysely<Database>, migrations: readonly Migration[], now: number): Promise<number[]> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
    await sql`create table if not exists weft_migrations (
      version integer primary key,
      name text not null,
      applied_at bigint not null)`.execute(tx);
    const done = new Set((await tx.selectFrom('weft_migrations').select('version').execute()).map((row) => row.version));
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = [...done].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new WeftError('WEFT_E_STORE_CORRUPT', `The database has migrations this Weft version does not know (${unknown.join(', ')}): run a newer Weft`, { versions: unknown });
    }
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await migration.up(tx);
      await tx.insertInto('weft_migrations').values({ version: migration.version, name: migration.name, applied_at: now }).execute();
      applied.push(migration.version);
    }
    return applied;
  });
}
