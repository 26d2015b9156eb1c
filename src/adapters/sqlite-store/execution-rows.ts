import type { Insertable, Selectable } from 'kysely';
import type { NewExecution } from '../../ports/store/index.js';
import type { ExecutionsTable } from './schema.js';

export type ExecutionRow = Selectable<ExecutionsTable>;

export { finishedStatuses, toExecutionRecord, unfinishedStatuses } from '../store-common/rows.js';


/** The row of a new execution: attempt 1, status `new` unless the caller starts it `running`. */
export function newExecutionRow(id: string, input: NewExecution, at: number): Insertable<ExecutionsTable> & ExecutionRow {
  return {
    id,
    workflow_id: input.workflowId,
    workflow_version: input.workflowVersion,
    status: input.status ?? 'new',
    mode: input.mode,
    created_at: at,
    started_at: input.startedAt ?? null,
    stopped_at: null,
    retry_of: input.retryOf ?? null,
    worker: input.worker ?? null,
    attempt: 1,
    shard: input.shard ?? null,
    error_message: null,
    wait_till: null,
  };
}
