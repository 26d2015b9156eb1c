import type { SchedulerEvent } from '../../core/scheduler/index.js';
import type { ExecutionCheckpoint, ExecutionStore } from '../../ports/store/index.js';
import { decodeData, encodeData } from '../store-common/index.js';
import type { SqliteContext } from './context.js';
import * as hot from './hot-statements.js';

/**
 * Per-node checkpoints: the events of finished nodes, so a crashed execution resumes without re-running them.
 * Saving runs fixed prepared statements in one synchronous transaction (hot-statements.ts).
 */
export function sqliteCheckpointStore(ctx: SqliteContext): Pick<ExecutionStore, 'saveCheckpoints' | 'loadCheckpoints'> {
  return {
    async saveCheckpoints(executionId: string, attempt: number, checkpoints: readonly ExecutionCheckpoint[]): Promise<boolean> {
      // Encode before taking the connection: nobody waits on it meanwhile.
      const events = checkpoints.map((checkpoint) => encodeData(checkpoint.event));
      return ctx.raw.transaction(() => {
        // Fencing: an older attempt is ignored; a newer one takes the execution over, so the older stops writing.
        if (ctx.raw.statement(hot.fenceCheckpoints).run(attempt, executionId, attempt).changes !== 1) return false;
        // Idempotent per sequence, the first one wins: a resumed attempt replays checkpointed nodes, never re-runs them.
        const insert = ctx.raw.statement(hot.insertCheckpoint);
        checkpoints.forEach((checkpoint, index) => insert.run(executionId, checkpoint.sequence, attempt, events[index]));
        return true;
      });
    },

    async loadCheckpoints(executionId: string): Promise<ExecutionCheckpoint[]> {
      const rows = await ctx.db
        .selectFrom('execution_checkpoints')
        .select(['sequence', 'event'])
        .where('execution_id', '=', executionId)
        .orderBy('sequence', 'asc')
        .execute();
      return rows.map((row) => ({ sequence: row.sequence, event: decodeData<SchedulerEvent>(row.event) }));
    },
  };
}
