import { sql } from 'kysely';
import type { ExecutionStore } from '../../ports/store/index.js';
import { decodeCursor } from '../store-common/index.js';
import type { SqliteContext } from './context.js';
import { toExecutionRecord } from './execution-rows.js';
import { checkLimit, toPage } from './keyset.js';

/**
 * Stale `new` executions for queue-mode recovery, oldest first. `executions_status_created_idx` (status,
 * created_at desc, id desc) serves it walked backwards: one range of the `new` rows below the cutoff, no sort.
 *
 * @example
 * const page = await sqliteStaleExecutionStore(ctx).listStaleNewExecutions({ createdBefore: Date.now() - 300_000, limit: 500 });
 */
export function sqliteStaleExecutionStore(ctx: SqliteContext): Pick<ExecutionStore, 'listStaleNewExecutions'> {
  return {
    async listStaleNewExecutions(query) {
      const limit = checkLimit(query.limit);
      let select = ctx.db.selectFrom('executions').selectAll().where('status', '=', 'new').where('created_at', '<', query.createdBefore);
      if (query.cursor !== undefined) {
        const after = decodeCursor(query.cursor);
        // Oldest first, so "after the cursor" is the row comparison the other way round from the newest-first lists.
        select = select.where(sql<boolean>`(created_at, id) > (${after.time}, ${after.id})`);
      }
      const rows = await select.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit + 1).execute();
      return toPage(rows, limit, toExecutionRecord, (row) => ({ time: row.created_at, id: row.id }));
    },
  };
}
