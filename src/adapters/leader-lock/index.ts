export { createInProcessLock, type InProcessLockTable } from './in-process.js';
export { createPostgresLock } from './postgres.js';
export { createRedisLock } from './redis.js';
export { openLeaderLock } from './open-leader-lock.js';
