import type { ExecutionRecord, NewExecution, StoredExecutionStatus, WebhookRegistration } from '../../ports/store/index.js';

/**
 * Row mappings shared by the SQL adapters: both stores keep the same logical columns, so the translation to the
 * port's records is written once.
 */

/** Statuses that end an execution: once a finish records one, the row no longer changes. */
export const finishedStatuses: readonly StoredExecutionStatus[] = ['success', 'error', 'canceled', 'crashed'];

/** Statuses of an execution still under way (never removed by retention). */
export const unfinishedStatuses: readonly StoredExecutionStatus[] = ['new', 'running', 'waiting'];

/** The columns of an `executions` row, as both adapters read them (times as epoch ms). */
export interface ExecutionRowColumns {
  readonly id: string;
  readonly workflow_id: string;
  readonly workflow_version: number;
  readonly status: string;
  readonly mode: string;
  readonly created_at: number;
  readonly started_at: number | null;
  readonly stopped_at: number | null;
  readonly retry_of: string | null;
  readonly worker: string | null;
  readonly attempt: number;
  readonly shard: number | null;
  readonly error_message: string | null;
  readonly wait_till: number | null;
}

/** The stored row as the port's record (NULL columns become undefined). */
export function toExecutionRecord(row: ExecutionRowColumns): ExecutionRecord {
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
export function newExecutionColumns(id: string, input: NewExecution, createdAt: number): ExecutionRowColumns {
  return {
    id,
    workflow_id: input.workflowId,
    workflow_version: input.workflowVersion,
    status: input.status ?? 'new',
    mode: input.mode,
    created_at: createdAt,
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

/** Paths are kept without leading slashes (and methods in upper case), so `/hook` and `hook` name one registration. */
export function normalizeWebhookPath(path: string): string {
  return path.replace(/^\/+/, '');
}

/** The columns of a `webhooks` row. */
export interface WebhookRowColumns {
  readonly workflow_id: string;
  readonly node_name: string;
  readonly method: string;
  readonly path: string;
  readonly webhook_id: string | null;
}

export function toWebhookRegistration(row: WebhookRowColumns): WebhookRegistration {
  return {
    workflowId: row.workflow_id,
    nodeName: row.node_name,
    method: row.method,
    path: row.path,
    ...(row.webhook_id === null ? {} : { webhookId: row.webhook_id }),
  };
}
