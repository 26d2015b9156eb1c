export { createCachedStore } from './cached-store.js';
export { measureCacheHitLatency, type CacheHitLatency } from './measure.js';
export type { CachedStore, CachedStoreOptions, CacheStats } from './types.js';
export type { CacheLogger } from './l2-guard.js';
