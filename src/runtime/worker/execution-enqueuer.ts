import type { WorkflowSettings } from '../../core/model/types.js';
import { shardOf, shardQueue, type ShardPlan } from '../../core/sharding/index.js';
import { DEFAULT_PRIORITY, MAX_PRIORITY, type JobQueue } from '../../ports/queue/types.js';
import type { Store } from '../../ports/store/index.js';
import { toJobMessage, type ExecutionJob, type ExecutionJobKind } from './execution-job.js';

/** Priority of executions someone waits for (a webhook caller, `?wait=true`): ahead of background work. */
const INTERACTIVE_PRIORITY = DEFAULT_PRIORITY + 2;

/** A start input up to this size (JSON characters) travels in the job, saving the engine a read of it. */
const MAX_INLINE_INPUT = 16_384;

/** Most remembered stateful-workflow shard pins per process. */
const PIN_CACHE_SIZE = 10_000;

export interface ExecutionEnqueuerOptions {
  readonly queue: JobQueue;
  readonly store: Pick<Store, 'pinWorkflowShard'>;
  readonly plan: ShardPlan;
  /** Concurrency limit of workflows whose settings name none; 0 = none. */
  readonly defaultConcurrency: number;
  /** Per-queue TTL of the shard queues (0 = none). */
  readonly messageTtlMs: number;
}

/** The workflow an execution belongs to, as far as routing needs it. */
export interface RoutedWorkflow {
  readonly id: string;
  readonly settings?: WorkflowSettings;
}

export interface EnqueueOptions {
  readonly kind: ExecutionJobKind;
  readonly delayMs?: number;
  /** Someone waits for the result: queued ahead of background work. */
  readonly interactive?: boolean;
  readonly hasCheckpoints?: boolean;
  readonly deferrals?: number;
  /** The execution's start input (as stored with it); carried in the job when small. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** Queued again for an execution found stranded in `new` (see {@link ExecutionJob.recovered}). */
  readonly recovered?: boolean;
  /** A deferral of an execution still `new` (see {@link ExecutionJob.onlyNew}). */
  readonly onlyNew?: boolean;
}

/** Puts execution jobs on their shard queues. */
export interface ExecutionEnqueuer {
  /** Declares every shard queue (idempotent); call once at start. */
  declareQueues(): Promise<void>;
  /** The shard a workflow's executions go to (stateful workflows keep the shard they were first given). */
  shardFor(workflow: RoutedWorkflow): Promise<number>;
  /** Publishes the job; resolves once the queue confirmed it is durable. */
  enqueue(executionId: string, workflow: RoutedWorkflow, options: EnqueueOptions): Promise<ExecutionJob>;
}

/**
 * Routes executions to shard queues: configured id ranges first, else consistent hashing of the workflow id;
 * workflows whose settings say `weftStateful: true` are pinned to their first shard in the store, so adding
 * shards never moves them. The job carries the workflow's concurrency limit (`settings.weftConcurrencyLimit`,
 * else the default) for the worker's claim.
 *
 * @example
 * const enqueuer = createExecutionEnqueuer({ queue, store, plan: { shards: 4 }, defaultConcurrency: 0, messageTtlMs: 0 });
 * await enqueuer.enqueue(execution.id, workflow, { kind: 'start' });
 */
export function createExecutionEnqueuer(options: ExecutionEnqueuerOptions): ExecutionEnqueuer {
  const pins = new Map<string, number>();

  const shardFor = async (workflow: RoutedWorkflow): Promise<number> => {
    const hashed = shardOf(workflow.id, options.plan);
    if (workflow.settings?.weftStateful !== true) return hashed;
    const known = pins.get(workflow.id);
    if (known !== undefined) return known;
    const pinned = await options.store.pinWorkflowShard(workflow.id, hashed);
    // A pin to a shard that no longer exists (shards were removed) falls back to hashing rather than a dead queue.
    const shard = pinned < options.plan.shards ? pinned : hashed;
    if (pins.size >= PIN_CACHE_SIZE) pins.clear();
    pins.set(workflow.id, shard);
    return shard;
  };

  return {
    async declareQueues() {
      for (let shard = 0; shard < options.plan.shards; shard++) {
        await options.queue.declare(shardQueue(shard), options.messageTtlMs > 0 ? { messageTtlMs: options.messageTtlMs } : {});
      }
    },
    shardFor,
    async enqueue(executionId, workflow, enqueue) {
      const shard = await shardFor(workflow);
      const job: ExecutionJob = {
        executionId,
        workflowId: workflow.id,
        kind: enqueue.kind,
        concurrencyLimit: concurrencyLimitOf(workflow.settings, options.defaultConcurrency),
        hasCheckpoints: enqueue.hasCheckpoints === true,
        deferrals: enqueue.deferrals ?? 0,
        priority: priorityOf(workflow.settings, enqueue.interactive === true),
        ...(enqueue.input !== undefined && JSON.stringify(enqueue.input).length <= MAX_INLINE_INPUT ? { input: enqueue.input } : {}),
        ...(enqueue.recovered === true ? { recovered: true } : {}),
        ...(enqueue.onlyNew === true ? { onlyNew: true } : {}),
      };
      await options.queue.publish(shardQueue(shard), toJobMessage(job), {
        priority: job.priority,
        ...(enqueue.delayMs !== undefined && enqueue.delayMs > 0 ? { delayMs: Math.ceil(enqueue.delayMs) } : {}),
      });
      return job;
    },
  };
}

/** `settings.weftConcurrencyLimit` (a whole number >= 1), else the default. */
export function concurrencyLimitOf(settings: WorkflowSettings | undefined, fallback: number): number {
  const value = settings?.weftConcurrencyLimit;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fallback;
}

function priorityOf(settings: WorkflowSettings | undefined, interactive: boolean): number {
  const value = settings?.weftPriority;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PRIORITY) return value;
  return interactive ? INTERACTIVE_PRIORITY : DEFAULT_PRIORITY;
}
