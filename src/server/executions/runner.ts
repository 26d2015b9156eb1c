import type { ExecutionMode, Item } from '../../core/model/types.js';
import type { SchedulerEvent } from '../../core/scheduler/index.js';
import type { Logger } from '../../logging/logger.js';
import type { Store, WorkflowRecord } from '../../ports/store/index.js';
import type { Engine, RunOptions } from '../../runtime/engine.js';
import { driveExecution, type PersistedRun, type PersistedStart } from '../../runtime/persistence/drive-execution.js';
import { savingPolicyFor } from '../../runtime/persistence/index.js';

/** What to run: a stored workflow version, how it starts, and (for retries) what it continues from. */
export interface StartRequest {
  readonly workflow: WorkflowRecord;
  readonly mode: ExecutionMode;
  readonly startItems?: Item[];
  readonly startNode?: string;
  readonly retryOf?: string;
  /** Recorded events of an earlier execution to replay instead of re-running those nodes (retry). */
  readonly resumeFrom?: readonly SchedulerEvent[];
  /** Receives a Respond to Webhook node's answer (webhook `responseNode` mode); not kept across restarts. */
  readonly respond?: RunOptions['respond'];
  /**
   * The caller holds its request open for the result (webhook `lastNode`/`responseNode`, `?wait=true`): a runner
   * with a local engine may run it at once instead of queueing it.
   */
  readonly awaited?: boolean;
}

/** An execution whose row is durably created; `done` settles when it ended (rejects when it could not run at all). */
export interface StartedExecution {
  readonly executionId: string;
  readonly done: Promise<PersistedRun>;
}

/** Starts durable executions in this process and can cancel the ones it runs. */
export interface ExecutionRunner {
  /** Resolves once the execution row exists (so a 202 can name it); the run continues in the background. */
  start(request: StartRequest): Promise<StartedExecution>;
  /** Aborts a running execution started here; false when this process does not run it. */
  cancel(executionId: string): boolean;
  /**
   * Cancels an execution wherever it is (queued, parked, or running on any engine) and resolves once it is
   * recorded canceled; false when it already ended. Runners that only run in-process leave it out.
   */
  requestCancel?(executionId: string): Promise<boolean>;
  /** The end of a running execution started here, or undefined. */
  running(executionId: string): Promise<PersistedRun> | undefined;
  /** Waits until every execution started here has ended (graceful shutdown). */
  drain(): Promise<void>;
}

/**
 * The in-process runner: records each execution through the persistence layer (checkpoints, saving policy,
 * exactly-once finish) and keeps an AbortController per running execution for `cancel`.
 *
 * @example
 * const runner = createExecutionRunner({ store, engine, logger });
 * const { executionId, done } = await runner.start({ workflow, mode: 'manual' });
 */
export function createExecutionRunner(deps: {
  store: Store;
  engine: Engine;
  logger: Logger;
  worker?: string;
  /** Told when an execution ended, before its `done` settles (error workflows); must not reject. */
  onEnded?: (request: StartRequest, run: PersistedRun) => Promise<unknown>;
}): ExecutionRunner {
  const runs = new Map<string, { controller: AbortController; done: Promise<PersistedRun> }>();
  // Execute Workflow nodes with source `database` load sub-workflows from this store.
  const loadWorkflow = async (id: string) => (await deps.store.getWorkflow(id))?.definition;
  const engine: Engine = { ...deps.engine, execute: (workflow, options) => deps.engine.execute(workflow, { ...options, loadWorkflow }) };

  return {
    async start(request) {
      const { store } = deps;
      const { workflow } = request;
      const start: PersistedStart = {
        ...(request.startItems !== undefined ? { startItems: request.startItems } : {}),
        ...(request.startNode !== undefined ? { startNode: request.startNode } : {}),
      };
      const created = await store.createExecution({
        workflowId: workflow.id,
        workflowVersion: workflow.version,
        mode: request.mode,
        status: 'running',
        startedAt: Date.now(),
        input: start,
        ...(request.retryOf !== undefined ? { retryOf: request.retryOf } : {}),
        ...(deps.worker !== undefined ? { worker: deps.worker } : {}),
      });
      const resumeFrom = request.resumeFrom ?? [];
      const saving = savingPolicyFor(workflow.definition.settings);
      // The replayed events become this execution's own first checkpoints, so a crash during the retry resumes
      // from the same place instead of from a log with a hole at its start.
      if (resumeFrom.length > 0 && saving.saveExecutionProgress) {
        await store.saveCheckpoints(created.id, created.attempt, resumeFrom.map((event, sequence) => ({ sequence, event })));
      }
      const controller = new AbortController();
      const driven = driveExecution({
        store,
        engine,
        workflowId: workflow.id,
        definition: workflow.definition,
        executionId: created.id,
        attempt: created.attempt,
        mode: request.mode,
        start,
        saving,
        resumeFrom,
        ...(request.respond !== undefined ? { respond: request.respond } : {}),
        signal: controller.signal,
        logger: deps.logger,
      });
      const onEnded = deps.onEnded;
      const done = onEnded
        ? driven.then(async (run) => {
            await onEnded(request, run);
            return run;
          })
        : driven;
      const tracked = done.finally(() => runs.delete(created.id));
      // A background run has nobody awaiting it: log its failure here instead of leaving an unhandled rejection.
      tracked.catch((error: unknown) => {
        deps.logger.error({ executionId: created.id, err: error instanceof Error ? error.message : String(error) }, 'execution could not run');
      });
      runs.set(created.id, { controller, done: tracked });
      return { executionId: created.id, done: tracked };
    },
    cancel(executionId) {
      const run = runs.get(executionId);
      if (!run) return false;
      run.controller.abort(new Error('Canceled over the API'));
      return true;
    },
    running(executionId) {
      return runs.get(executionId)?.done;
    },
    async drain() {
      while (runs.size > 0) await Promise.allSettled([...runs.values()].map((run) => run.done));
    },
  };
}
