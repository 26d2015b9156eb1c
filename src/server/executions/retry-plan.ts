import type { SchedulerEvent } from '../../core/scheduler/index.js';
import type { ExecutionCheckpoint } from '../../ports/store/index.js';
import { replayableEvents } from '../../runtime/persistence/index.js';

/**
 * The events a retry replays: the failed execution's recorded log up to (not including) its first node failure
 * or cancel. Replaying them restores every node that finished before the failure with its outputs, and the
 * engine then re-issues the failed node (and anything that was still in flight) as new runs.
 *
 * Empty when nothing usable was recorded (progress saving off): the retry then runs the workflow from its start.
 *
 * @example
 * const events = retryEvents(await store.loadCheckpoints(failedId));
 */
export function retryEvents(checkpoints: readonly ExecutionCheckpoint[]): SchedulerEvent[] {
  const events = replayableEvents(checkpoints);
  const end = events.findIndex((event) => event.type === 'nodeFailed' || event.type === 'cancel');
  const kept = end === -1 ? events : events.slice(0, end);
  // A log that does not begin with the start event cannot be replayed (the engine refuses it).
  return kept[0]?.type === 'start' ? kept : [];
}
