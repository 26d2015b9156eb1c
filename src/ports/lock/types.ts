/**
 * A named lock held by at most one process at a time, used to elect the one orchestrator that fires schedules.
 * Leadership is a lease: the holder keeps it by calling `tryAcquire` again before `ttlMs` passes; when the holder
 * dies (process killed, connection lost) another caller gets it within `ttlMs`.
 *
 * @example
 * if (await lock.tryAcquire('weft:scheduler', 30_000)) fireDueSchedules();
 */
export interface LeaderLock {
  /** True when this holder has the lock now: takes it when free, renews it when already held. Never throws for a lost race. */
  tryAcquire(name: string, ttlMs: number): Promise<boolean>;
  /** Gives the lock up when held by this holder; a no-op otherwise. */
  release(name: string): Promise<void>;
  /** Releases every lock held and closes connections. Idempotent. */
  close(): Promise<void>;
}
