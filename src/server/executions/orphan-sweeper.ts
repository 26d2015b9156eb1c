import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../../logging/logger.js';
import type { LeaderLock } from '../../ports/lock/types.js';
import { systemClock, type Clock } from '../triggers/schedules/clock.js';
import { createOrphanSweep, type OrphanSweepOptions } from './orphan-sweep.js';

/** The lock orchestrators compete for; its holder is the one that sweeps. */
export const ORPHAN_SWEEPER_LOCK = 'weft:queue-orphans';

/** Default most executions queued again per sweep. */
const DEFAULT_MAX_PER_SWEEP = 500;

export interface OrphanSweeperOptions extends Omit<OrphanSweepOptions, 'maxPerSweep'> {
  /** The leader lock the schedules use (PostgreSQL, Redis or in-process); the sweeper takes its own name on it. */
  readonly lock: LeaderLock;
  readonly logger: Logger;
  /** Where `weft_queue_orphans_requeued_total` is registered. */
  readonly metrics?: Registry;
  readonly clock?: Clock;
  /** Time between sweeps (default a quarter of `orphanAfterMs`, from 250 ms to 60 s). */
  readonly intervalMs?: number;
  readonly maxPerSweep?: number;
  /** Leader lease (default 30 s, at least three intervals so it outlives the gap between two sweeps). */
  readonly lockTtlMs?: number;
}

/** The periodic orphan sweep of an orchestrator. */
export interface OrphanSweeper {
  /** Starts sweeping every interval (the first sweep one interval from now). */
  start(): void;
  /** Sweeps now if this process is the leader; resolves to how many executions were queued again. */
  sweepNow(): Promise<number>;
  /** Stops sweeping, waits for a sweep in progress and hands the lock back. Idempotent. */
  close(): Promise<void>;
}

/**
 * Runs {@link createOrphanSweep} every interval in the one orchestrator holding {@link ORPHAN_SWEEPER_LOCK}, so
 * several orchestrators never re-publish the same stranded execution at once. Counts what it re-published in
 * `weft_queue_orphans_requeued_total`, logs the count (ids at debug).
 *
 * @example
 * const sweeper = createOrphanSweeper({ store, enqueuer, lock, logger, metrics: registry, orphanAfterMs: 300_000 });
 * sweeper.start();
 * await sweeper.close();
 */
export function createOrphanSweeper(options: OrphanSweeperOptions): OrphanSweeper {
  const { lock, logger } = options;
  const clock = options.clock ?? systemClock;
  const intervalMs = options.intervalMs ?? Math.min(60_000, Math.max(250, Math.floor(options.orphanAfterMs / 4)));
  const ttlMs = Math.max(options.lockTtlMs ?? 30_000, 3 * intervalMs);
  const sweep = createOrphanSweep({ ...options, maxPerSweep: options.maxPerSweep ?? DEFAULT_MAX_PER_SWEEP });
  const requeuedTotal = new Counter({
    name: 'weft_queue_orphans_requeued_total',
    help: 'Executions found stranded in status new (no job published) and queued again',
    registers: options.metrics ? [options.metrics] : [],
  });
  let timer: unknown;
  let running: Promise<number> | undefined;
  let leading = false;
  let closed = false;

  const isLeader = async (): Promise<boolean> => {
    const now = await lock.tryAcquire(ORPHAN_SWEEPER_LOCK, ttlMs);
    if (now && !leading) logger.info({ lock: ORPHAN_SWEEPER_LOCK }, 'this orchestrator now re-queues executions stranded in new');
    if (!now && leading) logger.warn({ lock: ORPHAN_SWEEPER_LOCK }, 'this orchestrator no longer re-queues executions stranded in new');
    leading = now;
    return now;
  };

  const sweepOnce = async (): Promise<number> => {
    if (closed || !(await isLeader()) || closed) return 0;
    const report = await sweep.sweep(clock.now());
    const count = report.requeued.length;
    if (count > 0) {
      requeuedTotal.inc(count);
      logger.warn({ requeued: count, orphanAfterMs: options.orphanAfterMs }, 're-queued executions stranded in new without a job');
      logger.debug({ executionIds: report.requeued }, 'executions re-queued by the orphan sweep');
    }
    if (report.error !== undefined) {
      logger.warn({ requeued: count, err: report.error instanceof Error ? report.error.message : String(report.error) }, 'orphan sweep stopped early; the next one goes on');
    }
    return count;
  };

  // One sweep at a time: a slow one (many publishes) is not overlapped by the next tick or by sweepNow.
  const sweepNow = (): Promise<number> => (running ??= sweepOnce().finally(() => (running = undefined)));

  const schedule = (): void => {
    if (closed) return;
    timer = clock.setTimeout(() => {
      void sweepNow()
        .catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'orphan sweep failed'))
        .finally(schedule);
    }, intervalMs);
  };

  return {
    start() {
      if (timer === undefined && !closed) schedule();
    },
    sweepNow,
    async close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      await running?.catch(() => undefined);
      // Handing the lock back lets another orchestrator take over at once instead of after the lease.
      if (leading) await lock.release(ORPHAN_SWEEPER_LOCK);
      leading = false;
    },
  };
}
