import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ExecutionFinish, ExecutionRecord, ExecutionUpdate, NewExecution } from '../../ports/store/index.js';
import { encodeData } from '../store-common/index.js';
import { newExecutionColumns } from '../store-common/rows.js';
import type { PostgresContext } from './context.js';
import { createdAtOf } from './execution-ids.js';
import { finishedStatuses, toExecutionRecord, type ExecutionRow } from './execution-rows.js';
import { isMissingPartition } from './partitions.js';
import type { Database } from './schema.js';

const finished = sql.join(finishedStatuses.map((status) => sql.lit(status)));

/**
 * Runs an insert into the partitioned history after making sure the partitions of `times` exist. Should a
 * partition vanish under it (another process's retention dropped the day) it is recreated and the write retried
 * once: a write never fails for a missing partition.
 */
async function withPartitions<T>(ctx: PostgresContext, operation: string, times: readonly number[], work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return ctx.router.onPrimary(operation, async (db) => {
    await ctx.partitions.ensureFor(db, times);
    try {
      return await work(db);
    } catch (error) {
      if (!isMissingPartition(error)) throw error;
      await ctx.partitions.repair(db, times);
      return work(db);
    }
  });
}

/**
 * Group commit of new executions: one multi-row INSERT (`unnest` of column arrays, so the statement has a fixed
 * 12 parameters whatever the batch size) plus one for the inputs, in one transaction.
 */
export async function insertExecutions(ctx: PostgresContext, inputs: readonly NewExecution[]): Promise<ExecutionRecord[]> {
  if (inputs.length === 0) return [];
  const at = ctx.now();
  const rows: ExecutionRow[] = inputs.map((input) => {
    const id = ctx.newExecutionId(at);
    return newExecutionColumns(id, input, createdAtOf(id) ?? at);
  });
  const withInput = inputs.flatMap((input, index) => (input.input === undefined ? [] : [{ row: rows[index]!, data: encodeData(input.input) }]));
  const column = <K extends keyof ExecutionRow>(key: K): Array<ExecutionRow[K]> => rows.map((row) => row[key]);
  const insertRows = sql`insert into executions (id, created_at, workflow_id, workflow_version, status, mode, started_at, retry_of, worker, attempt, shard)
    select * from unnest(${column('id')}::uuid[], ${column('created_at')}::bigint[], ${column('workflow_id')}::text[], ${column('workflow_version')}::int[],
      ${column('status')}::text[], ${column('mode')}::text[], ${column('started_at')}::bigint[], ${column('retry_of')}::text[], ${column('worker')}::text[],
      ${column('attempt')}::int[], ${column('shard')}::int[])`;
  await withPartitions(ctx, 'create executions', [...new Set(column('created_at'))], async (db) => {
    if (withInput.length === 0) return insertRows.execute(db);
    return db.transaction().execute(async (tx) => {
      await insertRows.execute(tx);
      await sql`insert into execution_data (id, created_at, input)
        select * from unnest(${withInput.map((entry) => entry.row.id)}::uuid[], ${withInput.map((entry) => entry.row.created_at)}::bigint[], ${withInput.map((entry) => entry.data)}::bytea[])`.execute(tx);
    });
  });
  return rows.map(toExecutionRecord);
}

/** A state change, applied only for the current or a newer attempt of an unfinished execution. */
export async function updateExecutionRow(ctx: PostgresContext, id: string, update: ExecutionUpdate): Promise<boolean> {
  const createdAt = createdAtOf(id);
  if (createdAt === undefined) return false;
  const result = await ctx.router.onPrimary('update execution', (db) =>
    db
      .updateTable('executions')
      .set({
        status: update.status,
        attempt: update.attempt,
        ...(update.worker !== undefined ? { worker: update.worker } : {}),
        ...(update.startedAt !== undefined ? { started_at: update.startedAt } : {}),
        // waitTill only means something while waiting: leaving 'waiting' clears it.
        wait_till: update.status !== 'waiting' ? null : update.waitTill !== undefined ? update.waitTill : sql<number | null>`wait_till`,
      })
      .where('id', '=', id)
      .where('created_at', '=', createdAt)
      .where('attempt', '<=', update.attempt)
      .where(sql<boolean>`status not in (${finished})`)
      .executeTakeFirst(),
  );
  return result.numUpdatedRows > 0n;
}

/**
 * Group commit of finishes: one `UPDATE … FROM unnest(…)` guarded by attempt and "not finished yet", then one
 * upsert of the kept results, in one transaction. Returns, in input order, which finishes were applied; an id
 * given twice is applied at most once (its first occurrence).
 */
export async function finishExecutionRows(ctx: PostgresContext, finishes: ReadonlyArray<{ id: string } & ExecutionFinish>): Promise<boolean[]> {
  const seen = new Set<string>();
  const batch = finishes.flatMap((finish, index) => {
    const createdAt = createdAtOf(finish.id);
    if (createdAt === undefined || seen.has(finish.id)) return [];
    seen.add(finish.id);
    // Compress before the transaction opens, so row locks are held only for the writes.
    return [{ index, finish, createdAt, data: finish.result === undefined ? undefined : encodeData(finish.result) }];
  });
  const applied = finishes.map(() => false);
  if (batch.length === 0) return applied;
  const appliedIndexes = await ctx.router.onPrimary('finish executions', (db) =>
    db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ ord: number }>`update executions e
        set status = v.status, attempt = v.attempt, stopped_at = v.stopped_at, error_message = v.error_message
        from unnest(${batch.map((entry) => entry.finish.id)}::uuid[], ${batch.map((entry) => entry.createdAt)}::bigint[], ${batch.map((entry) => entry.finish.status)}::text[],
          ${batch.map((entry) => entry.finish.attempt)}::int[], ${batch.map((entry) => entry.finish.stoppedAt)}::bigint[], ${batch.map((entry) => entry.finish.errorMessage ?? null)}::text[],
          ${batch.map((entry) => entry.index)}::int[]) as v(id, created_at, status, attempt, stopped_at, error_message, ord)
        where e.id = v.id and e.created_at = v.created_at and e.attempt <= v.attempt and e.status not in (${finished})
        returning v.ord`.execute(tx);
      const done = new Set(rows.map((row) => row.ord));
      const kept = batch.filter((entry) => done.has(entry.index) && entry.data !== undefined);
      if (kept.length > 0) {
        await sql`insert into execution_data (id, created_at, result)
          select * from unnest(${kept.map((entry) => entry.finish.id)}::uuid[], ${kept.map((entry) => entry.createdAt)}::bigint[], ${kept.map((entry) => entry.data ?? null)}::bytea[])
          on conflict (id, created_at) do update set result = excluded.result`.execute(tx);
      }
      return done;
    }),
  );
  for (const index of appliedIndexes) applied[index] = true;
  return applied;
}
