export { createMemoryCache, createMemoryCacheSpace, type MemoryCacheSpace } from './memory-cache.js';
