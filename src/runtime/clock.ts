import type { Clock } from '../core/node-api/index.js';

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock whose time only moves when something sleeps on it: a sleep of 42 s returns at once and advances
 * `now()` by 42 s. Used by `weft compat` and tests so that Wait nodes cost no real time, while expressions
 * reading `$now` before and after the wait still see the time pass.
 *
 * @example
 * const clock = createVirtualClock(Date.parse('2024-01-01T00:00:00Z'));
 * await clock.sleep(42_000); clock.now(); // 2024-01-01T00:00:42Z
 */
export function createVirtualClock(start = Date.now()): Clock {
  let current = start;
  return {
    now: () => current,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      current += Math.max(0, ms);
      // Yield to the event loop so that a sleeping node still lets others progress.
      await Promise.resolve();
    },
  };
}
