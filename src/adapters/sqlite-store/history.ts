import { sql, type Kysely } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { DailyRollup, HistoryStore, RetentionPolicy } from '../../ports/store/index.js';
import type { SqliteContext } from './context.js';
import { finishedStatuses } from './execution-rows.js';
import { percentile } from './percentile.js';
import type { SqliteSchema } from './schema.js';

const DAY_MS = 86_400_000;

/** Options of the history part. */
export interface SqliteHistoryOptions {
  /** Executions deleted per transaction by retention, so a write waits at most one short batch. */
  readonly retentionBatchSize: number;
}

/** Epoch ms of UTC midnight of a `YYYY-MM-DD` day; a malformed or impossible day is a user error naming it. */
export function dayStart(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const start = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== day) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `Invalid day "${day}": expected a UTC date as YYYY-MM-DD`, { day });
  }
  return start;
}

function checkPolicyValue(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 0) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `Retention ${name} must be a number of at least 0, got ${String(value)}`, { [name]: value });
  }
  return value;
}

const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Retention in short batches (only finished executions: a waiting one may resume days later), daily rollups computed from the day's finished executions
 * (nearest-rank percentiles of stoppedAt - startedAt, in JS), nothing to prepare ahead.
 */
export function sqliteHistoryStore(ctx: SqliteContext, options: SqliteHistoryOptions): HistoryStore {
  /** Deletes, a batch per transaction, the executions `pick` selects (oldest first); returns how many. */
  async function deleteInBatches(pick: (trx: Kysely<SqliteSchema>, batch: number) => Promise<string[]>): Promise<number> {
    let removed = 0;
    for (;;) {
      const deleted = await ctx.write(async (trx) => {
        const ids = await pick(trx, options.retentionBatchSize);
        if (ids.length === 0) return 0;
        // Data and checkpoints go with the rows (ON DELETE CASCADE).
        const result = await trx.deleteFrom('executions').where('id', 'in', ids).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
      removed += deleted;
      if (deleted < options.retentionBatchSize) return removed;
      // Let writers queued on the connection in before the next batch.
      await yieldToOthers();
    }
  }

  return {
    async applyRetention(policy: RetentionPolicy, now: number): Promise<number> {
      const maxAgeMs = checkPolicyValue('maxAgeMs', policy.maxAgeMs);
      const maxCount = checkPolicyValue('maxCount', policy.maxCount);
      let removed = 0;
      if (maxAgeMs !== undefined) {
        const cutoff = now - maxAgeMs;
        removed += await deleteInBatches(async (trx, batch) =>
          (
            await trx
              .selectFrom('executions')
              .select('id')
              .where('created_at', '<', cutoff)
              .where('status', 'in', finishedStatuses)
              .orderBy('created_at')
              .orderBy('id')
              .limit(batch)
              .execute()
          ).map((row) => row.id),
        );
      }
      if (maxCount !== undefined) {
        const keep = Math.floor(maxCount);
        // The oldest finished execution that stays; older finished ones go. Rows created meanwhile are newer, so they stay.
        const boundary =
          keep === 0
            ? undefined
            : await ctx.db
                .selectFrom('executions')
                .select(['created_at', 'id'])
                .where('status', 'in', finishedStatuses)
                .orderBy('created_at', 'desc')
                .orderBy('id', 'desc')
                .limit(1)
                .offset(keep - 1)
                .executeTakeFirst();
        if (keep === 0 || boundary !== undefined) {
          removed += await deleteInBatches(async (trx, batch) => {
            let select = trx.selectFrom('executions').select('id').where('status', 'in', finishedStatuses);
            if (boundary !== undefined) select = select.where(sql<boolean>`(created_at, id) < (${boundary.created_at}, ${boundary.id})`);
            return (await select.orderBy('created_at').orderBy('id').limit(batch).execute()).map((row) => row.id);
          });
        }
      }
      return removed;
    },

    async rollupDay(day: string): Promise<void> {
      const from = dayStart(day);
      await ctx.write(async (trx) => {
        const rows = await trx
          .selectFrom('executions')
          .select(['workflow_id', 'status', sql<number>`stopped_at - coalesce(started_at, created_at)`.as('duration')])
          .where('created_at', '>=', from)
          .where('created_at', '<', from + DAY_MS)
          .where('status', 'in', finishedStatuses)
          .where('stopped_at', 'is not', null)
          .execute();
        const byWorkflow = new Map<string, { durations: number[]; errors: number }>();
        for (const row of rows) {
          const entry = byWorkflow.get(row.workflow_id) ?? { durations: [], errors: 0 };
          entry.durations.push(Math.max(0, row.duration));
          if (row.status === 'error' || row.status === 'crashed') entry.errors += 1;
          byWorkflow.set(row.workflow_id, entry);
        }
        // Recomputing replaces the day as a whole (a workflow with no runs left loses its row).
        await trx.deleteFrom('execution_rollups').where('day', '=', day).execute();
        const rollups = [...byWorkflow].map(([workflowId, entry]) => {
          const sorted = entry.durations.sort((a, b) => a - b);
          return {
            workflow_id: workflowId,
            day,
            count: sorted.length,
            errors: entry.errors,
            p50_ms: percentile(sorted, 0.5),
            p95_ms: percentile(sorted, 0.95),
            p99_ms: percentile(sorted, 0.99),
          };
        });
        for (let start = 0; start < rollups.length; start += 500) await trx.insertInto('execution_rollups').values(rollups.slice(start, start + 500)).execute();
      });
    },

    async listRollups(query): Promise<DailyRollup[]> {
      dayStart(query.fromDay);
      dayStart(query.toDay);
      let select = ctx.db.selectFrom('execution_rollups').selectAll().where('day', '>=', query.fromDay).where('day', '<=', query.toDay);
      if (query.workflowId !== undefined) select = select.where('workflow_id', '=', query.workflowId);
      const rows = await select.orderBy('day').orderBy('workflow_id').execute();
      return rows.map((row) => ({
        workflowId: row.workflow_id,
        day: row.day,
        count: row.count,
        errors: row.errors,
        p50Ms: row.p50_ms,
        p95Ms: row.p95_ms,
        p99Ms: row.p99_ms,
      }));
    },

    async prepareAhead(until: number): Promise<void> {
      if (!Number.isFinite(until)) throw new WeftError('WEFT_E_INVALID_ARGUMENT', `prepareAhead needs a time in epoch ms, got ${String(until)}`, { until });
      // SQLite keeps executions in one table: there are no partitions to create.
    },
  };
}
