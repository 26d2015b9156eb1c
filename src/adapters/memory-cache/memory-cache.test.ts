import { describe, expect, it } from 'vitest';
import { describeCacheContract } from '../../ports/cache/cache-contract.js';
import { createMemoryCache, createMemoryCacheSpace } from './index.js';

describeCacheContract('memory', async () => {
  const space = createMemoryCacheSpace();
  return { open: async () => createMemoryCache({ space }), dispose: async () => undefined };
});

describe('memory cache', () => {
  it('sweeps expired entries once the map has grown, without reads', async () => {
    let now = 0;
    const space = createMemoryCacheSpace();
    const cache = createMemoryCache({ space, now: () => now });
    for (let i = 0; i < 1_000; i += 1) await cache.set(`old${i}`, 'v', 10);
    now = 100;
    for (let i = 0; i < 100; i += 1) await cache.set(`new${i}`, 'v');
    expect(space.entries.size).toBe(100);
  });

  it('drops the subscriptions of a closed cache only', async () => {
    const space = createMemoryCacheSpace();
    const a = createMemoryCache({ space });
    const b = createMemoryCache({ space });
    const got: string[] = [];
    await a.subscribe('ch', () => got.push('a'));
    await b.subscribe('ch', () => got.push('b'));
    await a.close();
    await b.publish('ch', 'x');
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual(['b']);
  });
});
