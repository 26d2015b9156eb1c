import { describe, expect, it } from 'vitest';
import type { HistoryStore, RetentionPolicy } from '../../ports/store/index.js';
import { startHistoryMaintenance, utcDay } from './history-maintenance.js';

function recordingStore(failRetention = false) {
  const calls: string[] = [];
  let releaseRetention: (() => void) | undefined;
  const store: HistoryStore = {
    prepareAhead: async (until) => void calls.push(`prepare ${until}`),
    applyRetention: async (policy: RetentionPolicy) => {
      calls.push(`retention ${JSON.stringify(policy)}`);
      await new Promise<void>((resolve) => {
        releaseRetention = resolve;
      });
      if (failRetention) throw new Error('database down');
      return 3;
    },
    rollupDay: async (day) => void calls.push(`rollup ${day}`),
    listRollups: async () => [],
  };
  return { store, calls, release: () => releaseRetention?.() };
}

const logger = () => {
  const lines: string[] = [];
  return { lines, info: (_obj: object, msg: string) => void lines.push(`info ${msg}`), warn: (_obj: object, msg: string) => void lines.push(`warn ${msg}`) };
};

describe('history maintenance', () => {
  const now = Date.parse('2024-03-10T12:00:00Z');

  it('prepares ahead, applies retention, then rolls up yesterday and today', async () => {
    const { store, calls, release } = recordingStore();
    const log = logger();
    const upkeep = startHistoryMaintenance(store, { retention: { maxAgeMs: 1000 }, now: () => now, logger: log, intervalMs: 60_000 });
    const round = upkeep.runOnce();
    await Promise.resolve();
    release();
    await round;
    expect(calls).toEqual([`prepare ${now + 7 * 86_400_000}`, 'retention {"maxAgeMs":1000}', 'rollup 2024-03-09', 'rollup 2024-03-10']);
    expect(log.lines).toEqual(['info execution retention removed old executions']);
    await upkeep.stop();
  });

  it('never runs two rounds at once', async () => {
    const { store, calls, release } = recordingStore();
    const upkeep = startHistoryMaintenance(store, { retention: { maxCount: 5 }, now: () => now, logger: logger(), intervalMs: 60_000 });
    const first = upkeep.runOnce();
    const second = upkeep.runOnce();
    expect(second).toBe(first);
    await Promise.resolve();
    release();
    await first;
    expect(calls.filter((call) => call.startsWith('retention'))).toHaveLength(1);
    await upkeep.stop();
  });

  it('logs a failed round instead of throwing, and skips retention without a policy', async () => {
    const failing = recordingStore(true);
    const log = logger();
    const upkeep = startHistoryMaintenance(failing.store, { retention: { maxAgeMs: 1 }, now: () => now, logger: log, intervalMs: 60_000 });
    const round = upkeep.runOnce();
    await Promise.resolve();
    failing.release();
    await expect(round).resolves.toBeUndefined();
    expect(log.lines).toEqual(['warn history maintenance round failed; retrying next round']);
    await upkeep.stop();

    const plain = recordingStore();
    const quiet = startHistoryMaintenance(plain.store, { retention: {}, now: () => now, logger: logger(), intervalMs: 60_000 });
    await quiet.runOnce();
    expect(plain.calls.some((call) => call.startsWith('retention'))).toBe(false);
    await quiet.stop();
  });

  it('formats UTC days', () => {
    expect(utcDay(Date.parse('2024-12-31T23:59:59Z'))).toBe('2024-12-31');
  });
});
