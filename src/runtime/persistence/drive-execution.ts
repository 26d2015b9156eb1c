import type { ExecutionMode, Item, WorkflowDocument } from '../../core/model/types.js';
import type { ExecutionResult, SchedulerEvent } from '../../core/scheduler/index.js';
import type { Logger } from '../../logging/logger.js';
import type { ExecutionFinish, Store } from '../../ports/store/index.js';
import type { Engine, RunOptions } from '../engine.js';
import { CheckpointWriter } from './checkpoint-writer.js';
import type { SavingPolicy } from './saving-policy.js';

/** Default batching window of checkpoint writes. */
export const defaultCheckpointFlushMs = 5;

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
}

export interface DriveOptions {
  readonly store: Store;
  readonly engine: Engine;
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
}

/**
 * Runs a stored execution's attempt: checkpoints while it runs (when the policy saves progress), then records
 * the end exactly once, with or without the run data as the policy says. A newer attempt taking over stops
 * this one (its checkpoint or finish write is refused) and `recorded` is false.
 */
export async function driveExecution(options: DriveOptions): Promise<PersistedRun> {
  const { store, executionId, attempt } = options;
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onOuterAbort();
  else options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const writer = options.saving.saveExecutionProgress
    ? new CheckpointWriter({
        store,
        executionId,
        attempt,
        firstSequence: options.resumeFrom.length,
        flushIntervalMs: options.checkpointFlushMs ?? defaultCheckpointFlushMs,
        onFencedOut: () => controller.abort(new Error(`Execution ${executionId} was taken over by a newer attempt`)),
        logger: options.logger,
      })
    : undefined;

  let result: ExecutionResult;
  try {
    result = await options.engine.execute(options.definition, {
      executionId,
      mode: options.mode,
      startItems: options.start.startItems,
      startNode: options.start.startNode,
      signal: controller.signal,
      resumeFrom: options.resumeFrom,
      respond: options.respond,
      onEvent: writer ? (event) => writer.add(event) : undefined,
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

  const allWritten = (await writer?.close()) ?? true;
  if (!allWritten) options.logger?.warn({ executionId, attempt, lost: writer?.pending }, 'some checkpoints were not saved; the finish below supersedes them');
  if (writer?.isFencedOut === true) return { executionId, result, recorded: false, attempt };
  const recorded = await recordEnd(options, result);
  return { executionId, result, recorded, attempt };
}

async function recordEnd(options: DriveOptions, result: ExecutionResult): Promise<boolean> {
  const { store, executionId, attempt, saving } = options;
  if (result.status === 'waiting') {
    return store.updateExecution(executionId, { status: 'waiting', attempt });
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

function truncate(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE ? message : `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…`;
}
