import type { Clock } from './clock.js';

/** A clock whose time moves only when a test says so; due timers run in time order, each followed by a settle. */
export interface FakeClock extends Clock {
  /** Moves time to `at` (ms), running every timer due on the way. */
  advanceTo(at: number): Promise<void>;
  readonly pending: number;
}

/** Lets promise chains started by a timer (lock checks, store calls) finish before the next timer runs. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export function createFakeClock(start: number): FakeClock {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, delayMs) {
      const id = ++nextId;
      timers.set(id, { at: now + Math.max(0, delayMs), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    get pending() {
      return timers.size;
    },
    async advanceTo(at) {
      await settle();
      for (;;) {
        let due: [number, { at: number; callback: () => void }] | undefined;
        for (const timer of timers) if (timer[1].at <= at && (!due || timer[1].at < due[1].at || (timer[1].at === due[1].at && timer[0] < due[0]))) due = timer;
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
        await settle();
      }
      now = at;
    },
  };
}
