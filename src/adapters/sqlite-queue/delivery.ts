import { WeftError, errorMessage } from '../../core/errors/index.js';
import type { Delivery, JobHandler, JobMessage } from '../../ports/queue/types.js';
import type { ClaimedJob } from './claim.js';
import { checkDelay, checkReason } from './validation.js';

/** How deliveries settle their job (writes through the group commit, guarded by the lease). */
export interface Settler {
  ack(job: ClaimedJob): Promise<void>;
  retry(job: ClaimedJob, reason: string, delayMs: number): Promise<void>;
  deadLetter(job: ClaimedJob, reason: string): Promise<void>;
}

/**
 * One delivery of a claimed job. It settles once: a second `ack`/`retry`/`deadLetter` (also while the first is
 * being written) is WEFT_E_CONFLICT; a settle that failed (the file was locked too long) may be tried again.
 */
class SqliteDelivery implements Delivery {
  readonly job: JobMessage;
  readonly queue: string;
  readonly priority: number;
  readonly deliveryCount: number;
  private state: 'open' | 'settling' | 'settled' = 'open';

  constructor(
    private readonly claimed: ClaimedJob,
    private readonly settler: Settler,
    private readonly onSettled: () => void,
  ) {
    this.job = { id: claimed.id, body: claimed.body };
    this.queue = claimed.queue;
    this.priority = claimed.priority;
    this.deliveryCount = claimed.deliveries;
  }

  /** Whether `ack`, `retry` or `deadLetter` was called (and has not failed). */
  get settleStarted(): boolean {
    return this.state !== 'open';
  }

  ack(): Promise<void> {
    return this.settle(() => this.settler.ack(this.claimed));
  }

  retry(options: { reason: string; delayMs?: number }): Promise<void> {
    const reason = checkReason(options?.reason);
    const delayMs = checkDelay('delayMs', options?.delayMs ?? 0);
    return this.settle(() => this.settler.retry(this.claimed, reason, delayMs));
  }

  deadLetter(reason: string): Promise<void> {
    const checked = checkReason(reason);
    return this.settle(() => this.settler.deadLetter(this.claimed, checked));
  }

  private async settle(write: () => Promise<void>): Promise<void> {
    if (this.state !== 'open') {
      throw new WeftError('WEFT_E_CONFLICT', `Delivery ${this.deliveryCount} of job ${this.job.id} from queue ${this.queue} was already settled`, {
        jobId: this.job.id,
        queue: this.queue,
      });
    }
    this.state = 'settling';
    try {
      await write();
    } catch (error) {
      this.state = 'open';
      throw error;
    }
    this.state = 'settled';
    this.onSettled();
  }
}

/**
 * Hands `claimed` to `handler`. A handler that throws (synchronously too) or rejects without having settled gets
 * its delivery retried with the error's message; a failure of that retry (the queue closed meanwhile) goes to
 * `report`: the job comes back anyway, through close() or the lease.
 */
export function deliverJob(
  claimed: ClaimedJob,
  handler: JobHandler,
  settler: Settler,
  onSettled: () => void,
  report: (error: unknown, what: string) => void,
): void {
  const delivery = new SqliteDelivery(claimed, settler, onSettled);
  let outcome: Promise<void>;
  try {
    outcome = Promise.resolve(handler(delivery));
  } catch (error) {
    outcome = Promise.reject(error);
  }
  outcome.catch((error: unknown) => {
    if (delivery.settleStarted) return;
    delivery.retry({ reason: errorMessage(error) }).catch((retryError: unknown) => report(retryError, `retrying job ${claimed.id} after its handler failed`));
  });
}
