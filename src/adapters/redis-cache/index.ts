export { createRedisCache } from './redis-cache.js';
export { planRedisConnection, reconnectDelay, type RedisCacheOptions, type RedisConnectionPlan } from './connection-options.js';
