import type { SchedulerEvent } from '../../core/scheduler/index.js';
import type { ExecutionCheckpoint, ExecutionStore } from '../../ports/store/index.js';
import { decodeData, encodeData } from '../store-common/index.js';
import type { SqliteContext } from './context.js';
import { finishedStatuses } from './execution-rows.js';

const INSERT_CHUNK = 500;

/** Per-node checkpoints: the events of finished nodes, so a crashed execution resumes without re-running them. */
export function sqliteCheckpointStore(ctx: SqliteContext): Pick<ExecutionStore, 'saveCheckpoints' | 'loadCheckpoints'> {
  return {
    async saveCheckpoints(executionId: string, attempt: number, checkpoints: readonly ExecutionCheckpoint[]): Promise<boolean> {
      return ctx.write(async (trx) => {
        // Fencing: an older attempt is ignored; a newer one takes the execution over, so the older stops writing.
        const claimed = await trx
          .updateTable('executions')
          .set({ attempt })
          .where('id', '=', executionId)
          .where('attempt', '<=', attempt)
          .where('status', 'not in', finishedStatuses)
          .executeTakeFirst();
        if (claimed.numUpdatedRows !== 1n) return false;
        const rows = checkpoints.map((checkpoint) => ({
          execution_id: executionId,
          sequence: checkpoint.sequence,
          attempt,
          event: encodeData(checkpoint.event),
        }));
        for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
          // Idempotent per sequence, the first one wins: a resumed attempt replays checkpointed nodes, never re-runs them.
          await trx
            .insertInto('execution_checkpoints')
            .values(rows.slice(start, start + INSERT_CHUNK))
            .onConflict((conflict) => conflict.columns(['execution_id', 'sequence']).doNothing())
            .execute();
        }
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
