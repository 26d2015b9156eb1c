import type { Logger } from '../../logging/logger.js';
import type { Store } from '../../ports/store/index.js';
import type { ExecutionEnqueuer } from './execution-enqueuer.js';

const PAGE = 500;

/** Whether a process with this id runs on this machine now (signal 0 checks without sending anything). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Re-queues executions left `running` by a process of this machine that is gone (killed during a direct run,
 * which has no queue job to be redelivered). Worker ids are `host:pid`: a row of this host whose process is dead,
 * or whose pid is this very process (a restart that reused it), is orphaned. The job is a `resume` one, as it must
 * take the `running` execution over (a `start` job's first delivery claims only a `new` one). A job that is also
 * still in the queue does no harm: the claim fences out the older attempt, and an ended execution is skipped.
 * Returns how many were re-queued.
 *
 * @example
 * await recoverDirectRuns({ store, enqueuer, logger, host: hostname(), pid: process.pid });
 */
export async function recoverDirectRuns(deps: {
  store: Store;
  enqueuer: ExecutionEnqueuer;
  logger: Logger;
  host: string;
  pid: number;
  isAlive?: (pid: number) => boolean;
}): Promise<number> {
  const isAlive = deps.isAlive ?? processIsAlive;
  const prefix = `${deps.host}:`;
  let cursor: string | undefined;
  let requeued = 0;
  do {
    const page = await deps.store.listExecutions({ status: 'running', limit: PAGE, ...(cursor !== undefined ? { cursor } : {}) }, { consistency: 'strong' });
    for (const execution of page.data) {
      const worker = execution.worker ?? '';
      if (!worker.startsWith(prefix)) continue;
      const pid = Number(worker.slice(prefix.length));
      if (!Number.isInteger(pid) || (pid !== deps.pid && isAlive(pid))) continue;
      const workflow = await deps.store.getWorkflow(execution.workflowId, { version: execution.workflowVersion });
      await deps.enqueuer.enqueue(execution.id, { id: execution.workflowId, ...(workflow?.definition.settings ? { settings: workflow.definition.settings } : {}) }, { kind: 'resume', hasCheckpoints: true });
      requeued += 1;
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  if (requeued > 0) deps.logger.warn({ requeued }, 're-queued executions left running by a process of this machine that is gone');
  return requeued;
}
