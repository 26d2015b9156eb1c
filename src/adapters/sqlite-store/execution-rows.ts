import type { Insertable, Selectable } from 'kysely';
import type { ExecutionRecord, NewExecution, StoredExecutionStatus } from '../../ports/store/index.js';
import type { ExecutionsTable } from './schema.js';

export type ExecutionRow = Selectable<ExecutionsTable>;

/** Statuses that end an execution: once one is recorded by a finish, nothing changes the row any more. */
export const finishedStatuses: readonly StoredExecutionStatus[] = ['success', 'error', 'canceled', 'crashed'];

/** The stored row as the port's record (NULL columns become undefined). */
export function toExecutionRecord(row: ExecutionRow): ExecutionRecord {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    workflowVersion: row.workflow_version,
    status: row.status as StoredExecutionStatus,
    mode: row.mode,
    createdAt: row.created_at,
    startedAt: row.started_at ?? undefined,
    stoppedAt: row.stopped_at ?? undefined,
    retryOf: row.retry_of ?? undefined,
    worker: row.worker ?? undefined,
    attempt: row.attempt,
    shard: row.shard ?? undefined,
    errorMessage: row.error_message ?? undefined,
    waitTill: row.wait_till ?? undefined,
  };
}

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
