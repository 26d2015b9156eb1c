import { randomUUID } from 'node:crypto';
import type { JobMessage } from '../../ports/queue/types.js';

/**
 * Why a job was queued: a new execution (`start`), a parked one whose wait is over or one whose process is gone
 * (`resume`), or one deferred by its workflow's concurrency limit (`deferred`). The first delivery of a `start`
 * job claims the execution only while it is still `new` (any other job may take a `running` one over): a start
 * job must never stop a live run, so paths re-queueing an execution that may be `running` use `resume`.
 */
export type ExecutionJobKind = 'start' | 'resume' | 'deferred';

/** What a queued execution job says; everything else is read from the store. */
export interface ExecutionJob {
  readonly executionId: string;
  readonly workflowId: string;
  readonly kind: ExecutionJobKind;
  /** The workflow's concurrency limit when the job was queued (0 = none). */
  readonly concurrencyLimit: number;
  /** True when the execution has checkpoints before its first run (a retry replaying another execution's nodes). */
  readonly hasCheckpoints: boolean;
  /** How many times the concurrency limit deferred it (sets the back-off). */
  readonly deferrals: number;
  readonly priority: number;
  /** The execution's start input (trigger items, start node) when small, so the engine need not read it back. */
  readonly input?: Readonly<Record<string, unknown>>;
  /**
   * Queued again by the orphan sweep for an execution found still `new`: its first job may exist after all (a
   * long backlog). Like every `start` job, on its first delivery it claims the execution only while it is still
   * `new`, so it never takes over the first job's run (nor the first job over its own).
   */
  readonly recovered?: boolean;
  /**
   * A `deferred` job of an execution that was still `new` when deferred: like a `start` job, its first delivery
   * claims the execution only while it is still `new` (another job for it may have started it meanwhile).
   */
  readonly onlyNew?: boolean;
}

/**
 * The queue message of an execution job.
 *
 * @example
 * await queue.publish('executions.0', toJobMessage({ executionId, workflowId, kind: 'start', concurrencyLimit: 0, hasCheckpoints: false, deferrals: 0, priority: 4 }));
 */
export function toJobMessage(job: ExecutionJob): JobMessage {
  return { id: `${job.executionId}:${randomUUID()}`, body: { ...job } };
}

/** Reads a job message back; a message that is not an execution job gives a reason instead (it is dead-lettered). */
export function parseExecutionJob(message: JobMessage): ExecutionJob | { invalid: string } {
  const body = message.body;
  const text = (key: string): string | undefined => (typeof body[key] === 'string' && body[key] !== '' ? (body[key] as string) : undefined);
  const count = (key: string): number => (typeof body[key] === 'number' && Number.isInteger(body[key]) && (body[key] as number) >= 0 ? (body[key] as number) : 0);
  const executionId = text('executionId');
  const workflowId = text('workflowId');
  const kind = text('kind');
  if (executionId === undefined || workflowId === undefined) return { invalid: `job ${message.id} names no executionId or workflowId` };
  if (kind !== 'start' && kind !== 'resume' && kind !== 'deferred') return { invalid: `job ${message.id} has unknown kind ${JSON.stringify(body.kind)}` };
  return {
    executionId,
    workflowId,
    kind,
    concurrencyLimit: count('concurrencyLimit'),
    hasCheckpoints: body.hasCheckpoints === true,
    deferrals: count('deferrals'),
    priority: count('priority'),
    ...(typeof body.input === 'object' && body.input !== null && !Array.isArray(body.input) ? { input: body.input as Record<string, unknown> } : {}),
    ...(body.recovered === true ? { recovered: true } : {}),
    ...(body.onlyNew === true ? { onlyNew: true } : {}),
  };
}
