import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { RetentionPolicy } from '../../ports/store/index.js';
import type { PostgresContext } from './context.js';
import { finishedStatuses, unfinishedStatuses } from './execution-rows.js';
import { DAY_MS, partitionName, partitionedTables } from './partitions.js';
import type { Database } from './schema.js';

/** Rows per batched delete: big enough to be efficient, small enough to keep each transaction's locks short. */
const DELETE_BATCH = 1_000;
const RETENTION_LOCK = 0x77656674_02; // 'weft' + 2: one retention run at a time across processes
const RETENTION_STATEMENT_TIMEOUT_MS = 10 * 60_000;

const finished = sql.join(finishedStatuses.map((status) => sql.lit(status)));
const unfinished = sql.join(unfinishedStatuses.map((status) => sql.lit(status)));

/** Removal bound: rows created before `time` or, with `id`, at or before the keyset position (time, id). */
interface Bound {
  readonly time: number;
  readonly id?: string;
}

/**
 * Applies a retention policy. Only finished executions are removed (a waiting one may resume days later).
 * Whole daily partitions entirely outside the policy and holding nothing unfinished are detached
 * CONCURRENTLY (writers are not blocked) and dropped, with their data and checkpoint partitions; the rest is
 * removed by batched deletes of at most DELETE_BATCH executions (with their data and checkpoints) each.
 * Runs on one connection holding a session advisory lock, so two processes never prune at once.
 */
export async function applyRetention(ctx: PostgresContext, policy: RetentionPolicy, now: number): Promise<number> {
  if (policy.maxAgeMs === undefined && policy.maxCount === undefined) return 0;
  return ctx.router.onPrimary('apply retention', (db) =>
    db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${RETENTION_LOCK})`.execute(conn);
      // Counting a whole day and DETACH … CONCURRENTLY (which waits for older transactions) can outlast the
      // pool's statement timeout on a big history; this background session gets longer, and resets it after.
      await sql`set statement_timeout = ${sql.lit(`${RETENTION_STATEMENT_TIMEOUT_MS}ms`)}`.execute(conn);
      try {
        let removed = 0;
        if (policy.maxAgeMs !== undefined) removed += await removeFinished(ctx, conn, { time: now - policy.maxAgeMs });
        if (policy.maxCount !== undefined) {
          const bound = await countBound(conn, policy.maxCount);
          if (bound !== undefined) removed += await removeFinished(ctx, conn, bound);
        }
        return removed;
      } finally {
        await sql`reset statement_timeout`.execute(conn);
        await sql`select pg_advisory_unlock(${RETENTION_LOCK})`.execute(conn);
      }
    }),
  );
}

/**
 * The newest finished execution that falls outside `maxCount` (the (maxCount+1)-th newest), or undefined.
 * One index range walk of maxCount rows on (created_at desc, id desc): a background job's cost, not a list's.
 */
async function countBound(db: Kysely<Database>, maxCount: number): Promise<Bound | undefined> {
  const { rows } = await sql<{ created_at: number; id: string }>`select created_at, id from executions where status in (${finished})
    order by created_at desc, id desc offset ${Math.max(0, Math.floor(maxCount))} limit 1`.execute(db);
  const row = rows[0];
  return row === undefined ? undefined : { time: row.created_at, id: row.id };
}

async function removeFinished(ctx: PostgresContext, db: Kysely<Database>, bound: Bound): Promise<number> {
  return (await dropWholeDays(ctx, db, bound.time)) + (await deleteInBatches(db, bound));
}

/** Drops the days that end at or before `before` and hold only finished executions; returns their row count. */
async function dropWholeDays(ctx: PostgresContext, db: Kysely<Database>, before: number): Promise<number> {
  let removed = 0;
  for (const day of await ctx.partitions.listDays(db)) {
    if (day + DAY_MS > before) break;
    const partition = sql.id(partitionName('executions', day));
    // The unfinished check walks the status index; only a day that can go whole is counted.
    const { rows: blockers } = await sql<{ unfinished: boolean }>`select exists (select 1 from ${partition}
      where status in (${unfinished})) as unfinished`.execute(db);
    if (blockers[0]?.unfinished !== false) continue;
    const { rows } = await sql<{ total: number }>`select count(*) as total from ${partition}`.execute(db);
    const counts = rows[0];
    if (counts === undefined) continue;
    // Executions last, so a crash in between leaves at worst orphan data partitions, never rows without their data.
    for (const table of [...partitionedTables].reverse()) await detachAndDrop(db, table, partitionName(table, day));
    ctx.partitions.forget(day);
    removed += counts.total;
  }
  return removed;
}

/**
 * DETACH … CONCURRENTLY takes only a SHARE UPDATE EXCLUSIVE lock on the parent, so inserts into today's partition
 * go on meanwhile; the detached table is then an ordinary table and dropping it touches no parent lock.
 */
async function detachAndDrop(db: Kysely<Database>, table: string, partition: string): Promise<void> {
  const exists = await sql<{ attached: boolean | null }>`select (select true from pg_inherits where inhrelid = to_regclass(${partition})) as attached`.execute(db);
  if (exists.rows[0]?.attached === true) {
    try {
      await sql`alter table ${sql.id(table)} detach partition ${sql.id(partition)} concurrently`.execute(db);
    } catch (error) {
      // A detach interrupted earlier (process killed) leaves the partition "pending": finish that one instead.
      if (!/pending detach/i.test(error instanceof Error ? error.message : '')) throw error;
      await sql`alter table ${sql.id(table)} detach partition ${sql.id(partition)} finalize`.execute(db);
    }
  }
  await sql`drop table if exists ${sql.id(partition)}`.execute(db);
}

/** Deletes finished executions inside `bound`, with their data and checkpoints, DELETE_BATCH per transaction. */
async function deleteInBatches(db: Kysely<Database>, bound: Bound): Promise<number> {
  const inside = bound.id === undefined ? sql`created_at < ${bound.time}` : sql`(created_at, id) <= (${bound.time}, ${bound.id}::uuid)`;
  let removed = 0;
  for (;;) {
    // One statement per batch: data-modifying CTEs share the victims' snapshot and commit together.
    const { rows } = await sql<{ removed: number }>`with victims as (
        select id, created_at from executions where ${inside} and status in (${finished}) limit ${DELETE_BATCH}
      ), data as (
        delete from execution_data d using victims v where d.id = v.id and d.created_at = v.created_at
      ), checkpoints as (
        delete from execution_checkpoints c using victims v where c.execution_id = v.id and c.created_at = v.created_at
      ), gone as (
        delete from executions e using victims v where e.id = v.id and e.created_at = v.created_at returning 1
      ) select count(*) as removed from gone`.execute(db);
    const count = rows[0]?.removed ?? 0;
    removed += count;
    if (count < DELETE_BATCH) return removed;
  }
}
