import type { SchedulerEvent } from '../../core/scheduler/index.js';
import type { Logger } from '../../logging/logger.js';
import type { ExecutionCheckpoint, ExecutionStore } from '../../ports/store/index.js';
import { copyEvent } from './copy-event.js';

/** After a failed write, wait longer before the next (doubling from the interval, capped), so a down database is not hammered. */
const MAX_RETRY_DELAY_MS = 1_000;

export interface CheckpointWriterOptions {
  readonly store: Pick<ExecutionStore, 'saveCheckpoints'>;
  readonly executionId: string;
  readonly attempt: number;
  /** Sequence of the first event this writer records (the number of checkpoints already stored). */
  readonly firstSequence: number;
  /** Events are written together at most this often; a crash loses at most the events of one interval. */
  readonly flushIntervalMs: number;
  /** Called once when the store refuses a write because a newer attempt owns the execution. */
  readonly onFencedOut: () => void;
  readonly logger?: Logger;
}

/**
 * Records an execution's scheduler events as checkpoints, batched: events queue up and are written in one
 * `saveCheckpoints` call per interval, in order (one write in flight at a time). A failed write keeps its
 * events for the next one. {@link close} writes what is left; the caller does that before finishing.
 *
 * @example
 * const writer = new CheckpointWriter({ store, executionId, attempt: 1, firstSequence: 0, flushIntervalMs: 5, onFencedOut: () => abort() });
 * engine.execute(workflow, { onEvent: (event) => writer.add(event) });
 * await writer.close();
 */
export class CheckpointWriter {
  private queue: ExecutionCheckpoint[] = [];
  private nextSequence: number;
  private timer: NodeJS.Timeout | undefined;
  private writes: Promise<void> = Promise.resolve();
  private failures = 0;
  private fencedOut = false;
  private closed = false;

  constructor(private readonly options: CheckpointWriterOptions) {
    this.nextSequence = options.firstSequence;
  }

  /** True once a newer attempt took the execution over; nothing more is written. */
  get isFencedOut(): boolean {
    return this.fencedOut;
  }

  /** Checkpoints queued and not yet written. */
  get pending(): number {
    return this.queue.length;
  }

  add(event: SchedulerEvent): void {
    if (this.fencedOut || this.closed) return;
    // A copy: node outputs are written a few ms later, and a downstream node may change its input items in place.
    this.queue.push({ sequence: this.nextSequence++, event: copyEvent(event) });
    this.schedule(this.options.flushIntervalMs);
  }

  /** Writes everything queued (waiting for a write in flight) and stops the timer. Returns true when nothing is left unwritten. */
  async close(): Promise<boolean> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.enqueueWrite();
    return this.queue.length === 0 || this.fencedOut;
  }

  /**
   * Stops writing without writing what is queued: waits for the write in flight, then hands the unwritten
   * checkpoints back. For an execution about to record a successful end, which makes them unneeded (nothing
   * resumes or retries a finished success); {@link restore} writes them after all if recording the end failed.
   */
  async detach(): Promise<ExecutionCheckpoint[]> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writes;
    const unwritten = this.queue;
    this.queue = [];
    return unwritten;
  }

  /** Writes checkpoints that {@link detach} handed back. Returns true when nothing is left unwritten. */
  async restore(checkpoints: readonly ExecutionCheckpoint[]): Promise<boolean> {
    this.queue = [...checkpoints, ...this.queue];
    await this.enqueueWrite();
    return this.queue.length === 0 || this.fencedOut;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueueWrite();
    }, delayMs);
  }

  private enqueueWrite(): Promise<void> {
    this.writes = this.writes.then(() => this.writeBatch());
    return this.writes;
  }

  private async writeBatch(): Promise<void> {
    if (this.queue.length === 0 || this.fencedOut) return;
    const batch = this.queue;
    this.queue = [];
    const { store, executionId, attempt, logger } = this.options;
    try {
      const accepted = await store.saveCheckpoints(executionId, attempt, batch);
      this.failures = 0;
      if (!accepted) {
        this.fencedOut = true;
        this.queue = [];
        logger?.warn({ executionId, attempt }, 'a newer attempt owns this execution; this attempt stops');
        this.options.onFencedOut();
      }
    } catch (error) {
      this.queue = [...batch, ...this.queue];
      this.failures += 1;
      logger?.warn({ executionId, attempt, pending: this.queue.length, err: error instanceof Error ? error.message : String(error) }, 'saving checkpoints failed; retrying');
      if (!this.closed) this.schedule(Math.min(MAX_RETRY_DELAY_MS, this.options.flushIntervalMs * 2 ** this.failures));
      return;
    }
    if (this.queue.length > 0) this.schedule(this.options.flushIntervalMs);
  }
}
