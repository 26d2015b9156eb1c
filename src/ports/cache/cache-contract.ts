import { afterEach, describe, expect, it } from 'vitest';
import type { Cache } from './types.js';

/**
 * One namespace for one test: every cache `open()` returns shares its keys and channels (as two processes on one
 * Redis do), and nothing outside it. `dispose` removes what the test left behind.
 */
export interface CacheContractSpace {
  open(): Promise<Cache>;
  dispose(): Promise<void>;
}

/** Polls until `check` passes (pub/sub delivery is asynchronous), failing after `timeoutMs`. */
async function eventually(check: () => void, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every Cache adapter must show; each adapter's test file runs it.
 *
 * @example
 * describeCacheContract('memory cache', async () => {
 *   const space = createMemoryCacheSpace();
 *   return { open: async () => createMemoryCache({ space }), dispose: async () => {} };
 * });
 */
export function describeCacheContract(name: string, makeSpace: () => Promise<CacheContractSpace>): void {
  describe(`Cache contract: ${name}`, () => {
    const opened: Cache[] = [];
    const spaces: CacheContractSpace[] = [];

    const space = async (): Promise<{ open(): Promise<Cache> }> => {
      const created = await makeSpace();
      spaces.push(created);
      return {
        open: async () => {
          const cache = await created.open();
          opened.push(cache);
          return cache;
        },
      };
    };

    afterEach(async () => {
      for (const cache of opened.splice(0)) await cache.close();
      for (const created of spaces.splice(0)) await created.dispose();
    });

    it('returns undefined for a missing key, and what was set for a present one', async () => {
      const cache = await (await space()).open();
      expect(await cache.get('missing')).toBeUndefined();
      await cache.set('k', 'välue ✓');
      expect(await cache.get('k')).toBe('välue ✓');
      await cache.set('k', 'second');
      expect(await cache.get('k')).toBe('second');
      await cache.set('empty', '');
      expect(await cache.get('empty')).toBe('');
    });

    it('shares values between instances of one namespace and keeps namespaces apart', async () => {
      const first = await space();
      const a = await first.open();
      const b = await first.open();
      const other = await (await space()).open();
      await a.set('shared', 'from a');
      expect(await b.get('shared')).toBe('from a');
      expect(await other.get('shared')).toBeUndefined();
    });

    it('expires a value after its ttl, and keeps one without ttl', async () => {
      const cache = await (await space()).open();
      await cache.set('short', 'v', 60);
      await cache.set('long', 'v', 60_000);
      await cache.set('forever', 'v');
      expect(await cache.get('short')).toBe('v');
      await pause(150);
      expect(await cache.get('short')).toBeUndefined();
      expect(await cache.get('long')).toBe('v');
      expect(await cache.get('forever')).toBe('v');
    });

    it('deletes several keys at once, ignoring missing ones and an empty list', async () => {
      const cache = await (await space()).open();
      await cache.set('a', '1');
      await cache.set('b', '2');
      await cache.set('c', '3');
      await cache.delete(['a', 'b', 'not-there']);
      await cache.delete([]);
      expect(await cache.get('a')).toBeUndefined();
      expect(await cache.get('b')).toBeUndefined();
      expect(await cache.get('c')).toBe('3');
    });

    it('delivers a publish to subscribers of every instance, in order, and only on that channel', async () => {
      const shared = await space();
      const publisher = await shared.open();
      const listener = await shared.open();
      const got: string[] = [];
      const gotHere: string[] = [];
      const other: string[] = [];
      await listener.subscribe('news', (message) => got.push(message));
      await publisher.subscribe('news', (message) => gotHere.push(message));
      await listener.subscribe('sport', (message) => other.push(message));
      await publisher.publish('news', 'one');
      await publisher.publish('news', 'two');
      await eventually(() => expect(got).toEqual(['one', 'two']));
      await eventually(() => expect(gotHere).toEqual(['one', 'two']));
      expect(other).toEqual([]);
    });

    it('does not deliver across namespaces', async () => {
      const mine = await (await space()).open();
      const theirs = await (await space()).open();
      const got: string[] = [];
      await theirs.subscribe('news', (message) => got.push(message));
      const control: string[] = [];
      await mine.subscribe('news', (message) => control.push(message));
      await mine.publish('news', 'hello');
      await eventually(() => expect(control).toEqual(['hello']));
      expect(got).toEqual([]);
    });

    it('stops delivering after unsubscribe, and keeps the other handlers of the channel', async () => {
      const shared = await space();
      const publisher = await shared.open();
      const listener = await shared.open();
      const first: string[] = [];
      const second: string[] = [];
      const unsubscribeFirst = await listener.subscribe('ch', (message) => first.push(message));
      await listener.subscribe('ch', (message) => second.push(message));
      await publisher.publish('ch', 'before');
      await eventually(() => expect(second).toEqual(['before']));
      await unsubscribeFirst();
      await unsubscribeFirst();
      await publisher.publish('ch', 'after');
      await eventually(() => expect(second).toEqual(['before', 'after']));
      expect(first).toEqual(['before']);
    });

    it('answers ping, closes idempotently, and reports not alive after close', async () => {
      const cache = await (await space()).open();
      expect(await cache.ping()).toBe(true);
      await cache.close();
      await cache.close();
      expect(await cache.ping()).toBe(false);
    });
  });
}
