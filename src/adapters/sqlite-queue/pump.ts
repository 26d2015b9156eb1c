import type { Subscription } from '../../ports/queue/types.js';

/** Where a pump gets its work and what it does with it. */
export interface PumpSource<T> {
  /** Claims up to `limit` items now (a write through the group commit); `stopped` says whether to give up. */
  claim(limit: number, stopped: () => boolean): Promise<T[]>;
  /** When the next item may become claimable (epoch ms), or undefined when there is none: a cheap read. */
  nextDueAt(): number | undefined;
  /** Hands `item` to the handler; calls `settled` once it no longer occupies a slot. */
  deliver(item: T, settled: () => void): void;
  /** Reports a failure of background work (the pump retries after the poll interval). */
  report(error: unknown, what: string): void;
}

/**
 * Drives one subscription: keeps up to `capacity` items in flight, claims more as soon as a slot frees, and when
 * nothing is due sleeps until the next item's due time or the poll interval, whichever is sooner (jobs published
 * by other processes are only seen by polling; this process's own publishes call `wake` at once).
 */
export class Pump<T> implements Subscription {
  private inFlight = 0;
  private claiming: Promise<void> | undefined;
  private wakeAgain = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly source: PumpSource<T>,
    private readonly capacity: number,
    private readonly pollMs: number,
    /** Called once when `stop()` is first called (the owner forgets the pump; its deliveries can still settle). */
    private readonly onStop: () => void = () => undefined,
  ) {}

  /** Items handed out and not yet settled. */
  get unsettled(): number {
    return this.inFlight;
  }

  /** Claims now if a slot is free (or right after the claim under way). */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming !== undefined) {
      this.wakeAgain = true;
      return;
    }
    const limit = this.capacity - this.inFlight;
    if (limit <= 0) return;
    this.clearTimer();
    this.wakeAgain = false;
    this.claiming = this.source.claim(limit, () => this.stopped).then(
      (items) => {
        this.claiming = undefined;
        for (const item of items) this.handOut(item);
        if (items.length < limit && !this.wakeAgain) this.sleep(Date.now() + this.pollMs);
        else this.wake();
      },
      (error: unknown) => {
        this.claiming = undefined;
        this.source.report(error, 'claiming jobs');
        this.sleep(Date.now() + this.pollMs);
      },
    );
  }

  /** Claims at `at` (epoch ms) unless something wakes the pump earlier. */
  wakeAt(at: number): void {
    if (at <= Date.now()) this.wake();
    else this.sleep(at);
  }

  /** Stops claiming (idempotent); items already handed out can still be settled. Resolves after a claim under way. */
  async stop(): Promise<void> {
    if (!this.stopped) this.onStop();
    this.stopped = true;
    this.clearTimer();
    await this.claiming;
  }

  private handOut(item: T): void {
    this.inFlight += 1;
    let settled = false;
    this.source.deliver(item, () => {
      if (settled) return;
      settled = true;
      this.inFlight -= 1;
      this.wake();
    });
  }

  private sleep(at: number): void {
    if (this.stopped || (this.timer !== undefined && this.timerAt <= at)) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.poll();
    }, Math.max(0, at - Date.now()));
  }

  private poll(): void {
    if (this.stopped || this.inFlight >= this.capacity) return;
    let due: number | undefined;
    try {
      due = this.source.nextDueAt();
    } catch (error) {
      this.source.report(error, 'looking for due jobs');
      this.sleep(Date.now() + this.pollMs);
      return;
    }
    const now = Date.now();
    if (due !== undefined && due <= now) this.wake();
    else this.sleep(Math.min(now + this.pollMs, due ?? Number.POSITIVE_INFINITY));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }
}
