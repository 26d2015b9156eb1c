import { sql } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { DailyRollup } from '../../ports/store/index.js';
import type { PostgresContext } from './context.js';
import { finishedStatuses } from './execution-rows.js';
import { DAY_MS } from './partitions.js';

const finished = sql.join(finishedStatuses.map((status) => sql.lit(status)));

function dayStartOf(day: string): number {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(time)) throw new WeftError('WEFT_E_INVALID_ARGUMENT', `Invalid day "${day}": expected YYYY-MM-DD`, { day });
  return time;
}

/**
 * Recomputes the rollups of one UTC day (executions created that day, finished): count, errors (error or
 * crashed) and nearest-rank duration percentiles (`percentile_disc`, so every figure is a real run's duration,
 * as the SQLite adapter computes them). The range on `created_at` prunes to the day's partition.
 */
export async function rollupDay(ctx: PostgresContext, day: string): Promise<void> {
  const start = dayStartOf(day);
  await ctx.router.onPrimary('roll up day', (db) =>
    db.transaction().execute(async (tx) => {
      await tx.deleteFrom('execution_rollups').where('day', '=', day).execute();
      await sql`insert into execution_rollups (workflow_id, day, count, errors, p50_ms, p95_ms, p99_ms)
        select workflow_id, ${day}, count(*), count(*) filter (where status in ('error', 'crashed')),
          percentile_disc(0.5) within group (order by duration),
          percentile_disc(0.95) within group (order by duration),
          percentile_disc(0.99) within group (order by duration)
        from (select workflow_id, status, stopped_at - coalesce(started_at, created_at) as duration from executions
          where created_at >= ${start} and created_at < ${start + DAY_MS} and status in (${finished}) and stopped_at is not null) finished_runs
        group by workflow_id`.execute(tx);
    }),
  );
}

/** Rollups of the days from `fromDay` to `toDay` (inclusive), ordered by day then workflow id. */
export async function listRollups(ctx: PostgresContext, query: { workflowId?: string; fromDay: string; toDay: string }): Promise<DailyRollup[]> {
  dayStartOf(query.fromDay);
  dayStartOf(query.toDay);
  const rows = await ctx.router.read('replica', 'list rollups', (db) => {
    let select = db.selectFrom('execution_rollups').selectAll().where('day', '>=', query.fromDay).where('day', '<=', query.toDay);
    if (query.workflowId !== undefined) select = select.where('workflow_id', '=', query.workflowId);
    return select.orderBy('day').orderBy('workflow_id').execute();
  });
  return rows.map((row) => ({ workflowId: row.workflow_id, day: row.day, count: row.count, errors: row.errors, p50Ms: row.p50_ms, p95Ms: row.p95_ms, p99Ms: row.p99_ms }));
}
