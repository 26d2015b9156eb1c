import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { SqliteSchema } from './schema.js';

/**
 * Fixed SQL run straight on the better-sqlite3 connection, for the statements every execution makes (see
 * hot-statements.ts): no Kysely query building, statements prepared once, a transaction run synchronously in one
 * tick instead of one awaited step per statement.
 *
 * It shares the one connection with Kysely, whose transactions await between statements. Raw work therefore
 * takes Kysely's connection lock first: run in the middle of someone's open transaction, a write would join it
 * (and vanish with its rollback) and a read would see its uncommitted rows.
 */
export interface RawAccess {
  /** The prepared statement of `text`, prepared on first use and kept (texts are fixed, so the set stays small). */
  statement(text: string): Database.Statement;
  /** Runs synchronous `work` while holding the connection. */
  exclusive<T>(work: () => T): Promise<T>;
  /** Runs synchronous `work` in one `BEGIN IMMEDIATE` transaction while holding the connection; rolls back when it throws. */
  transaction<T>(work: () => T): Promise<T>;
}

/**
 * Raw access to `raw`, serialised with the Kysely instance `db` over the same connection.
 *
 * @example
 * const access = rawAccess(raw, db);
 * const row = await access.exclusive(() => access.statement('select status from executions where id = ?').get(id));
 */
export function rawAccess(raw: Database.Database, db: Kysely<SqliteSchema>): RawAccess {
  const statements = new Map<string, Database.Statement>();
  const statement = (text: string): Database.Statement => {
    let prepared = statements.get(text);
    if (prepared === undefined) {
      prepared = raw.prepare(text);
      statements.set(text, prepared);
    }
    return prepared;
  };
  const executor = db.getExecutor();
  const exclusive = <T>(work: () => T): Promise<T> => executor.provideConnection(async () => work());
  return {
    statement,
    exclusive,
    transaction: <T>(work: () => T): Promise<T> =>
      exclusive(() => {
        // IMMEDIATE takes the write lock up front (waiting on the busy timeout), as the Kysely write path does.
        statement('begin immediate').run();
        try {
          const result = work();
          statement('commit').run();
          return result;
        } catch (error) {
          // Left open by a failed step or commit, the transaction would swallow the next caller's statements. SQLite
          // may already have rolled back on its own (it does after some I/O errors); the original error matters.
          if (raw.inTransaction) statement('rollback').run();
          throw error;
        }
      }),
  };
}
