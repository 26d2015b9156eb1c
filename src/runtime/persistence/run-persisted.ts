import type { ExecutionMode, Item } from '../../core/model/types.js';
import type { Logger } from '../../logging/logger.js';
import type { Store, WorkflowRecord } from '../../ports/store/index.js';
import type { Engine } from '../engine.js';
import { driveExecution, type PersistedRun, type PersistedStart } from './drive-execution.js';
import { savingPolicyFor, type SavingPolicy } from './saving-policy.js';

export interface RunPersistedOptions {
  readonly store: Store;
  readonly engine: Engine;
  /** The stored workflow; the execution records its `version`. */
  readonly workflow: WorkflowRecord;
  readonly mode: ExecutionMode;
  readonly startItems?: Item[];
  /** Start node name; default: the engine's choice (the first manual trigger, else the first trigger). */
  readonly startNode?: string;
  /** The worker running it, so crash recovery can find its executions (`listRunningByWorker`). */
  readonly worker?: string;
  /** Default: from the workflow's settings (see {@link savingPolicyFor}). */
  readonly saving?: SavingPolicy;
  readonly signal?: AbortSignal;
  /** Batching window of checkpoint writes (default 5 ms): a crash loses at most this much progress. */
  readonly checkpointFlushMs?: number;
  readonly logger?: Logger;
  /**
   * Waits of at least this many ms (WEFT_WAIT_PARK_THRESHOLD_MS, n8n: 65 s) park the execution: the attempt ends
   * with status `waiting` and `result.waitTill`, and the caller has `resumeExecution` called then.
   * Undefined (the default): waits are slept in memory.
   */
  readonly parkWaitsLongerThanMs?: number;
}

/**
 * Runs a stored workflow as a durable execution: creates the execution row (running, attempt 1, with the
 * workflow version), checkpoints every finished node while it runs, and records the end exactly once.
 *
 * @example
 * const { executionId, result } = await runPersisted({ store, engine, workflow: await store.getWorkflow(id), mode: 'trigger', worker: 'w1' });
 */
export async function runPersisted(options: RunPersistedOptions): Promise<PersistedRun> {
  const { store, workflow } = options;
  const start: PersistedStart = {
    ...(options.startItems !== undefined ? { startItems: options.startItems } : {}),
    ...(options.startNode !== undefined ? { startNode: options.startNode } : {}),
  };
  const created = await store.createExecution({
    workflowId: workflow.id,
    workflowVersion: workflow.version,
    mode: options.mode,
    status: 'running',
    startedAt: Date.now(),
    input: start,
    ...(options.worker !== undefined ? { worker: options.worker } : {}),
  });
  return driveExecution({
    store,
    engine: options.engine,
    workflowId: workflow.id,
    definition: workflow.definition,
    executionId: created.id,
    attempt: created.attempt,
    mode: options.mode,
    start,
    saving: options.saving ?? savingPolicyFor(workflow.definition.settings),
    resumeFrom: [],
    signal: options.signal,
    checkpointFlushMs: options.checkpointFlushMs,
    logger: options.logger,
    parkWaitsLongerThanMs: options.parkWaitsLongerThanMs,
  });
}
