import type { HistoryStore, RetentionPolicy } from '../../ports/store/index.js';

/** How the background upkeep of execution history runs. */
export interface HistoryMaintenanceOptions {
  /** Retention to apply; nothing is removed when both limits are absent. */
  readonly retention: RetentionPolicy;
  /** Time between rounds (default one hour). */
  readonly intervalMs?: number;
  /** How far ahead storage is prepared, e.g. PostgreSQL partitions (default 7 days). */
  readonly prepareAheadMs?: number;
  readonly now?: () => number;
  readonly logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

const DAY_MS = 86_400_000;

/** The UTC day (`YYYY-MM-DD`) of a time. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * Keeps execution history in shape in the background: prepares storage ahead (partitions), applies the retention
 * policy in batches, and refreshes the daily rollups of yesterday and today. Rounds never overlap, failures are
 * logged and retried next round (they never crash the process), and the timer does not keep the process alive.
 *
 * @example
 * const upkeep = startHistoryMaintenance(store, { retention: { maxAgeMs: 30 * 86_400_000 }, logger });
 * await upkeep.stop();
 */
export function startHistoryMaintenance(store: HistoryStore, options: HistoryMaintenanceOptions): { runOnce(): Promise<void>; stop(): Promise<void> } {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 3_600_000;
  const aheadMs = options.prepareAheadMs ?? 7 * DAY_MS;
  let running: Promise<void> | undefined;
  let stopped = false;

  const round = async (): Promise<void> => {
    const at = now();
    try {
      await store.prepareAhead(at + aheadMs);
      if (options.retention.maxAgeMs !== undefined || options.retention.maxCount !== undefined) {
        const removed = await store.applyRetention(options.retention, at);
        if (removed > 0) options.logger.info({ removed }, 'execution retention removed old executions');
      }
      await store.rollupDay(utcDay(at - DAY_MS));
      await store.rollupDay(utcDay(at));
    } catch (error) {
      options.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'history maintenance round failed; retrying next round');
    }
  };

  const runOnce = (): Promise<void> => {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, intervalMs);
  timer.unref();
  // First round soon after start, off the start-up path.
  const first = setTimeout(() => {
    if (!stopped) void runOnce();
  }, Math.min(5_000, intervalMs));
  first.unref();

  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
