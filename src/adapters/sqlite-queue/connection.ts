import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens the queue's connection: WAL so other processes read while one writes, `synchronous=NORMAL` (a commit
 * survives a process crash; only an OS crash may lose the last ones, as for the store), and a busy timeout so
 * processes sharing the file wait for each other's write lock. The queue uses better-sqlite3 directly (no
 * Kysely): its few statements are prepared once and run synchronously inside group commits.
 *
 * @example
 * const db = openQueueDatabase('/var/lib/weft/queue.db', 5_000);
 */
export function openQueueDatabase(file: string, busyTimeoutMs: number): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    if (file !== ':memory:') switchToWal(db, busyTimeoutMs);
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Switching a new file to WAL takes an exclusive lock that SQLite does not always wait for with the busy handler,
 * so processes opening a brand-new file at once may get SQLITE_BUSY here: retry until the busy timeout.
 */
function switchToWal(db: Database.Database, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      // Runs once per open: a short synchronous pause without spinning the CPU.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(50, 5 * (attempt + 1)));
    }
  }
}
