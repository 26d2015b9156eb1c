import type { Cache } from '../../ports/cache/types.js';
import type { Store } from '../../ports/store/types.js';
import { createCachedStore } from './cached-store.js';

/** Latency percentiles of cache hits, in microseconds. */
export interface CacheHitLatency {
  readonly l1: { readonly p50Us: number; readonly p99Us: number; readonly samples: number };
  readonly l2: { readonly p50Us: number; readonly p99Us: number; readonly samples: number } | undefined;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

async function timeReads(read: () => Promise<unknown>, samples: number): Promise<{ p50Us: number; p99Us: number; samples: number }> {
  const micros: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = process.hrtime.bigint();
    await read();
    micros.push(Number(process.hrtime.bigint() - started) / 1_000);
  }
  micros.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { p50Us: round(percentile(micros, 50)), p99Us: round(percentile(micros, 99)), samples };
}

/**
 * Measures the latency of `getWorkflow(workflowId)` served from L1, and (with `cache`) from L2 with L1 turned off,
 * for the store benchmark. Fails when a read was not the hit it was meant to be, so a figure never measures the
 * database by mistake. Does not close `store` or `cache`.
 *
 * @example
 * const { l1, l2 } = await measureCacheHitLatency({ store, cache: createRedisCache({ url }), workflowId });
 * console.log(`L1 p50 ${l1.p50Us} µs, L2 p99 ${l2?.p99Us} µs`);
 */
export async function measureCacheHitLatency(options: { store: Store; cache?: Cache; workflowId: string; samples?: number }): Promise<CacheHitLatency> {
  const samples = options.samples ?? 10_000;
  // The decorators below must not close the measured store when they are dropped.
  const borrowed = new Proxy(options.store, {
    get(target, property) {
      if (property === 'close') return async () => undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const withL1 = createCachedStore(borrowed, { cache: options.cache });
  if ((await withL1.getWorkflow(options.workflowId)) === undefined) throw new Error(`Workflow ${options.workflowId} does not exist: nothing to measure`);
  const l1 = await timeReads(() => withL1.getWorkflow(options.workflowId), samples);
  if (withL1.stats().l1.hits !== samples) throw new Error('Not every measured read was an L1 hit');
  await withL1.close();
  if (options.cache === undefined) return { l1, l2: undefined };

  const l2Only = createCachedStore(borrowed, { cache: options.cache, l1: { maxEntries: 0, maxBytes: 0 } });
  await l2Only.getWorkflow(options.workflowId);
  const before = l2Only.stats().l2.hits;
  const l2 = await timeReads(() => l2Only.getWorkflow(options.workflowId), samples);
  if (l2Only.stats().l2.hits - before !== samples) throw new Error('Not every measured read was an L2 hit (is the cache reachable?)');
  await l2Only.close();
  return { l1, l2 };
}
