import type Database from 'better-sqlite3';
import { WeftError } from '../../core/errors/index.js';

/** One forward-only schema step of the queue file; runs inside the migration transaction. */
export interface QueueMigration {
  /** 1, 2, 3, … never reused or renumbered once released. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The queue's schema. `queue_jobs.available_at` is when a row may next be claimed: its due time while it waits,
 * the end of its lease while a consumer holds it (renewing the lease pushes it forward), so "claimable" is one
 * indexed comparison whether the job is new, delayed, retried or held by a consumer that died.
 * `seq` (the rowid) is the FIFO order within a priority. `ttl_ms` is kept so the expiry can be set again each
 * time the job becomes due. Dead letters live in their own table, numbered in the order they died.
 */
export const queueMigrations: readonly QueueMigration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      create table queue_queues (
        name text primary key,
        message_ttl_ms integer
      );
      create table queue_jobs (
        seq integer primary key,
        id text not null,
        queue text not null,
        priority integer not null,
        available_at integer not null,
        ttl_ms integer,
        expires_at integer,
        deliveries integer not null default 0,
        lease_owner text,
        last_reason text,
        body text not null
      );
      create index queue_jobs_ready on queue_jobs (queue, priority desc, seq, available_at);
      create index queue_jobs_next_due on queue_jobs (queue, available_at);
      create index queue_jobs_leases on queue_jobs (lease_owner) where lease_owner is not null;
      create table queue_dead_letters (
        seq integer primary key autoincrement,
        id text not null,
        queue text not null,
        priority integer not null,
        body text not null,
        reason text not null,
        deliveries integer not null,
        dead_at integer not null,
        available_at integer not null,
        lease_owner text
      );
      create index queue_dead_letters_next_due on queue_dead_letters (available_at);
      create index queue_dead_letters_leases on queue_dead_letters (lease_owner) where lease_owner is not null;
    `,
  },
  {
    // Who each lease owner is, so that a process of the same host can take back at once the leases of one that
    // died (SIGKILL, OOM) instead of waiting for them to run out. Owners of files from before this migration have
    // no row: their leases still run out as before.
    version: 2,
    name: 'lease owners',
    sql: `
      create table queue_owners (
        owner text primary key,
        host text not null,
        pid integer not null,
        started text,
        registered_at integer not null
      );
      create index queue_owners_host on queue_owners (host);
    `,
  },
];

/**
 * Applies pending migrations in one `BEGIN IMMEDIATE` transaction and records them in `weft_queue_migrations`,
 * so several processes opening a new file at once migrate it exactly once (the others wait for the lock, then
 * find nothing to do). A file carrying a migration this version does not know is refused (forward-only), as the
 * store's migrator does. Returns the versions applied.
 */
export function applyQueueMigrations(db: Database.Database, migrations: readonly QueueMigration[], now: number): number[] {
  const migrate = db.transaction((): number[] => {
    db.exec('create table if not exists weft_queue_migrations (version integer primary key, name text not null, applied_at integer not null)');
    const rows = db.prepare('select version, name from weft_queue_migrations').all() as Array<{ version: number; name: string }>;
    const applied = new Map(rows.map((row) => [row.version, row.name]));
    const known = new Map(migrations.map((migration) => [migration.version, migration.name]));
    for (const [version, name] of applied) {
      if (known.get(version) !== name) {
        throw new WeftError(
          'WEFT_E_INVALID_CONFIG',
          `The queue database has migration ${version} "${name}" that this Weft version does not know; use the Weft version that created it`,
          { version, name },
        );
      }
    }
    const record = db.prepare('insert into weft_queue_migrations (version, name, applied_at) values (?, ?, ?)');
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now);
      done.push(migration.version);
    }
    return done;
  });
  return migrate.immediate();
}
