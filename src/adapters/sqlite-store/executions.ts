import type { Selectable } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
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
import * as hot from './hot-statements.js';
import type { ExecutionDataTable } from './schema.js';

type ExecutionDataRow = Selectable<ExecutionDataTable>;

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

/** The values of {@link hot.insertExecution}, in its column order. */
function rowValues(row: ExecutionRow): unknown[] {
  return [row.id, row.workflow_id, row.workflow_version, row.status, row.mode, row.created_at, row.started_at, row.stopped_at, row.retry_of, row.worker, row.attempt, row.shard, row.error_message, row.wait_till];
}

/**
 * Inserts new executions and their inputs (synchronous: runs under the connection lock). The time and ids are
 * taken here, under the lock, so ids follow commit order.
 */
function insertExecutions(ctx: SqliteContext, inputs: readonly NewExecution[], encodedInputs: ReadonlyArray<Buffer | undefined>): ExecutionRow[] {
  const at = ctx.now();
  const rows = inputs.map((input) => newExecutionRow(ctx.newId(at), input, at));
  const insertRow = ctx.raw.statement(hot.insertExecution);
  for (const row of rows) insertRow.run(rowValues(row));
  const insertInput = ctx.raw.statement(hot.insertExecutionInput);
  rows.forEach((row, index) => {
    const input = encodedInputs[index];
    if (input !== undefined) insertInput.run(row.id, input);
  });
  return rows;
}

/** Creates executions: one autocommit INSERT for a single one without input, else one transaction. */
async function createExecutionRows(ctx: SqliteContext, inputs: readonly NewExecution[]): Promise<ExecutionRow[]> {
  // Compress before taking the connection: nobody waits on it meanwhile.
  const encodedInputs = inputs.map((input) => (input.input === undefined ? undefined : encodeData(input.input)));
  if (inputs.length === 1 && encodedInputs[0] === undefined) return ctx.raw.exclusive(() => insertExecutions(ctx, inputs, encodedInputs));
  return ctx.raw.transaction(() => insertExecutions(ctx, inputs, encodedInputs));
}

/** A finish with its result encoded ahead of the transaction. */
type EncodedFinish = { readonly id: string; readonly finish: ExecutionFinish; readonly result: Buffer | undefined };

function encodeFinish(id: string, finish: ExecutionFinish): EncodedFinish {
  return { id, finish, result: finish.result === undefined ? undefined : encodeData(finish.result) };
}

/**
 * Records the end of one execution (synchronous: runs under the connection lock, inside a transaction when it
 * keeps a result). Finish-once and fencing live in the WHERE: the row must not be finished yet and the caller's
 * attempt must not be older than the stored one.
 */
function finishOne(ctx: SqliteContext, { id, finish, result }: EncodedFinish): boolean {
  const updated = ctx.raw.statement(hot.finishExecution).run(finish.status, finish.stoppedAt, finish.errorMessage ?? null, finish.attempt, id, finish.attempt);
  if (updated.changes !== 1) return false;
  if (result !== undefined) ctx.raw.statement(hot.upsertExecutionResult).run(id, result);
  return true;
}

/**
 * Execution rows and their data (checkpoints live in checkpoints.ts). The calls every execution makes run fixed
 * prepared statements (hot-statements.ts); lists and the rarer writes build their queries with Kysely.
 */
export function sqliteExecutionStore(ctx: SqliteContext): ExecutionRowsStore {
  return {
    async createExecution(input: NewExecution): Promise<ExecutionRecord> {
      const [row] = await createExecutionRows(ctx, [input]);
      if (row === undefined) throw new WeftError('WEFT_E_INTERNAL', `Creating an execution of workflow ${input.workflowId} returned no row`, { workflowId: input.workflowId });
      return toExecutionRecord(row);
    },

    async createExecutions(inputs: readonly NewExecution[]): Promise<ExecutionRecord[]> {
      if (inputs.length === 0) return [];
      return (await createExecutionRows(ctx, inputs)).map(toExecutionRecord);
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
      const encoded = encodeFinish(id, finish);
      // Without a result the finish is one autocommit UPDATE; with one, the UPDATE and the upsert commit together.
      if (encoded.result === undefined) return ctx.raw.exclusive(() => finishOne(ctx, encoded));
      return ctx.raw.transaction(() => finishOne(ctx, encoded));
    },

    async finishExecutions(finishes): Promise<boolean[]> {
      if (finishes.length === 0) return [];
      const encoded = finishes.map(({ id, ...finish }) => encodeFinish(id, finish));
      return ctx.raw.transaction(() => encoded.map((entry) => finishOne(ctx, entry)));
    },

    async getExecution(id: string): Promise<ExecutionRecord | undefined> {
      const row = await ctx.raw.exclusive(() => ctx.raw.statement(hot.selectExecution).get(id) as ExecutionRow | undefined);
      return row === undefined ? undefined : toExecutionRecord(row);
    },

    async getExecutionData(id: string): Promise<{ result: ExecutionResult | undefined; input: unknown } | undefined> {
      const row = await ctx.raw.exclusive(() => ctx.raw.statement(hot.selectExecutionData).get(id) as Pick<ExecutionDataRow, 'input' | 'result'> | undefined);
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
