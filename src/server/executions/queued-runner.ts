import { WeftError } from '../../core/errors/index.js';
import type { ExecutionResult } from '../../core/scheduler/index.js';
import type { Logger } from '../../logging/logger.js';
import type { ExecutionRecord, NewExecution, Store } from '../../ports/store/index.js';
import type { PersistedRun, PersistedStart } from '../../runtime/persistence/drive-execution.js';
import { savingPolicyFor } from '../../runtime/persistence/saving-policy.js';
import { concurrencyLimitOf, type ExecutionEnqueuer } from '../../runtime/worker/execution-enqueuer.js';
import type { ExecutionSignals } from '../../runtime/worker/execution-signals.js';
import type { ExecutionWorker } from '../../runtime/worker/execution-worker.js';
import { createWriteBatcher } from '../../runtime/worker/write-batcher.js';
import type { ExecutionRunner, StartedExecution } from './runner.js';

/** First store poll of a waited-for execution, doubling up to the cap: the fallback when its end signal is missed. */
const POLL_FIRST_MS = 250;
const POLL_CAP_MS = 2_000;
/** How long a cancel waits for the engine to stop a running execution before fencing it out through the store. */
const CANCEL_GRACE_MS = 5_000;

const endedStatuses = new Set(['success', 'error', 'canceled', 'crashed']);

/**
 * The orchestrator's runner in queue mode: `start` records the execution (`new`, with its shard) and publishes its
 * job, resolving only once the queue confirmed it — the moment a caller may be told "accepted". An engine (this
 * process's or another's) runs it. `done` is lazy: asking for it listens for the engine's end signal (in-process,
 * or over Redis) and polls the store as a fallback.
 *
 * @example
 * const runner = createQueuedRunner({ store, enqueuer, signals, logger, localWorker: worker });
 * const { executionId, done } = await runner.start({ workflow, mode: 'manual' });
 */
export function createQueuedRunner(deps: {
  store: Store;
  enqueuer: ExecutionEnqueuer;
  signals: ExecutionSignals;
  logger: Logger;
  /** The engine worker of this process, when it runs one (`weft start`). */
  localWorker?: ExecutionWorker;
  /** Fallback polling of waited-for executions (default 250 ms doubling to 2 s). */
  pollFirstMs?: number;
  /**
   * Let the local engine run executions whose caller waits (`awaited`) at once when it has a free slot, instead of
   * queueing them (the embedded default: one process, one machine). Default false.
   */
  runAwaitedLocally?: boolean;
}): ExecutionRunner {
  const { store, signals } = deps;
  // Group commit of the `new` rows: executions accepted at about the same time share one transaction. Each start
  // still publishes only after its own row committed.
  const creates = createWriteBatcher((inputs: NewExecution[]) => store.createExecutions(inputs));

  // Waiters still polling: shutdown ends them, so nothing reads a closed store.
  const waiters = new Set<(error: unknown) => void>();
  let closed = false;

  const waitForEnd = (executionId: string): Promise<PersistedRun> =>
    new Promise<PersistedRun>((resolve, reject) => {
      if (closed) {
        reject(new WeftError('WEFT_E_SHUTTING_DOWN', `Weft is shutting down; execution ${executionId} goes on and can be read later`, { executionId }));
        return;
      }
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: { run: PersistedRun } | { error: unknown }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopListening();
        waiters.delete(abort);
        if ('run' in outcome) resolve(outcome.run);
        else reject(outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
      };
      const fromStore = async (): Promise<boolean> => {
        const record = await store.getExecution(executionId, { consistency: 'strong' });
        if (!record) {
          finish({ error: new WeftError('WEFT_E_NOT_FOUND', `Execution ${executionId} was deleted before it ended`, { executionId }) });
          return true;
        }
        if (!endedStatuses.has(record.status)) return false;
        finish({ run: await storedRun(store, record) });
        return true;
      };
      const abort = (error: unknown): void => finish({ error });
      waiters.add(abort);
      const stopListening = signals.onEnded(executionId, (run) => {
        if (run) finish({ run });
        else fromStore().catch((error: unknown) => finish({ error }));
      });
      let delay = deps.pollFirstMs ?? POLL_FIRST_MS;
      const poll = (): void => {
        timer = setTimeout(() => {
          fromStore().then(
            (ended) => {
              if (!ended && !settled) poll();
            },
            (error: unknown) => {
              // The store is down for a moment: keep waiting, the execution is not lost.
              deps.logger.warn({ executionId, err: error instanceof Error ? error.message : String(error) }, 'reading a waited-for execution failed; retrying');
              if (!settled) poll();
            },
          );
        }, delay);
        delay = Math.min(POLL_CAP_MS, delay * 2);
      };
      poll();
    });

  return {
    async start(request) {
      const { workflow } = request;
      const start: PersistedStart = {
        ...(request.startItems !== undefined ? { startItems: request.startItems } : {}),
        ...(request.startNode !== undefined ? { startNode: request.startNode } : {}),
      };
      const routed = { id: workflow.id, settings: workflow.definition.settings };
      const shard = await deps.enqueuer.shardFor(routed);
      // A waiting caller and a free local slot: run it here and now (recorded `running` before it starts).
      if (request.awaited === true && deps.runAwaitedLocally === true && concurrencyLimitOf(workflow.definition.settings, 0) === 0) {
        const direct = await deps.localWorker?.runDirect({
          workflow,
          mode: request.mode,
          start,
          shard,
          ...(request.retryOf !== undefined ? { retryOf: request.retryOf } : {}),
          ...(request.resumeFrom !== undefined ? { resumeFrom: request.resumeFrom } : {}),
          ...(request.respond !== undefined ? { respond: request.respond } : {}),
        });
        if (direct) return direct;
      }
      const created = await creates.write({
        workflowId: workflow.id,
        workflowVersion: workflow.version,
        mode: request.mode,
        status: 'new',
        shard,
        input: start,
        ...(request.retryOf !== undefined ? { retryOf: request.retryOf } : {}),
      });
      const resumeFrom = request.resumeFrom ?? [];
      const replays = resumeFrom.length > 0 && savingPolicyFor(workflow.definition.settings).saveExecutionProgress;
      // A retry's replayed events become the execution's own first checkpoints, read by whichever engine runs it.
      if (replays) await store.saveCheckpoints(created.id, created.attempt, resumeFrom.map((event, sequence) => ({ sequence, event })));
      const stopResponses = request.respond ? signals.onResponse(created.id, request.respond) : undefined;
      const interactive = request.respond !== undefined || request.mode === 'webhook' || request.mode === 'manual';
      try {
        await deps.enqueuer.enqueue(created.id, routed, { kind: 'start', interactive, hasCheckpoints: replays, input: { ...start } });
      } catch (error) {
        stopResponses?.();
        // Not accepted: record why, so the row does not look queued forever, and tell the caller (503, retryable).
        const message = error instanceof Error ? error.message : String(error);
        await store
          .finishExecution(created.id, { status: 'crashed', attempt: created.attempt, stoppedAt: Date.now(), errorMessage: `Could not be queued: ${message}` })
          .catch(() => undefined);
        throw error instanceof WeftError ? error : new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `Execution ${created.id} could not be queued: ${message}`, { executionId: created.id });
      }
      let done: Promise<PersistedRun> | undefined;
      const started: StartedExecution = {
        executionId: created.id,
        get done() {
          if (!done) {
            done = waitForEnd(created.id);
            void done.finally(() => stopResponses?.()).catch(() => undefined);
          }
          return done;
        },
      };
      return started;
    },
    cancel: (executionId) => deps.localWorker?.cancel(executionId) ?? false,
    async requestCancel(executionId) {
      const local = deps.localWorker?.running(executionId);
      if (local && deps.localWorker?.cancel(executionId) === true) {
        // Resolves once the engine recorded the execution canceled.
        await local.catch(() => undefined);
        return true;
      }
      const record = await store.getExecution(executionId, { consistency: 'strong' });
      if (!record || endedStatuses.has(record.status)) return false;
      if (record.status === 'running') {
        signals.cancel(executionId);
        const ended = await Promise.race([waitForEnd(executionId).then(() => true, () => true), delay(CANCEL_GRACE_MS).then(() => false)]);
        if (ended) return true;
      }
      // Queued, parked, or its engine did not answer: take the execution over and record it canceled. The new
      // attempt fences out any engine still holding it (its next write is refused and it stops).
      const claim = await store.claimExecution(executionId, { worker: 'cancel' });
      if (!claim.claimed) return claim.reason === 'ended';
      return store.finishExecution(executionId, { status: 'canceled', attempt: claim.execution.attempt, stoppedAt: Date.now(), errorMessage: 'Canceled over the API' });
    },
    running: (executionId) => deps.localWorker?.running(executionId),
    // Executions live in the queue and the engines, not here: draining only ends the callers' waits (they get
    // WEFT_E_SHUTTING_DOWN), so no poll reads the store after it closed.
    async drain() {
      closed = true;
      const error = new WeftError('WEFT_E_SHUTTING_DOWN', 'Weft is shutting down; the execution goes on and can be read later', {});
      for (const abort of [...waiters]) abort(error);
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The end of an execution another process ran, as far as the store kept it. */
async function storedRun(store: Store, record: ExecutionRecord): Promise<PersistedRun> {
  const data = await store.getExecutionData(record.id);
  const status = record.status === 'crashed' ? 'error' : (record.status as ExecutionResult['status']);
  const result: ExecutionResult = data?.result ?? {
    status,
    mode: record.mode as ExecutionResult['mode'],
    startedAt: new Date(record.startedAt ?? record.createdAt).toISOString(),
    stoppedAt: new Date(record.stoppedAt ?? Date.now()).toISOString(),
    data: { resultData: { runData: {}, ...(record.errorMessage !== undefined ? { error: { message: record.errorMessage, name: 'Error' } } : {}) } },
  };
  return { executionId: record.id, result, recorded: true, attempt: record.attempt };
}
