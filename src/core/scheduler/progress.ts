import type { ExecutionPlan } from '../graph/index.js';
import { Scheduler } from './scheduler.js';
import type { ExecutionResult, ExecutionStatus, SchedulerEvent, SchedulerOptions } from './types.js';

/** How far a recorded execution got, rebuilt from its event log. */
export interface ExecutionProgress {
  /** `new` for an empty log, `running` when the log stops mid-run, else how the recorded run ended (`waiting`…). */
  readonly status: ExecutionStatus | 'new';
  /** When a `waiting` execution is due to go on (ISO 8601); only for `waiting`. */
  readonly waitTill?: string;
  /** n8n's `data`: the run data of the nodes that finished, `lastNodeExecuted`, custom data as `metadata`. */
  readonly data: ExecutionResult['data'];
}

/**
 * Replays an execution's recorded events (its checkpoints) through the scheduler without running anything, and
 * returns what the execution shows so far: for a parked execution its `waiting` result (the nodes before and
 * including the Wait), for one still running the runs that finished. `options` must be those of the recorded run
 * (same start node, items and limits), as for any replay.
 *
 * @example
 * const progress = replayProgress(plan, { startNode: 'Start' }, replayableEvents(checkpoints));
 * progress.status; // 'waiting'
 * progress.data.resultData.runData.Wait; // [the Wait node's run]
 */
export function replayProgress(plan: ExecutionPlan, options: SchedulerOptions, events: readonly SchedulerEvent[]): ExecutionProgress {
  const scheduler = Scheduler.replay(plan, options, events);
  const result = scheduler.finalResult;
  if (result) return { status: result.status, ...(result.waitTill !== undefined ? { waitTill: result.waitTill } : {}), data: result.data };
  return { status: scheduler.currentStatus, data: { resultData: scheduler.currentResultData() } };
}
