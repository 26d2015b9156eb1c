import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeaderLock } from '../../ports/lock/types.js';

/** How one adapter plays in the contract suite. */
export interface LockHarness {
  /** A new, independent holder (its own connection). */
  make(): LeaderLock;
  /** Makes `lock` die as a crashed process would: no release, no more renewals. */
  die(lock: LeaderLock): Promise<void>;
  /** The lease the suite asks for; the takeover must happen within it (plus scheduling slack). */
  readonly ttlMs: number;
  teardown?(): Promise<void>;
}

async function acquiredWithin(lock: LeaderLock, name: string, ttlMs: number, deadlineMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (await lock.tryAcquire(name, ttlMs)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}

/** The behaviour every LeaderLock adapter shares: one winner, renewals, release, and takeover when the leader dies. */
export function describeLeaderLockContract(adapter: string, setup: () => Promise<LockHarness>): void {
  describe(`LeaderLock contract: ${adapter}`, () => {
    let harness: LockHarness;
    const opened: LeaderLock[] = [];
    const make = (): LeaderLock => {
      const lock = harness.make();
      opened.push(lock);
      return lock;
    };
    beforeAll(async () => {
      harness = await setup();
    });
    afterAll(async () => {
      for (const lock of opened) await lock.close();
      await harness.teardown?.();
    });

    it('lets only one of two holders win, and the winner renews', async () => {
      const name = `weft:test:${randomUUID()}`;
      const [a, b] = [make(), make()];
      const results = await Promise.all([a.tryAcquire(name, harness.ttlMs), b.tryAcquire(name, harness.ttlMs)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const [leader, follower] = results[0] ? [a, b] : [b, a];
      expect(await leader.tryAcquire(name, harness.ttlMs)).toBe(true);
      expect(await follower.tryAcquire(name, harness.ttlMs)).toBe(false);
      expect(await leader.tryAcquire(name, harness.ttlMs)).toBe(true);
      // Another name is a different lock.
      expect(await follower.tryAcquire(`${name}:other`, harness.ttlMs)).toBe(true);
    });

    it('hands the lock over on release and on close', async () => {
      const name = `weft:test:${randomUUID()}`;
      const [a, b] = [make(), make()];
      expect(await a.tryAcquire(name, harness.ttlMs)).toBe(true);
      expect(await b.tryAcquire(name, harness.ttlMs)).toBe(false);
      await a.release(name);
      expect(await b.tryAcquire(name, harness.ttlMs)).toBe(true);
      expect(await a.tryAcquire(name, harness.ttlMs)).toBe(false);
      await b.close();
      await b.close();
      expect(await a.tryAcquire(name, harness.ttlMs)).toBe(true);
      expect(await b.tryAcquire(name, harness.ttlMs)).toBe(false);
    });

    it('lets another holder take over within the TTL when the leader dies', async () => {
      const name = `weft:test:${randomUUID()}`;
      const [a, b] = [make(), make()];
      expect(await a.tryAcquire(name, harness.ttlMs)).toBe(true);
      expect(await b.tryAcquire(name, harness.ttlMs)).toBe(false);
      await harness.die(a);
      const after = await acquiredWithin(b, name, harness.ttlMs, harness.ttlMs + 1_000);
      expect(after).toBeDefined();
      expect(await a.tryAcquire(name, harness.ttlMs)).toBe(false);
    });
  });
}
