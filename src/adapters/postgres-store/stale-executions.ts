import { sql, type Kysely } from 'kysely';
import type { ExecutionStore } from '../../ports/store/index.js';
import type { KeysetPosition } from '../store-common/index.js';
import type { PostgresContext } from './context.js';
import { toExecutionRecord } from './execution-rows.js';
import { checkLimit, decodeUuidCursor, toPage } from './keyset.js';
import type { Database } from './schema.js';

/**
 * The page query of {@link postgresStaleExecutionStore} (`limit + 1` rows), exported so tests can EXPLAIN the
 * exact SQL. Each daily partition's `executions_status_idx` (status, created_at desc, id desc) serves its part as
 * one backward range of `new` rows below the cutoff, merged in order (Merge Append) and stopped at the limit: a
 * partition of finished history costs one index probe that finds no `new` row, never a scan of its rows.
 * Partitions from the cutoff on are pruned, and so are those before the cursor (its time repeated as a plain
 * bound, which a row comparison alone does not give the planner).
 *
 * @example
 * const rows = await staleNewExecutionsQuery(db, Date.now() - 300_000, undefined, 500).execute();
 */
export function staleNewExecutionsQuery(db: Kysely<Database>, createdBefore: number, after: KeysetPosition | undefined, limit: number) {
  let select = db.selectFrom('executions').selectAll().where('status', '=', 'new').where('created_at', '<', createdBefore);
  if (after !== undefined) select = select.where('created_at', '>=', after.time).where(sql<boolean>`(created_at, id) > (${after.time}, ${after.id}::uuid)`);
  return select.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit + 1);
}

/**
 * Stale `new` executions for queue-mode recovery, oldest first, always read on the primary.
 *
 * @example
 * const page = await postgresStaleExecutionStore(ctx).listStaleNewExecutions({ createdBefore: Date.now() - 300_000, limit: 500 });
 */
export function postgresStaleExecutionStore(ctx: PostgresContext): Pick<ExecutionStore, 'listStaleNewExecutions'> {
  return {
    async listStaleNewExecutions(query) {
      const limit = checkLimit(query.limit);
      const after = query.cursor === undefined ? undefined : decodeUuidCursor(query.cursor);
      const rows = await ctx.router.onPrimary('list stale new executions', (db) => staleNewExecutionsQuery(db, query.createdBefore, after, limit).execute());
      return toPage(rows, limit, toExecutionRecord, (row) => ({ time: row.created_at, id: row.id }));
    },
  };
}
