import { measureCacheHitLatency, type CacheHitLatency } from '../../src/adapters/cached-store/measure.js';
import { createRedisCache } from '../../src/adapters/redis-cache/index.js';
import type { Store } from '../../src/ports/store/index.js';

/**
 * Cache-hit latency of `getWorkflow` (L1 in-process LRU; L2 Redis when `redisUrl` answers), next to the same
 * read from the store itself, so the ratio shows what the cache saves.
 */
export async function measureCache(store: Store, workflowId: string, redisUrl: string | undefined): Promise<{ hits: CacheHitLatency; storeP50Us: number; storeP99Us: number; l2Note: string | undefined }> {
  const cache = redisUrl === undefined ? undefined : createRedisCache({ url: redisUrl, keyPrefix: `weft-bench-${process.pid}:` });
  let l2Note: string | undefined;
  try {
    const reachable = cache !== undefined && (await cache.ping());
    if (cache !== undefined && !reachable) l2Note = `Redis at ${redisUrl ?? ''} did not answer: L2 not measured`;
    const hits = await measureCacheHitLatency({ store, cache: reachable ? cache : undefined, workflowId, samples: 10_000 });
    const micros: number[] = [];
    for (let index = 0; index < 2_000; index++) {
      const started = process.hrtime.bigint();
      await store.getWorkflow(workflowId);
      micros.push(Number(process.hrtime.bigint() - started) / 1_000);
    }
    micros.sort((a, b) => a - b);
    return { hits, storeP50Us: micros[Math.floor(micros.length * 0.5)]!, storeP99Us: micros[Math.floor(micros.length * 0.99)]!, l2Note };
  } finally {
    await cache?.close();
  }
}
