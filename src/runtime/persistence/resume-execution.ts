import { hostname } from 'node:os';
import { WeftError } from '../../core/errors/index.js';
import type { ExecutionMode } from '../../core/model/types.js';
import type { SchedulerEvent } from '../../core/scheduler/index.js';
import type { Logger } from '../../logging/logger.js';
import type { ExecutionCheckpoint, ExecutionRecord, Store } from '../../ports/store/index.js';
import type { Engine } from '../engine.js';
import { driveExecution, type PersistedRun, type PersistedStart } from './drive-execution.js';
import { savingPolicyFor, type SavingPolicy } from './saving-policy.js';

const executionModes: readonly ExecutionMode[] = ['manual', 'trigger', 'webhook', 'retry', 'integrated', 'cli', 'error', 'internal'];

export interface ResumeExecutionOptions {
  readonly store: Store;
  readonly engine: Engine;
  readonly executionId: string;
  /** Recorded as the execution's worker; default: the stored one, else this host and process id. */
  readonly worker?: string;
  /**
   * The new attempt number. Default: the store's atomic claim takes stored + 1 (`claimExecution`), so concurrent
   * resumes each get their own attempt and only the newest can record the end. A queue that counts deliveries
   * may pass its count instead; it is refused when older than the stored attempt.
   */
  readonly attempt?: number;
  /** Default: from the settings of the workflow version the execution ran. */
  readonly saving?: SavingPolicy;
  readonly signal?: AbortSignal;
  readonly checkpointFlushMs?: number;
  readonly logger?: Logger;
  /** Waits of at least this many ms park the execution again (see `RunPersistedOptions`); undefined: slept in memory. */
  readonly parkWaitsLongerThanMs?: number;
}

/** A resumed execution's outcome, with how many recorded events it continued from. */
export interface ResumedRun extends PersistedRun {
  readonly replayedEvents: number;
}

/**
 * Continues a crashed or redelivered execution with a new attempt: takes it over (older attempts' writes are
 * refused from then on), replays its checkpoints so finished nodes are not run again, runs the rest on the
 * workflow version it started with, and records the end exactly once. A `waiting` (parked) execution resumed at
 * or after its waitTill runs the nodes after its Wait; resumed earlier, it parks again with the same waitTill
 * (or, when less than `parkWaitsLongerThanMs` is left, sleeps the rest first).
 *
 * @example
 * for (const execution of await store.listRunningByWorker(['worker-that-died'])) {
 *   await resumeExecution({ store, engine, executionId: execution.id, worker: 'worker-2' });
 * }
 */
export async function resumeExecution(options: ResumeExecutionOptions): Promise<ResumedRun> {
  const { store, executionId } = options;
  const execution = await store.getExecution(executionId, { consistency: 'strong' });
  if (!execution) throw new WeftError('WEFT_E_NOT_FOUND', `Execution ${executionId} does not exist`, { executionId });
  if (execution.status !== 'new' && execution.status !== 'running' && execution.status !== 'waiting') {
    throw new WeftError('WEFT_E_CONFLICT', `Execution ${executionId} already ended with status ${execution.status}; there is nothing to resume`, { executionId, status: execution.status });
  }
  const workflow = await store.getWorkflow(execution.workflowId, { version: execution.workflowVersion, consistency: 'strong' });
  if (!workflow) {
    throw new WeftError('WEFT_E_NOT_FOUND', `Execution ${executionId} ran workflow ${execution.workflowId} version ${execution.workflowVersion}, which no longer exists`, {
      executionId,
      workflowId: execution.workflowId,
      workflowVersion: execution.workflowVersion,
    });
  }

  // Take over first, then read the checkpoints: from here on the store refuses the older attempt's writes, so
  // none can land after our read.
  const attempt = await takeOver(store, execution, options);
  const saving = options.saving ?? savingPolicyFor(workflow.definition.settings);
  // Read even when progress is not saved: a parked attempt stores its events regardless (see driveExecution).
  const events = replayableEvents(await store.loadCheckpoints(executionId));
  const data = await store.getExecutionData(executionId);
  const run = await driveExecution({
    store,
    engine: options.engine,
    workflowId: execution.workflowId,
    definition: workflow.definition,
    executionId,
    attempt,
    mode: executionModes.find((mode) => mode === execution.mode) ?? 'retry',
    start: (data?.input ?? {}) as PersistedStart,
    saving,
    resumeFrom: events,
    signal: options.signal,
    checkpointFlushMs: options.checkpointFlushMs,
    logger: options.logger,
    parkWaitsLongerThanMs: options.parkWaitsLongerThanMs,
  });
  return { ...run, replayedEvents: events.length };
}

/**
 * Makes this run the execution's owner and returns its attempt. Without an explicit attempt the store's atomic
 * claim picks stored + 1, so two resumes racing each get their own attempt and only the later one can record
 * the end (reading the attempt and writing it back would let both take the same one). With an explicit attempt
 * (a queue counting deliveries) that attempt is written, if it is not older than the stored one.
 */
async function takeOver(store: Store, execution: ExecutionRecord, options: ResumeExecutionOptions): Promise<number> {
  const executionId = execution.id;
  if (options.attempt === undefined) {
    const outcome = await store.claimExecution(executionId, { worker: options.worker ?? execution.worker ?? `${hostname()}:${process.pid}` });
    if (outcome.claimed) return outcome.execution.attempt;
    if (outcome.reason === 'missing') throw new WeftError('WEFT_E_NOT_FOUND', `Execution ${executionId} was deleted before it could be resumed`, { executionId });
    const status = outcome.execution?.status;
    throw new WeftError('WEFT_E_CONFLICT', `Execution ${executionId} ended with status ${String(status)} before it could be resumed`, { executionId, status });
  }
  const attempt = options.attempt;
  const takenOver = await store.updateExecution(executionId, {
    status: 'running',
    attempt,
    startedAt: execution.startedAt ?? Date.now(),
    ...(options.worker !== undefined ? { worker: options.worker } : {}),
  });
  if (!takenOver) {
    throw new WeftError('WEFT_E_CONFLICT', `Execution ${executionId} is owned by an attempt newer than ${attempt}`, { executionId, attempt });
  }
  return attempt;
}

/**
 * The events to replay: checkpoints in sequence order, up to the first gap. A gap means a batch was lost;
 * what follows it cannot be replayed faithfully, so those nodes run again.
 */
export function replayableEvents(checkpoints: readonly ExecutionCheckpoint[]): SchedulerEvent[] {
  const sorted = [...checkpoints].sort((a, b) => a.sequence - b.sequence);
  const events: SchedulerEvent[] = [];
  for (const checkpoint of sorted) {
    if (checkpoint.sequence !== events.length) break;
    events.push(checkpoint.event);
  }
  return events;
}
