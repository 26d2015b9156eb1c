import type { ExecutionMode, Item, WorkflowDocument } from '../../core/model/types.js';
import type { ExecutionResult, SchedulerEvent } from '../../core/scheduler/index.js';
import type { Logger } from '../../logging/logger.js';
import type { ExecutionFinish, Store } from '../../ports/store/index.js';
import type { Engine, RunOptions } from '../engine.js';
import { AttemptControl } from './attempt-control.js';
import { CheckpointWriter } from './checkpoint-writer.js';
import { copyEvent } from './copy-event.js';
import type { SavingPolicy } from './saving-policy.js';
import { loadStaticData, usesStaticData, type StaticDataSession } from './static-data.js';

/** Default batching window of checkpoint writes. */
export const defaultCheckpointFlushMs = 5;

/** n8n parks waits of 65 s and more and sleeps shorter ones in memory: the default of WEFT_WAIT_PARK_THRESHOLD_MS. */
export const defaultWaitParkThresholdMs = 65_000;

/** Longest error message kept on the execution row (the full error is in the run data). */
const MAX_ERROR_MESSAGE = 1_000;

/** How an execution started, kept as its input so that a resume replays the same start. */
export interface PersistedStart {
  readonly startItems?: Item[];
  readonly startNode?: string;
}

/** The outcome of running a stored execution. */
export interface PersistedRun {
  readonly executionId: string;
  readonly result: ExecutionResult;
  /** False when the store did not take this attempt's finish: a newer attempt owns the execution, or it was already finished. */
  readonly recorded: boolean;
  readonly attempt: number;
  /** True when the attempt was stopped by `handBack` and nothing was recorded: the execution stays for the next attempt. */
  readonly handedBack?: boolean;
}

export interface DriveOptions {
  readonly store: Store;
  readonly engine: Engine;
  /** The stored workflow being run: its static data is loaded and saved under this id. */
  readonly workflowId: string;
  readonly definition: WorkflowDocument;
  readonly executionId: string;
  readonly attempt: number;
  readonly mode: ExecutionMode;
  readonly start: PersistedStart;
  readonly saving: SavingPolicy;
  /** Checkpoints already stored (a resume): replayed, and new ones numbered after them. */
  readonly resumeFrom: readonly SchedulerEvent[];
  readonly signal?: AbortSignal;
  readonly checkpointFlushMs?: number;
  readonly logger?: Logger;
  /** Receives a Respond to Webhook node's answer (webhook `responseNode` mode). */
  readonly respond?: RunOptions['respond'];
  /** Where Execute Workflow nodes find stored workflows by id. */
  readonly loadWorkflow?: RunOptions['loadWorkflow'];
  /**
   * The attempt's stop control; made here when not given. Its `handBack` stops the attempt WITHOUT recording an
   * end (graceful shutdown of a queue worker): finished nodes' checkpoints are flushed, the row stays `running`,
   * and the next attempt resumes from the checkpoints. `signal` (if given) cancels through it too.
   */
  readonly control?: AttemptControl;
  /**
   * Waits of at least this many ms park the execution: the attempt ends with status `waiting` and `waitTill`
   * (its events stored, so `resumeExecution` continues it then). Undefined: waits are slept in memory.
   * Only pass it when something resumes waiting executions at their waitTill.
   */
  readonly parkWaitsLongerThanMs?: number;
}

/**
 * Runs a stored execution's attempt: checkpoints while it runs (when the policy saves progress), then records
 * the end exactly once, with or without the run data as the policy says. A newer attempt taking over stops
 * this one (its checkpoint or finish write is refused) and `recorded` is false. An attempt that parks (a long
 * Wait, see `parkWaitsLongerThanMs`) stores its events even when progress is not saved, and records the row as
 * `waiting` with its waitTill.
 */
export async function driveExecution(options: DriveOptions): Promise<PersistedRun> {
  const { store, executionId, attempt } = options;
  const control = options.control ?? new AttemptControl();
  const onOuterAbort = (): void => control.cancel(options.signal?.reason);
  if (options.signal?.aborted) onOuterAbort();
  else options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const newWriter = (): CheckpointWriter =>
    new CheckpointWriter({
      store,
      executionId,
      attempt,
      firstSequence: options.resumeFrom.length,
      flushIntervalMs: options.checkpointFlushMs ?? defaultCheckpointFlushMs,
      onFencedOut: () => control.cancel(new Error(`Execution ${executionId} was taken over by a newer attempt`)),
      logger: options.logger,
    });
  const writer = options.saving.saveExecutionProgress ? newWriter() : undefined;
  // A park must be replayable even when progress is not saved: the events are kept here and stored only if
  // this attempt ends waiting (copies, as node outputs may be changed in place downstream).
  const parkLog: SchedulerEvent[] | undefined = writer === undefined && options.parkWaitsLongerThanMs !== undefined ? [] : undefined;
  const record = writer ? (event: SchedulerEvent) => writer.add(event) : parkLog ? (event: SchedulerEvent) => parkLog.push(copyEvent(event)) : undefined;
  // Nothing after a hand-back is kept: its cancel event would make the next attempt replay a cancellation.
  const onEvent = record ? (event: SchedulerEvent) => (control.handedBack ? undefined : record(event)) : undefined;

  // Loaded before the run, outside the handler below: a store that fails for a moment must fail this attempt
  // (the job is retried), not record the execution as failed. Decided without I/O for workflows that never use
  // static data (almost all): no read, no await.
  let staticData: StaticDataSession | undefined;
  try {
    if (usesStaticData(options.definition)) {
      staticData = await loadStaticData({ store, workflowId: options.workflowId, definition: options.definition, mode: options.mode, executionId, logger: options.logger });
    }
  } catch (error) {
    options.signal?.removeEventListener('abort', onOuterAbort);
    throw error;
  }
  let result: ExecutionResult;
  try {
    result = await options.engine.execute(options.definition, {
      executionId,
      mode: options.mode,
      startItems: options.start.startItems,
      startNode: options.start.startNode,
      signal: control.signal,
      resumeFrom: options.resumeFrom,
      respond: options.respond,
      ...(options.loadWorkflow !== undefined ? { loadWorkflow: options.loadWorkflow } : {}),
      onEvent,
      ...(options.parkWaitsLongerThanMs !== undefined ? { parkWaitsLongerThanMs: options.parkWaitsLongerThanMs } : {}),
      ...(staticData !== undefined ? { staticData: staticData.data } : {}),
    });
  } catch (error) {
    // The engine could not run it at all (an invalid workflow, an unknown node type): record that, then report it.
    await writer?.close();
    const message = error instanceof Error ? error.message : String(error);
    try {
      await store.finishExecution(executionId, { status: 'error', attempt, stoppedAt: Date.now(), errorMessage: truncate(message) });
    } catch (finishError) {
      // The engine's error is the one the caller needs; the row stays `running` and crash recovery will find it.
      options.logger?.error({ executionId, attempt, err: finishError instanceof Error ? finishError.message : String(finishError) }, 'recording the failed start failed');
    }
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  // Saved before the end is recorded, so whoever sees the execution ended (a webhook caller, the next trigger)
  // also sees its static data. Not after a cancellation (n8n neither); a hand-back is no end, but its finished
  // nodes do not run again in the next attempt, so their changes are kept now.
  if (staticData !== undefined && (result.status !== 'canceled' || control.handedBack)) await staticData.save();
  if (control.handedBack) {
    // Keep what finished (the next attempt replays it); record no end: the execution is not over.
    await writer?.close();
    return { executionId, result, recorded: false, attempt, handedBack: true };
  }

  if (result.status === 'success' && writer) return recordSuccess(options, result, writer);

  const eventWriter = writer ?? (result.status === 'waiting' && parkLog ? writerOf(newWriter(), parkLog) : undefined);
  const allWritten = (await eventWriter?.close()) ?? true;
  if (!allWritten) {
    // Recorded anyway, as for any end: a resume replays the events up to the first lost one and runs the rest again.
    const what = result.status === 'waiting' ? 'the parked execution will run again the nodes after the first lost one' : 'the finish below supersedes them';
    options.logger?.warn({ executionId, attempt, lost: eventWriter?.pending }, `some checkpoints were not saved; ${what}`);
  }
  if (eventWriter?.isFencedOut === true) return { executionId, result, recorded: false, attempt };
  const recorded = await recordEnd(options, result);
  return { executionId, result, recorded, attempt };
}

/**
 * A successful end supersedes the checkpoints not written yet (nothing resumes or retries a finished success),
 * so a short execution records its end in one write instead of two. When recording the end fails, the
 * checkpoints are written after all, so a later attempt still does not re-run those nodes.
 */
async function recordSuccess(options: DriveOptions, result: ExecutionResult, writer: CheckpointWriter): Promise<PersistedRun> {
  const { executionId, attempt } = options;
  const unwritten = await writer.detach();
  if (writer.isFencedOut) return { executionId, result, recorded: false, attempt };
  try {
    return { executionId, result, recorded: await recordEnd(options, result), attempt };
  } catch (error) {
    await writer.restore(unwritten).catch(() => false);
    throw error;
  }
}

async function recordEnd(options: DriveOptions, result: ExecutionResult): Promise<boolean> {
  const { store, executionId, attempt, saving } = options;
  if (result.status === 'waiting') {
    // The run data stays in the checkpoints until the execution finishes; the row says when to resume it.
    return store.updateExecution(executionId, { status: 'waiting', attempt, ...(result.waitTill !== undefined ? { waitTill: Date.parse(result.waitTill) } : {}) });
  }
  const keepData = result.status === 'success' ? saving.saveDataSuccessExecution === 'all' : saving.saveDataErrorExecution === 'all';
  const finish: ExecutionFinish = {
    status: result.status,
    attempt,
    stoppedAt: Date.parse(result.stoppedAt),
    ...(result.data.resultData.error ? { errorMessage: truncate(result.data.resultData.error.message) } : {}),
    ...(keepData ? { result } : {}),
  };
  const recorded = await store.finishExecution(executionId, finish);
  // n8n does not keep manual (editor) runs when the workflow says so; it removes them once they finished.
  if (recorded && options.mode === 'manual' && !saving.saveManualExecutions) await store.deleteExecution(executionId);
  return recorded;
}

function writerOf(writer: CheckpointWriter, events: readonly SchedulerEvent[]): CheckpointWriter {
  for (const event of events) writer.add(event);
  return writer;
}

function truncate(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE ? message : `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…`;
}
