import { sql, type Kysely } from 'kysely';
import type { SqliteSchema } from './schema.js';

/**
 * Runs `work` in a write transaction opened with `BEGIN IMMEDIATE`: the write lock is taken up front, so a
 * transaction that reads and then writes never fails half-way with SQLITE_BUSY because another process wrote in
 * between (a deferred `BEGIN` would). The connection stays reserved until the transaction ends.
 *
 * @example
 * await immediateTransaction(db, async (trx) => { await trx.deleteFrom('webhooks').execute(); });
 */
export async function immediateTransaction<T>(db: Kysely<SqliteSchema>, work: (trx: Kysely<SqliteSchema>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    let result: T;
    try {
      result = await work(connection);
    } catch (error) {
      try {
        await sql`rollback`.execute(connection);
      } catch {
        // SQLite already rolled back on its own (it does after some I/O errors); the original error matters.
      }
      throw error;
    }
    await sql`commit`.execute(connection);
    return result;
  });
}
