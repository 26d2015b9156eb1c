import type { ExecutionMode } from '../../core/model/types.js';
import { shardQueue } from '../../core/sharding/index.js';
import type { Logger } from '../../logging/logger.js';
import type { Delivery, JobQueue, Subscription } from '../../ports/queue/types.js';
import type { ExecutionRecord, NewExecution, Store, WorkflowRecord } from '../../ports/store/index.js';
import type { WebhookResponse } from '../../core/node-api/index.js';
import type { SchedulerEvent } from '../../core/scheduler/index.js';
import { createWriteBatcher } from './write-batcher.js';
import type { Engine } from '../engine.js';
import { AttemptControl } from '../persistence/attempt-control.js';
import { driveExecution, type PersistedRun, type PersistedStart } from '../persistence/drive-execution.js';
import { replayableEvents } from '../persistence/resume-execution.js';
import { savingPolicyFor } from '../persistence/saving-policy.js';
import { withBatchedFinishes } from './batched-finishes.js';
import type { ExecutionEnqueuer } from './execution-enqueuer.js';
import { parseExecutionJob, type ExecutionJob } from './execution-job.js';
import type { ExecutionSignals } from './execution-signals.js';
import type { WorkerMetrics } from './worker-metrics.js';

const executionModes: readonly ExecutionMode[] = ['manual', 'trigger', 'webhook', 'retry', 'integrated', 'cli', 'error', 'internal'];

/** A deferred job (workflow at its concurrency limit) is offered again after this, doubling per deferral up to the cap. */
const DEFER_BASE_MS = 50;
const DEFER_CAP_MS = 2_000;
/** Back-off after a failed attempt (store down, …), doubling per delivery up to the cap. */
const RETRY_BASE_MS = 200;
const RETRY_CAP_MS = 30_000;

/** What an engine worker tells about an execution it finished (error workflows hook in here). */
export interface EndedExecution {
  readonly workflow: WorkflowRecord;
  readonly mode: ExecutionMode;
  readonly retryOf: string | undefined;
  readonly run: PersistedRun;
}

export interface ExecutionWorkerOptions {
  readonly store: Store;
  readonly engine: Engine;
  readonly queue: JobQueue;
  readonly enqueuer: ExecutionEnqueuer;
  readonly signals: ExecutionSignals;
  readonly logger: Logger;
  /** Names this process in execution rows (`worker`), e.g. `host:pid`. */
  readonly workerId: string;
  /** Executions run at once (the queue prefetch). */
  readonly concurrency: number;
  /**
   * Most executions running at once, queued and direct together, before a direct run is refused (default
   * `concurrency`). Direct runs serve callers holding a request open; the server passes its process-wide bound.
   */
  readonly directConcurrency?: number;
  /** Shards whose queues this worker takes jobs from. */
  readonly shards: readonly number[];
  /** Wait nodes longer than this park the execution (`waiting`) instead of sleeping here. */
  readonly waitParkThresholdMs: number;
  readonly checkpointFlushMs?: number;
  readonly metrics?: WorkerMetrics;
  /** Told when an execution ended and was recorded; must not reject. */
  readonly onEnded?: (ended: EndedExecution) => Promise<unknown>;
}

/** An execution to run at once (see {@link ExecutionWorker.runDirect}). */
export interface DirectRun {
  readonly workflow: WorkflowRecord;
  readonly mode: ExecutionMode;
  readonly start: PersistedStart;
  readonly shard?: number;
  readonly retryOf?: string;
  /** Another execution's recorded events to replay (retry). */
  readonly resumeFrom?: readonly SchedulerEvent[];
  readonly respond?: (response: WebhookResponse) => void;
}

/** How a worker's stop went. */
export interface WorkerStopReport {
  /** Executions that finished within the deadline. */
  readonly finished: number;
  /** Executions stopped at the deadline and given back to the queue (another worker resumes them from their checkpoints). */
  readonly handedBack: number;
}

/** An engine worker: takes execution jobs from its shard queues and runs them durably. */
export interface ExecutionWorker {
  start(): Promise<void>;
  /**
   * Runs an execution at once in this process, when a slot is free, for a caller that waits for the result: the
   * execution is recorded `running` here (durable before it starts), then runs like a queued one. Undefined when
   * no slot is free or the worker is not taking work (the caller queues it instead). A process that dies during a
   * direct run leaves it `running`; {@link recoverDirectRuns} queues it again on the next start.
   */
  runDirect(request: DirectRun): Promise<{ executionId: string; done: Promise<PersistedRun> } | undefined>;
  /** Executions running now. */
  readonly active: number;
  /** Cancels an execution this worker runs (recorded `canceled`); false when it does not run it. */
  cancel(executionId: string): boolean;
  /** The end of an execution running here, or undefined. */
  running(executionId: string): Promise<PersistedRun> | undefined;
  /**
   * Graceful stop (idempotent): takes no more jobs, lets running executions finish for `deadlineMs`, then hands
   * the rest back to the queue (their checkpoints stay; finished nodes are not run again).
   */
  stop(options: { deadlineMs: number }): Promise<WorkerStopReport>;
}

interface RunningExecution {
  /** Cancels the attempt, or hands it back on shutdown. */
  readonly control: AttemptControl;
  readonly done: Promise<PersistedRun>;
}

/**
 * The engine side of queue mode. Per job: claim the execution in the store (a new attempt that fences out any
 * older one, and the workflow's concurrency limit; a `start` job's first delivery claims only a `new` execution,
 * never a live run), replay its checkpoints, run the rest while checkpointing every
 * finished node, record the end exactly once, and only then ack. A parked execution (long Wait) gets a delayed
 * resume job before the ack; a job whose workflow is at its concurrency limit is re-queued with a delay, keeping
 * its order. A failure before the end is recorded gives the job back with back-off; the queue dead-letters it
 * after its maximum deliveries.
 *
 * @example
 * const worker = createExecutionWorker({ store, engine, queue, enqueuer, signals, logger, workerId: 'host:42', concurrency: 10, shards: [0], waitParkThresholdMs: 65_000 });
 * await worker.start();
 * await worker.stop({ deadlineMs: 25_000 });
 */
export function createExecutionWorker(options: ExecutionWorkerOptions): ExecutionWorker {
  const { store, logger } = options;
  // Executions write their ends through this: finishes of concurrent executions share one transaction.
  const drivingStore = withBatchedFinishes(store);
  const runs = new Map<string, RunningExecution>();
  // Every job being handled (including its ack), so a stop waits for the acks too, not only for the runs.
  const inflight = new Set<Promise<void>>();
  let subscription: Subscription | undefined;
  let unsubscribeCancel: (() => void) | undefined;
  let stopping: Promise<WorkerStopReport> | undefined;
  // Sub-workflows by id come from the store.
  const loadWorkflow = async (id: string) => (await store.getWorkflow(id))?.definition;

  const handle = async (delivery: Delivery): Promise<void> => {
    const job = parseExecutionJob(delivery.job);
    if ('invalid' in job) {
      await delivery.deadLetter(job.invalid);
      return;
    }
    const startedAt = Date.now();
    try {
      const ran = await runJob(job, delivery);
      options.metrics?.jobDone(ran, Date.now() - startedAt);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn({ executionId: job.executionId, delivery: delivery.deliveryCount, err: reason }, 'execution job failed; giving it back to the queue');
      options.metrics?.jobDone('failed', Date.now() - startedAt);
      await delivery.retry({ reason, delayMs: Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (delivery.deliveryCount - 1)) });
    }
  };

  /** Runs one job to its end; returns what happened, for metrics. Throws when it must be retried. */
  const runJob = async (job: ExecutionJob, delivery: Delivery): Promise<'ran' | 'skipped' | 'deferred' | 'handedBack'> => {
    // The first delivery of a job meant to start the execution (a `start` job, the orphan sweep's copy of one, a
    // deferral of either) claims it only while it is still `new`, decided in the claim's own write: when another
    // job for it got there first (the sweep's copy and the job it stands in for, in either order), that job's run
    // goes on undisturbed and this one is skipped. Any later delivery means an engine died holding this job (or
    // gave it back): it must take a `running` execution over, fencing the dead attempt out.
    const onlyNew = delivery.deliveryCount === 1 && (job.kind === 'start' || job.onlyNew === true);
    const claim =
      job.concurrencyLimit > 0
        ? await store.claimExecution(job.executionId, { worker: options.workerId, concurrencyLimit: job.concurrencyLimit, ...(onlyNew ? { onlyNew } : {}) })
        : await (onlyNew ? newClaims : claims).write(job.executionId);
    if (!claim.claimed) {
      if (claim.reason === 'concurrency') {
        await options.enqueuer.enqueue(job.executionId, { id: job.workflowId, settings: { weftConcurrencyLimit: job.concurrencyLimit, weftPriority: job.priority } }, {
          kind: 'deferred',
          hasCheckpoints: job.hasCheckpoints,
          deferrals: job.deferrals + 1,
          ...(job.input !== undefined ? { input: job.input } : {}),
          ...(job.recovered === true ? { recovered: true } : {}),
          // Still `new` now: whichever job for it claims it next, this deferral must not take that run over.
          ...(claim.execution?.status === 'new' ? { onlyNew: true } : {}),
          delayMs: Math.min(DEFER_CAP_MS, DEFER_BASE_MS * 2 ** Math.min(job.deferrals, 10)),
        });
        await delivery.ack();
        return 'deferred';
      }
      // Ended already (a duplicate delivery, or canceled while queued), deleted, or (`started`) another job for it
      // claimed it first and runs it: nothing to do.
      await delivery.ack();
      return 'skipped';
    }
    const execution = claim.execution;
    const workflow = await store.getWorkflow(execution.workflowId, { version: execution.workflowVersion });
    if (!workflow) {
      await store.finishExecution(execution.id, {
        status: 'error',
        attempt: execution.attempt,
        stoppedAt: Date.now(),
        errorMessage: `Workflow ${execution.workflowId} version ${execution.workflowVersion} no longer exists`,
      });
      await delivery.ack();
      return 'skipped';
    }
    // A first delivery of a fresh execution has no checkpoints: skip the read. Any other may have some — also when
    // progress is not saved: a parked execution's events are stored regardless, and its resume must replay them.
    const mayHaveCheckpoints = job.kind !== 'start' || job.hasCheckpoints || delivery.deliveryCount > 1;
    const resumeFrom = mayHaveCheckpoints ? replayableEvents(await store.loadCheckpoints(execution.id)) : [];
    // The job carries a small start input; a large one is read back from the store.
    const data = job.input !== undefined ? { input: job.input } : await store.getExecutionData(execution.id);
    const run = await runAttempt({
      execution,
      workflow,
      start: (data?.input ?? {}) as PersistedStart,
      resumeFrom,
      respond: (response) => options.signals.respond(execution.id, response),
    });
    if (run.handedBack === true) {
      await delivery.retry({ reason: `handed back by ${options.workerId} on shutdown`, delayMs: 0 });
      return 'handedBack';
    }
    await delivery.ack();
    return 'ran';
  };

  /**
   * Runs a claimed (or directly created) execution's attempt and does what its end calls for: a parked one gets
   * its delayed resume job, an ended one is announced (waiters, error workflows). Resolves once that is durable.
   */
  const runAttempt = async (attempt: {
    execution: ExecutionRecord;
    workflow: WorkflowRecord;
    start: PersistedStart;
    resumeFrom: SchedulerEvent[];
    respond: (response: WebhookResponse) => void;
  }): Promise<PersistedRun> => {
    const { execution, workflow } = attempt;
    const control = new AttemptControl();
    const done = driveExecution({
      store: drivingStore,
      engine: options.engine,
      workflowId: workflow.id,
      definition: workflow.definition,
      executionId: execution.id,
      attempt: execution.attempt,
      mode: executionModes.find((mode) => mode === execution.mode) ?? 'trigger',
      start: attempt.start,
      saving: savingPolicyFor(workflow.definition.settings),
      resumeFrom: attempt.resumeFrom,
      control,
      parkWaitsLongerThanMs: options.waitParkThresholdMs,
      loadWorkflow,
      respond: attempt.respond,
      ...(options.checkpointFlushMs !== undefined ? { checkpointFlushMs: options.checkpointFlushMs } : {}),
      logger,
    });
    runs.set(execution.id, { control, done });
    let run: PersistedRun;
    try {
      run = await done;
    } finally {
      runs.delete(execution.id);
    }
    if (run.recorded && run.result.status === 'waiting') {
      const parked = await store.getExecution(execution.id, { consistency: 'strong' });
      const delayMs = Math.max(0, (parked?.waitTill ?? Date.now()) - Date.now());
      await options.enqueuer.enqueue(execution.id, { id: workflow.id, settings: workflow.definition.settings }, { kind: 'resume', delayMs });
    }
    if (run.recorded && run.result.status !== 'waiting') {
      options.signals.ended(execution.id, run);
      await options.onEnded?.({ workflow, mode: execution.mode as ExecutionMode, retryOf: execution.retryOf, run });
    }
    return run;
  };

  // Claims of jobs delivered at about the same time share one statement/transaction (group commit), one batcher
  // per kind of claim (`onlyNew` or not). The same execution twice in a batch (a duplicate job) is claimed one by
  // one, so each delivery gets its own attempt (and of two `onlyNew` claims, only the first takes it).
  const claimBatcher = (onlyNew: boolean) => {
    const claim = { worker: options.workerId, ...(onlyNew ? { onlyNew } : {}) };
    return createWriteBatcher(async (ids: string[]) =>
      new Set(ids).size === ids.length ? store.claimExecutions(ids, claim) : Promise.all(ids.map((id) => store.claimExecution(id, claim))),
    );
  };
  const claims = claimBatcher(false);
  const newClaims = claimBatcher(true);
  // Rows of direct runs created at about the same time share one transaction.
  const createBatch = createWriteBatcher((inputs: NewExecution[]) => store.createExecutions(inputs));

  return {
    async start() {
      unsubscribeCancel = options.signals.onCancel((executionId) => runs.get(executionId)?.control.cancel(new Error('Canceled over the API')));
      const tracked = (delivery: Delivery): Promise<void> => {
        const handling = handle(delivery);
        inflight.add(handling);
        return handling.finally(() => inflight.delete(handling));
      };
      subscription = await options.queue.consume(options.shards.map(shardQueue), tracked, { prefetch: options.concurrency });
      logger.info({ worker: options.workerId, shards: options.shards, concurrency: options.concurrency, queue: options.queue.kind }, 'engine worker taking jobs');
    },
    async runDirect(request) {
      // Executions that have run and only wait for their end's group commit (one event-loop turn) do not count:
      // otherwise a busy turn's batch of ends would send the next requests through the queue for no reason.
      const computing = runs.size - drivingStore.pendingFinishes;
      if (stopping !== undefined || subscription === undefined || computing >= (options.directConcurrency ?? options.concurrency)) return undefined;
      const { workflow } = request;
      const created = await createBatch.write({
        workflowId: workflow.id,
        workflowVersion: workflow.version,
        mode: request.mode,
        status: 'running',
        worker: options.workerId,
        startedAt: Date.now(),
        input: request.start,
        ...(request.shard !== undefined ? { shard: request.shard } : {}),
        ...(request.retryOf !== undefined ? { retryOf: request.retryOf } : {}),
      });
      const resumeFrom = [...(request.resumeFrom ?? [])];
      const saving = savingPolicyFor(workflow.definition.settings);
      // A retry's replayed events become the execution's own first checkpoints, so a crash resumes from there.
      if (resumeFrom.length > 0 && saving.saveExecutionProgress) {
        await store.saveCheckpoints(created.id, created.attempt, resumeFrom.map((event, sequence) => ({ sequence, event })));
      }
      const running = runAttempt({ execution: created, workflow, start: request.start, resumeFrom, respond: request.respond ?? ((response) => options.signals.respond(created.id, response)) }).then(async (run) => {
        // Handed back on shutdown: there is no delivery to give back, so queue it; the next engine resumes it.
        if (run.handedBack === true) await options.enqueuer.enqueue(created.id, { id: workflow.id, settings: workflow.definition.settings }, { kind: 'resume', hasCheckpoints: true });
        return run;
      });
      const settled = running.then(
        () => undefined,
        (error: unknown) => {
          logger.error({ executionId: created.id, err: error instanceof Error ? error.message : String(error) }, 'a directly run execution could not be recorded; it is recovered on the next start');
        },
      );
      inflight.add(settled);
      void settled.finally(() => inflight.delete(settled));
      return { executionId: created.id, done: running };
    },
    get active() {
      return runs.size;
    },
    cancel(executionId) {
      const run = runs.get(executionId);
      if (!run) return false;
      run.control.cancel(new Error('Canceled over the API'));
      return true;
    },
    running: (executionId) => runs.get(executionId)?.done,
    stop({ deadlineMs }) {
      stopping ??= (async () => {
        unsubscribeCancel?.();
        await subscription?.stop();
        const atStart = runs.size;
        const settled = (): Promise<void> => Promise.allSettled([...inflight]).then(() => undefined);
        if (await settlesWithin(settled(), deadlineMs)) return { finished: atStart, handedBack: 0 };
        const left = runs.size;
        for (const run of runs.values()) run.control.handBack(new Error('shutting down'));
        await settled();
        logger.info({ handedBack: left }, 'handed running executions back to the queue');
        return { finished: atStart - left, handedBack: left };
      })();
      return stopping;
    },
  };
}

/** True when `promise` settles within `ms`. */
function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
