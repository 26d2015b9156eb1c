import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ExecutionQuery, ExecutionRecord, Page } from '../../ports/store/index.js';
import type { KeysetPosition } from '../store-common/index.js';
import type { PostgresContext } from './context.js';
import { toExecutionRecord, type ExecutionRow } from './execution-rows.js';
import { checkLimit, decodeUuidCursor, toPage } from './keyset.js';
import { DAY_MS } from './partitions.js';
import type { Database } from './schema.js';
import { timeWindows, type TimeWindow } from './time-windows.js';

const unbounded: TimeWindow = { from: undefined, before: undefined };

/**
 * One keyset page query of `listExecutions` over one `created_at` window (`limit + 1` rows). Exported so tests
 * can EXPLAIN the exact SQL. The row comparison `(created_at, id) < (…)` lets the (…, created_at desc, id desc)
 * indexes serve it as a range scan (no OFFSET, no sort); the constant `created_at` bounds (the window's, and the
 * cursor's time repeated as a plain comparison, which a row comparison is not) let the planner prune to the
 * window's partitions instead of opening all of them.
 */
export function listExecutionsQuery(
  db: Kysely<Database>,
  query: Omit<ExecutionQuery, 'limit' | 'cursor'>,
  statuses: readonly string[] | undefined,
  after: KeysetPosition | undefined,
  limit: number,
  window: TimeWindow = unbounded,
) {
  let select = db.selectFrom('executions').selectAll();
  if (query.workflowId !== undefined) select = select.where('workflow_id', '=', query.workflowId);
  if (statuses !== undefined) select = statuses.length === 1 ? select.where('status', '=', statuses[0]!) : select.where('status', 'in', [...statuses]);
  if (query.startedAfter !== undefined) select = select.where('created_at', '>=', query.startedAfter);
  if (query.startedBefore !== undefined) select = select.where('created_at', '<', query.startedBefore);
  if (after !== undefined) select = select.where('created_at', '<=', after.time).where(sql<boolean>`(created_at, id) < (${after.time}, ${after.id}::uuid)`);
  if (window.from !== undefined) select = select.where('created_at', '>=', window.from);
  if (window.before !== undefined) select = select.where('created_at', '<', window.before);
  return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1);
}

/**
 * A page of executions, newest first, read window by window (see {@link timeWindows}): the day that can hold the
 * newest matching row first, then ever wider spans below it, each query asking only for the rows still missing,
 * until `limit + 1` rows are found or history is exhausted. The windows are disjoint and descending, so their
 * rows concatenate in list order.
 */
export async function listExecutionPage(ctx: PostgresContext, db: Kysely<Database>, query: ExecutionQuery, statuses: readonly string[] | undefined): Promise<Page<ExecutionRecord>> {
  const limit = checkLimit(query.limit);
  const after = query.cursor === undefined ? undefined : decodeUuidCursor(query.cursor);
  const span = await ctx.partitions.span(db);
  // Nothing can be newer than the newest partition's last instant; the first window is open above anyway, so a
  // stale span or a clock behind the data only widens it.
  const limits = [ctx.now(), after?.time, query.startedBefore === undefined ? undefined : query.startedBefore - 1, span === undefined ? undefined : span.newest + DAY_MS - 1];
  const anchor = Math.min(...limits.filter((value): value is number => value !== undefined));
  const rows: ExecutionRow[] = [];
  for (const window of timeWindows({ anchor, floor: query.startedAfter, oldest: span?.oldest })) {
    rows.push(...(await listExecutionsQuery(db, query, statuses, after, limit - rows.length, window).execute()));
    if (rows.length > limit) break;
  }
  return toPage(rows, limit, toExecutionRecord, (row) => ({ time: row.created_at, id: row.id }));
}
