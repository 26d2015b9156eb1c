import type { ExecutionCheckpoint, ExecutionQuery, ExecutionRecord, ExecutionStore, Page } from '../../ports/store/index.js';
import type { ExecutionResult } from '../../core/scheduler/index.js';
import { decodeData, encodeData } from '../store-common/index.js';
import type { PostgresContext } from './context.js';
import { postgresClaimStore } from './execution-claims.js';
import { createdAtOf } from './execution-ids.js';
import { toExecutionRecord, type ExecutionRow } from './execution-rows.js';
import { finishExecutionRows, insertExecutions, updateExecutionRow } from './execution-writes.js';
import { runHot, saveCheckpoints as saveCheckpointsStatement, selectExecution, selectExecutionData } from './hot-statements.js';
import { checkLimit, decodeUuidCursor } from './keyset.js';
import { listExecutionPage } from './execution-list.js';
import { postgresStaleExecutionStore } from './stale-executions.js';

/**
 * Executions on the partitioned history tables. Every statement names both `id` and `created_at` (taken from the
 * id), so PostgreSQL prunes to the one daily partition that holds the row. The calls every execution makes run
 * fixed prepared statements (hot-statements.ts); the rest builds its queries with Kysely.
 */
export function postgresExecutionStore(ctx: PostgresContext): ExecutionStore {
  return {
    ...postgresClaimStore(ctx),
    ...postgresStaleExecutionStore(ctx),

    async createExecution(input) {
      const [created] = await insertExecutions(ctx, [input]);
      if (created === undefined) throw new Error('insertExecutions returned no row for one input');
      return created;
    },

    createExecutions: (inputs) => insertExecutions(ctx, inputs),

    updateExecution: (id, update) => updateExecutionRow(ctx, id, update),

    async finishExecution(id, finish) {
      const [applied] = await finishExecutionRows(ctx, [{ id, ...finish }]);
      return applied === true;
    },

    finishExecutions: (finishes) => finishExecutionRows(ctx, finishes),

    async getExecution(id, options): Promise<ExecutionRecord | undefined> {
      const createdAt = createdAtOf(id);
      if (createdAt === undefined) return undefined;
      const { rows } = await ctx.router.read(options?.consistency ?? 'strong', 'get execution', (_db, pool) => runHot<ExecutionRow>(pool, selectExecution, [id, createdAt]));
      const row = rows[0];
      return row === undefined ? undefined : toExecutionRecord(row);
    },

    async getExecutionData(id) {
      const createdAt = createdAtOf(id);
      if (createdAt === undefined) return undefined;
      const { rows } = await ctx.router.onPrimary('get execution data', (_db, pool) =>
        runHot<{ input: Buffer | null; result: Buffer | null }>(pool, selectExecutionData, [id, createdAt]),
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        result: row.result === null ? undefined : decodeData<ExecutionResult>(row.result),
        input: row.input === null ? undefined : decodeData(row.input),
      };
    },

    async listExecutions(query: ExecutionQuery, options): Promise<Page<ExecutionRecord>> {
      const statuses = query.status === undefined ? undefined : typeof query.status === 'string' ? [query.status] : [...query.status];
      if (statuses !== undefined && statuses.length === 0) {
        // Still validate what the caller passed: an empty status list does not make a bad cursor or limit valid.
        checkLimit(query.limit);
        if (query.cursor !== undefined) decodeUuidCursor(query.cursor);
        return { data: [], nextCursor: undefined };
      }
      return ctx.router.read(options?.consistency ?? 'replica', 'list executions', (db) => listExecutionPage(ctx, db, query, statuses));
    },

    async deleteExecution(id) {
      const createdAt = createdAtOf(id);
      if (createdAt === undefined) return false;
      return ctx.router.onPrimary('delete execution', (db) =>
        db.transaction().execute(async (tx) => {
          await tx.deleteFrom('execution_checkpoints').where('execution_id', '=', id).where('created_at', '=', createdAt).execute();
          await tx.deleteFrom('execution_data').where('id', '=', id).where('created_at', '=', createdAt).execute();
          const deleted = await tx.deleteFrom('executions').where('id', '=', id).where('created_at', '=', createdAt).executeTakeFirst();
          return deleted.numDeletedRows > 0n;
        }),
      );
    },

    async saveCheckpoints(executionId, attempt, checkpoints: readonly ExecutionCheckpoint[]) {
      const createdAt = createdAtOf(executionId);
      if (createdAt === undefined) return false;
      // Encode before the statement runs, so the row's share lock is held only for the insert.
      const sequences = checkpoints.map((checkpoint) => checkpoint.sequence);
      const events = checkpoints.map((checkpoint) => encodeData(checkpoint.event));
      // One statement: the fence (an older attempt is refused, a finished execution takes no more) and the insert.
      const { rows } = await ctx.router.onPrimary('save checkpoints', (_db, pool) =>
        runHot<{ accepted: boolean }>(pool, saveCheckpointsStatement, [executionId, createdAt, attempt, sequences, events]),
      );
      return rows[0]?.accepted === true;
    },

    async loadCheckpoints(executionId) {
      const createdAt = createdAtOf(executionId);
      if (createdAt === undefined) return [];
      const rows = await ctx.router.onPrimary('load checkpoints', (db) =>
        db.selectFrom('execution_checkpoints').select(['sequence', 'event']).where('execution_id', '=', executionId).where('created_at', '=', createdAt).orderBy('sequence').execute(),
      );
      return rows.map((row) => ({ sequence: row.sequence, event: decodeData<ExecutionCheckpoint['event']>(row.event) }));
    },

    async listRunningByWorker(workers) {
      if (workers.length === 0) return [];
      const rows = await ctx.router.onPrimary('list running executions', (db) =>
        db.selectFrom('executions').selectAll().where('status', '=', 'running').where('worker', 'in', [...workers]).execute(),
      );
      return rows.map(toExecutionRecord);
    },
  };
}
