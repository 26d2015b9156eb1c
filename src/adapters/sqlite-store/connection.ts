import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteSchema } from './schema.js';

/** How the one SQLite connection is opened. */
export interface SqliteConnectionOptions {
  /** Path of the database file, or `:memory:`. */
  readonly file: string;
  /** How long a write waits for another process's write lock before failing (ms). */
  readonly busyTimeoutMs: number;
}

/** Most prepared statements kept per connection: the store issues a few dozen distinct queries. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs about as much as running a small statement.
 * better-sqlite3 statements are reusable (runs are synchronous, so one statement is never used by two callers at
 * once), so keep them by SQL text in a small LRU.
 */
function withStatementCache(raw: Database.Database): { close(): void; prepare(sql: string): Database.Statement } {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => {
      statements.clear();
      raw.close();
    },
    prepare: (sql) => {
      const cached = statements.get(sql);
      if (cached) {
        // Re-insert to mark it most recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = raw.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > STATEMENT_CACHE_SIZE) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
  };
}

/**
 * Turns on WAL. Switching a new file's journal mode takes an exclusive lock and SQLite does not always wait on
 * the busy handler for it, so several processes opening a brand-new file at once can get SQLITE_BUSY here:
 * retry for up to the busy timeout.
 */
function switchToWal(raw: Database.Database, busyTimeoutMs: number): void {
  const deadline = Date.now() + Math.max(0, busyTimeoutMs);
  for (let attempt = 0; ; attempt++) {
    try {
      raw.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      // A short synchronous pause (this runs once per store at start): sleep without spinning the CPU.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(50, 5 * (attempt + 1)));
    }
  }
}

/**
 * Opens the single connection a store uses (better-sqlite3 is synchronous, so one connection serialises all work
 * of the process; Kysely's SQLite driver queues callers on it) and applies the PRAGMAs:
 * WAL so readers in other processes never block the writer, `synchronous=NORMAL` (durable across a process
 * crash, which is what WAL needs; only an OS crash may lose the last commits), a busy timeout so processes sharing
 * the file wait for each other's write lock, and foreign keys so deletes cascade to data and checkpoints.
 */
export function openSqlite(options: SqliteConnectionOptions): { db: Kysely<SqliteSchema>; raw: Database.Database } {
  const raw = new Database(options.file, { timeout: options.busyTimeoutMs });
  try {
    raw.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
    if (options.file !== ':memory:') switchToWal(raw, options.busyTimeoutMs);
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    // Unicode-aware case folding for name search: SQLite's own LIKE/lower() only fold ASCII.
    raw.function('weft_contains_ci', { deterministic: true }, (haystack: unknown, needle: unknown) =>
      typeof haystack === 'string' && typeof needle === 'string' && haystack.toLocaleLowerCase().includes(needle.toLocaleLowerCase()) ? 1 : 0,
    );
  } catch (error) {
    raw.close();
    throw error;
  }
  return { db: new Kysely<SqliteSchema>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) }), raw };
}
