import type { FastifyBaseLogger } from 'fastify';
import type { ExecutionResult } from '../../core/scheduler/index.js';
import type { ExecutionRecord, StoredExecutionStatus, Store } from '../../ports/store/index.js';
import type { Engine } from '../../runtime/engine.js';
import { replayableEvents, type PersistedStart } from '../../runtime/persistence/index.js';

/**
 * Statuses whose run data is not stored yet (it is written once, at the end) but can be rebuilt from checkpoints.
 * `new` has none: nothing ran.
 */
const unfinished: ReadonlySet<StoredExecutionStatus> = new Set<StoredExecutionStatus>(['waiting', 'running']);

/**
 * True when `record` has not ended, so its data must come from {@link progressData}.
 *
 * @example
 * if (showsProgress(record)) data = await progressData({ store, engine, logger }, record, stored?.input);
 */
export function showsProgress(record: ExecutionRecord): boolean {
  return unfinished.has(record.status);
}

/**
 * The data of an execution that has not ended, in n8n's shape (`data.resultData.runData`, `lastNodeExecuted`,
 * custom data as `metadata`): its checkpoints replayed through the scheduler, on the workflow version it runs and
 * from its stored start. For a parked (`waiting`) execution that is the nodes up to and including its Wait, as
 * n8n shows them; for a running one, the nodes that finished so far. Undefined when nothing was checkpointed
 * (progress saving off), the workflow version is gone, or this engine cannot replay the log (a node type it
 * lacks: logged, as the execution row is still worth answering with). Store errors are thrown.
 *
 * @example
 * const data = showsProgress(record) ? await progressData({ store, engine, logger }, record, stored?.input) : stored?.result;
 */
export async function progressData(
  deps: { store: Store; engine: Engine; logger: Pick<FastifyBaseLogger, 'warn'> },
  record: ExecutionRecord,
  input: unknown,
): Promise<Pick<ExecutionResult, 'data'> | undefined> {
  const events = replayableEvents(await deps.store.loadCheckpoints(record.id));
  if (events.length === 0) return undefined;
  const workflow = await deps.store.getWorkflow(record.workflowId, { version: record.workflowVersion });
  if (!workflow) return undefined;
  const start = (input ?? {}) as PersistedStart;
  try {
    const progress = deps.engine.replay(workflow.definition, events, {
      ...(start.startItems !== undefined ? { startItems: start.startItems } : {}),
      ...(start.startNode !== undefined ? { startNode: start.startNode } : {}),
    });
    return { data: progress.data };
  } catch (error) {
    deps.logger.warn({ executionId: record.id, err: error instanceof Error ? error.message : String(error) }, 'could not rebuild the run data of an unfinished execution');
    return undefined;
  }
}
