import type { Kysely } from 'kysely';
import type {
  ExecutionFinish,
  ExecutionQuery,
  ExecutionRecord,
  ExecutionStore,
  ExecutionUpdate,
  NewExecution,
  Page,
} from '../../ports/store/index.js';
import type { ExecutionResult } from '../../core/scheduler/index.js';
import { decodeData, encodeData } from '../store-common/index.js';
import type { SqliteContext } from './context.js';
import { finishedStatuses, newExecutionRow, toExecutionRecord, type ExecutionRow } from './execution-rows.js';
import { afterCursor, checkLimit, toPage } from './keyset.js';
import type { SqliteSchema } from './schema.js';

/** Rows per multi-row INSERT: 14 columns each stays well under SQLite's 32766 bound parameters. */
const INSERT_CHUNK = 500;

type ExecutionRowsStore = Pick<
  ExecutionStore,
  | 'createExecution'
  | 'createExecutions'
  | 'updateExecution'
  | 'finishExecution'
  | 'finishExecutions'
  | 'getExecution'
  | 'getExecutionData'
  | 'listExecutions'
  | 'deleteExecution'
  | 'listRunningByWorker'
>;

async function insertExecutions(ctx: SqliteContext, trx: Kysely<SqliteSchema>, inputs: readonly NewExecution[]): Promise<ExecutionRow[]> {
  const at = ctx.now();
  const rows = inputs.map((input) => newExecutionRow(ctx.newId(at), input, at));
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await trx.insertInto('executions').values(rows.slice(start, start + INSERT_CHUNK)).execute();
  }
  const data = rows.flatMap((row, index) => {
    const input = inputs[index]?.input;
    return input === undefined ? [] : [{ execution_id: row.id, input: encodeData(input), result: null }];
  });
  for (let start = 0; start < data.length; start += INSERT_CHUNK) {
    await trx.insertInto('execution_data').values(data.slice(start, start + INSERT_CHUNK)).execute();
  }
  return rows;
}

/**
 * Records the end of one execution inside a transaction. Finish-once and fencing live in the WHERE: the row must
 * not be finished yet and the caller's attempt must not be older than the stored one.
 */
async function finishOne(trx: Kysely<SqliteSchema>, id: string, finish: ExecutionFinish): Promise<boolean> {
  const updated = await trx
    .updateTable('executions')
    .set({ status: finish.status, stopped_at: finish.stoppedAt, error_message: finish.errorMessage ?? null, attempt: finish.attempt, wait_till: null })
    .where('id', '=', id)
    .where('attempt', '<=', finish.attempt)
    .where('status', 'not in', finishedStatuses)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) return false;
  if (finish.result !== undefined) {
    const result = encodeData(finish.result);
    await trx
      .insertInto('execution_data')
      .values({ execution_id: id, input: null, result })
      .onConflict((conflict) => conflict.column('execution_id').doUpdateSet({ result }))
      .execute();
  }
  return true;
}

/** Execution rows and their data (checkpoints live in checkpoints.ts). */
export function sqliteExecutionStore(ctx: SqliteContext): ExecutionRowsStore {
  return {
    async createExecution(input: NewExecution): Promise<ExecutionRecord> {
      const [row] = await ctx.write((trx) => insertExecutions(ctx, trx, [input]));
      return toExecutionRecord(row!);
    },

    async createExecutions(inputs: readonly NewExecution[]): Promise<ExecutionRecord[]> {
      if (inputs.length === 0) return [];
      const rows = await ctx.write((trx) => insertExecutions(ctx, trx, inputs));
      return rows.map(toExecutionRecord);
    },

    async updateExecution(id: string, update: ExecutionUpdate): Promise<boolean> {
      return ctx.write(async (trx) => {
        const updated = await trx
          .updateTable('executions')
          .set({
            status: update.status,
            attempt: update.attempt,
            wait_till: update.waitTill ?? null,
            ...(update.worker === undefined ? {} : { worker: update.worker }),
            ...(update.startedAt === undefined ? {} : { started_at: update.startedAt }),
          })
          .where('id', '=', id)
          .where('attempt', '<=', update.attempt)
          // A finished execution is never reopened (a late update from its own run must not undo the finish).
          .where('status', 'not in', finishedStatuses)
          .executeTakeFirst();
        return updated.numUpdatedRows === 1n;
      });
    },

    async finishExecution(id: string, finish: ExecutionFinish): Promise<boolean> {
      return ctx.write((trx) => finishOne(trx, id, finish));
    },

    async finishExecutions(finishes): Promise<boolean[]> {
      if (finishes.length === 0) return [];
      return ctx.write(async (trx) => {
        const results: boolean[] = [];
        for (const { id, ...finish } of finishes) results.push(await finishOne(trx, id, finish));
        return results;
      });
    },

    async getExecution(id: string): Promise<ExecutionRecord | undefined> {
      const row = await ctx.db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toExecutionRecord(row);
    },

    async getExecutionData(id: string): Promise<{ result: ExecutionResult | undefined; input: unknown } | undefined> {
      const row = await ctx.db.selectFrom('execution_data').select(['input', 'result']).where('execution_id', '=', id).executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        result: row.result === null ? undefined : decodeData<ExecutionResult>(row.result),
        input: row.input === null ? undefined : decodeData(row.input),
      };
    },

    async listExecutions(query: ExecutionQuery): Promise<Page<ExecutionRecord>> {
      const limit = checkLimit(query.limit);
      let select = ctx.db.selectFrom('executions').selectAll();
      if (query.workflowId !== undefined) select = select.where('workflow_id', '=', query.workflowId);
      if (query.status !== undefined) {
        const statuses: readonly string[] = typeof query.status === 'string' ? [query.status] : query.status;
        if (statuses.length === 0) return { data: [], nextCursor: undefined };
        select = statuses.length === 1 ? select.where('status', '=', statuses[0]!) : select.where('status', 'in', statuses);
      }
      if (query.startedAfter !== undefined) select = select.where('created_at', '>=', query.startedAfter);
      if (query.startedBefore !== undefined) select = select.where('created_at', '<', query.startedBefore);
      if (query.cursor !== undefined) select = select.where(afterCursor('created_at', 'id', query.cursor));
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      return toPage(rows, limit, toExecutionRecord, (row) => ({ time: row.created_at, id: row.id }));
    },

    async deleteExecution(id: string): Promise<boolean> {
      // Data and checkpoints go with the row (ON DELETE CASCADE).
      return ctx.write(async (trx) => (await trx.deleteFrom('executions').where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n);
    },

    async listRunningByWorker(workers: readonly string[]): Promise<ExecutionRecord[]> {
      if (workers.length === 0) return [];
      const rows = await ctx.db
        .selectFrom('executions')
        .selectAll()
        .where('status', '=', 'running')
        .where('worker', 'in', workers)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toExecutionRecord);
    },
  };
}
