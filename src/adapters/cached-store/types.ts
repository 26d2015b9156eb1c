import type { Cache } from '../../ports/cache/types.js';
import type { Store } from '../../ports/store/types.js';
import type { CacheLogger } from './l2-guard.js';

/** Hit and miss counters per level, for metrics. */
export interface CacheStats {
  readonly l1: { readonly hits: number; readonly misses: number; readonly entries: number; readonly bytes: number };
  /** `errors` counts failed L2 calls; `available` is false during an outage. */
  readonly l2: { readonly hits: number; readonly misses: number; readonly errors: number; readonly available: boolean };
  readonly invalidations: { readonly sent: number; readonly received: number };
}

export interface CachedStoreOptions {
  /** The shared L2 cache (Redis in server mode). Without it only the in-process L1 caches. Not closed by `close()`. */
  readonly cache?: Cache;
  /** Bounds of the in-process LRU (default 10,000 entries, 64 MB). `maxEntries: 0` turns L1 off. */
  readonly l1?: { readonly maxEntries: number; readonly maxBytes: number };
  /** How long an entry lives in L1 and L2 (default 5 minutes): bounds staleness if an invalidation is lost. */
  readonly ttlMs?: number;
  /** While L2 fails, it is tried again after this (default 1000 ms). */
  readonly retryAfterMs?: number;
  /** A write deletes its L2 keys again after this, against a concurrent reader refilling an old value (default 500 ms). */
  readonly redeleteAfterMs?: number;
  readonly logger?: CacheLogger;
  readonly now?: () => number;
}

/** A Store that caches, with its counters and start-up warming. */
export type CachedStore = Store & {
  /** Hit/miss counters per level. */
  stats(): CacheStats;
  /** Loads active workflows and webhook routes into the caches (call at start). */
  warm(): Promise<void>;
};
