import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { ExecutionFinish, ExecutionRecord, ExecutionUpdate, NewExecution } from '../../ports/store/index.js';
import { encodeData } from '../store-common/index.js';
import { newExecutionColumns } from '../store-common/rows.js';
import type { PostgresContext } from './context.js';
import { createdAtOf } from './execution-ids.js';
import { finishedStatuses, toExecutionRecord, type ExecutionRow } from './execution-rows.js';
import { finishExecution, finishExecutions, insertExecution, insertExecutions as insertExecutionBatch, runHot } from './hot-statements.js';
import { isMissingPartition } from './partitions.js';
import type { Database } from './schema.js';

const finished = sql.join(finishedStatuses.map((status) => sql.lit(status)));

/**
 * Runs an insert into the partitioned history after making sure the partitions of `times` exist. Should a
 * partition vanish under it (another process's retention dropped the day) it is recreated and the write retried
 * once: a write never fails for a missing partition.
 */
async function withPartitions<T>(ctx: PostgresContext, operation: string, times: readonly number[], work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  return ctx.router.onPrimary(operation, async (db: Kysely<Database>, pool) => {
    await ctx.partitions.ensureFor(db, times);
    try {
      return await work(pool);
    } catch (error) {
      if (!isMissingPartition(error)) throw error;
      await ctx.partitions.repair(db, times);
      return work(pool);
    }
  });
}

/**
 * New executions with their inputs, in one statement (see hot-statements.ts): one execution by plain
 * parameters, a group commit by column arrays (`unnest`), so the text stays fixed whatever the batch size.
 */
export async function insertExecutions(ctx: PostgresContext, inputs: readonly NewExecution[]): Promise<ExecutionRecord[]> {
  if (inputs.length === 0) return [];
  const at = ctx.now();
  const rows: ExecutionRow[] = inputs.map((input) => {
    const id = ctx.newExecutionId(at);
    return newExecutionColumns(id, input, createdAtOf(id) ?? at);
  });
  // Compress before the statement runs, outside the pool's connection.
  const inputData = inputs.map((input) => (input.input === undefined ? null : encodeData(input.input)));
  const [single] = rows;
  if (rows.length === 1 && single !== undefined) {
    const values = [single.id, single.created_at, single.workflow_id, single.workflow_version, single.status, single.mode, single.started_at, single.retry_of, single.worker, single.attempt, single.shard, inputData[0]];
    await withPartitions(ctx, 'create execution', [single.created_at], (pool) => runHot(pool, insertExecution, values));
  } else {
    const column = <K extends keyof ExecutionRow>(key: K): Array<ExecutionRow[K]> => rows.map((row) => row[key]);
    const values = [
      column('id'), column('created_at'), column('workflow_id'), column('workflow_version'), column('status'), column('mode'),
      column('started_at'), column('retry_of'), column('worker'), column('attempt'), column('shard'), inputData,
    ];
    await withPartitions(ctx, 'create executions', [...new Set(column('created_at'))], (pool) => runHot(pool, insertExecutionBatch, values));
  }
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
 * Group commit of finishes, in one statement: an `UPDATE … FROM unnest(…)` guarded by attempt and "not finished
 * yet", and the upsert of the results of those that applied (see hot-statements.ts). Returns, in input order,
 * which finishes were applied; an id given twice is applied at most once (its first occurrence). One finish
 * takes the plain-parameter form of the same statement.
 */
export async function finishExecutionRows(ctx: PostgresContext, finishes: ReadonlyArray<{ id: string } & ExecutionFinish>): Promise<boolean[]> {
  const seen = new Set<string>();
  const batch = finishes.flatMap((finish, index) => {
    const createdAt = createdAtOf(finish.id);
    if (createdAt === undefined || seen.has(finish.id)) return [];
    seen.add(finish.id);
    // Compress before the statement runs, so row locks are held only for the writes.
    return [{ index, finish, createdAt, data: finish.result === undefined ? null : encodeData(finish.result) }];
  });
  const applied = finishes.map(() => false);
  const [single] = batch;
  if (single === undefined) return applied;
  if (batch.length === 1) {
    const { finish, createdAt, data } = single;
    const values = [finish.id, createdAt, finish.status, finish.attempt, finish.stoppedAt, finish.errorMessage ?? null, data];
    const { rows } = await ctx.router.onPrimary('finish execution', (_db, pool) => runHot<{ applied: number }>(pool, finishExecution, values));
    applied[single.index] = rows[0]?.applied === 1;
    return applied;
  }
  const values = [
    batch.map((entry) => entry.finish.id), batch.map((entry) => entry.createdAt), batch.map((entry) => entry.finish.status),
    batch.map((entry) => entry.finish.attempt), batch.map((entry) => entry.finish.stoppedAt), batch.map((entry) => entry.finish.errorMessage ?? null),
    batch.map((entry) => entry.data), batch.map((entry) => entry.index),
  ];
  const { rows } = await ctx.router.onPrimary('finish executions', (_db, pool) => runHot<{ ord: number }>(pool, finishExecutions, values));
  for (const row of rows) applied[row.ord] = true;
  return applied;
}
