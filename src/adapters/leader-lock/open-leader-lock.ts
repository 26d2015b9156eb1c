import type { WeftConfig } from '../../config/config.js';
import type { LeaderLock } from '../../ports/lock/types.js';
import { createInProcessLock } from './in-process.js';
import { createPostgresLock } from './postgres.js';
import { createRedisLock } from './redis.js';

/**
 * The LeaderLock matching the deployment: a PostgreSQL advisory lock when `databaseUrl` is set (orchestrators
 * share that database), else a Redis lease when `redisUrl` is set, else the in-process lock of the embedded setup.
 * Connects lazily, on the first `tryAcquire`.
 *
 * @example
 * const lock = openLeaderLock(loadConfig(process.env));
 */
export function openLeaderLock(config: Pick<WeftConfig, 'databaseUrl' | 'redisUrl'>): LeaderLock {
  if (config.databaseUrl !== '') return createPostgresLock({ url: config.databaseUrl });
  if (config.redisUrl !== '') return createRedisLock({ url: config.redisUrl });
  // Its own table: the embedded setup is one orchestrator, and two of them in one process (tests, tools) use
  // different stores, so they must not wait for each other's lock.
  return createInProcessLock({ table: new Map() });
}
