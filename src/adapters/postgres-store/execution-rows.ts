import type { Selectable } from 'kysely';
import type { ExecutionRecord, StoredExecutionStatus } from '../../ports/store/index.js';
import type { ExecutionsTable } from './schema.js';

export type ExecutionRow = Selectable<ExecutionsTable>;

/** Statuses that end an execution: once a finish records one, the row no longer changes. */
export const finishedStatuses: readonly StoredExecutionStatus[] = ['success', 'error', 'canceled', 'crashed'];

/** Statuses of an execution still under way (never removed by retention). */
export const unfinishedStatuses: readonly StoredExecutionStatus[] = ['new', 'running', 'waiting'];

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
