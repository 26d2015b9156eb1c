import type { Logger } from '../../logging/logger.js';
import type { DeadLetter, JobQueue, Subscription } from '../../ports/queue/types.js';
import type { Store } from '../../ports/store/index.js';
import { parseExecutionJob } from './execution-job.js';

/** Longest dead-letter reason kept on the execution row. */
const MAX_REASON = 900;

/**
 * Records dead-lettered execution jobs on their executions: an execution whose job was dead-lettered (delivered
 * too often without success, expired in the queue, or malformed) ends with status `error` and the reason, so
 * nothing stays `new` or `running` forever. It first takes the execution over (a new attempt), so an engine that
 * still holds it cannot record anything after this.
 *
 * @example
 * const subscription = await recordDeadLetters({ queue, store, logger });
 * await subscription.stop();
 */
export async function recordDeadLetters(deps: { queue: JobQueue; store: Store; logger: Logger }): Promise<Subscription> {
  return deps.queue.consumeDeadLetters(async (dead) => {
    const job = parseExecutionJob(dead.job);
    if ('invalid' in job) {
      deps.logger.error({ jobId: dead.job.id, queue: dead.queue, reason: dead.reason }, `dropped a dead-lettered job that is not an execution job: ${job.invalid}`);
      return;
    }
    const message = deadLetterMessage(dead);
    const claim = await deps.store.claimExecution(job.executionId, { worker: 'dead-letter' });
    if (!claim.claimed) {
      deps.logger.warn({ executionId: job.executionId, reason: dead.reason, status: claim.execution?.status }, 'a dead-lettered job’s execution had already ended or is gone');
      return;
    }
    await deps.store.finishExecution(job.executionId, { status: 'error', attempt: claim.execution.attempt, stoppedAt: Date.now(), errorMessage: message });
    deps.logger.error({ executionId: job.executionId, workflowId: job.workflowId, queue: dead.queue, deliveries: dead.deliveryCount, reason: dead.reason }, 'execution failed: its job was dead-lettered');
  });
}

/** What the execution row says about a dead-lettered job. */
export function deadLetterMessage(dead: DeadLetter): string {
  const reason = dead.reason.length > MAX_REASON ? `${dead.reason.slice(0, MAX_REASON - 1)}…` : dead.reason;
  return dead.reason === 'expired' ? `The execution waited in queue ${dead.queue} longer than its time-to-live and was dead-lettered` : `The execution's job was dead-lettered after ${dead.deliveryCount} deliveries: ${reason}`;
}
