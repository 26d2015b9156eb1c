import { join } from 'node:path';
import type { WeftConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { Cache } from '../ports/cache/types.js';
import { createCachedStore, type CachedStore } from './cached-store/index.js';
import { createMemoryCache } from './memory-cache/index.js';
import { createPostgresStore } from './postgres-store/index.js';
import { createRedisCache } from './redis-cache/index.js';
import { createSqliteStore } from './sqlite-store/index.js';
import { loadEncryptionKey } from './store-common/index.js';
import { startHistoryMaintenance } from '../runtime/maintenance/history-maintenance.js';

/** An opened store with its cache and background upkeep; `close()` stops all of it (idempotent). */
export interface OpenedStore {
  readonly store: CachedStore;
  readonly cache: Cache;
  /** `sqlite` (embedded) or `postgres` (server). */
  readonly kind: string;
  /** Where the data lives, safe to print (no password). */
  readonly location: string;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * Opens the store the configuration asks for — embedded SQLite in `WEFT_DATA_DIR` by default, PostgreSQL (with
 * replicas) when `WEFT_DATABASE_URL` is set — applies migrations, wraps it in the two-level cache (Redis when
 * configured), warms the cache, and starts the history upkeep (partitions ahead, retention, rollups).
 *
 * @example
 * const { store, close } = await openStore(loadConfig(process.env), logger);
 */
export async function openStore(config: WeftConfig, logger: Logger): Promise<OpenedStore> {
  const encryptionKey = loadEncryptionKey({ fromEnv: config.encryptionKey, keyFile: join(config.dataDir, 'encryption.key') });
  const postgres = config.databaseUrl !== '';
  const base = postgres
    ? await createPostgresStore({
        url: config.databaseUrl,
        readUrls: config.databaseReadUrls,
        encryptionKey,
        pool: {
          max: config.databasePoolMax,
          min: config.databasePoolMin,
          idleTimeoutMs: config.databaseIdleTimeoutMs,
          connectionTimeoutMs: config.databaseConnectionTimeoutMs,
          statementTimeoutMs: config.databaseStatementTimeoutMs,
        },
        partitionDaysAhead: config.databasePartitionDaysAhead,
        replicaRetryMs: config.databaseReplicaRetryMs,
      })
    : await createSqliteStore({ file: join(config.dataDir, 'weft.db'), encryptionKey, busyTimeoutMs: config.sqliteBusyTimeoutMs });
  const cache = createCache(config);
  const store = createCachedStore(base, {
    cache,
    l1: { maxEntries: config.cacheL1MaxEntries, maxBytes: config.cacheL1MaxMb * 1024 * 1024 },
    ttlMs: config.cacheTtlMs,
    logger,
  });
  await store.warm();
  const upkeep = startHistoryMaintenance(store, {
    prepareAheadMs: config.databasePartitionDaysAhead * DAY_MS,
    retention: {
      ...(config.executionRetentionDays > 0 ? { maxAgeMs: config.executionRetentionDays * DAY_MS } : {}),
      ...(config.executionRetentionMaxCount > 0 ? { maxCount: config.executionRetentionMaxCount } : {}),
    },
    logger,
  });
  const location = postgres ? redactUrl(config.databaseUrl) : join(config.dataDir, 'weft.db');
  logger.info({ store: base.kind, location, cache: cacheDescription(config) }, 'store opened');
  let closing: Promise<void> | undefined;
  return {
    store,
    cache,
    kind: base.kind,
    location,
    close: () =>
      (closing ??= (async () => {
        await upkeep.stop();
        await store.close();
        await cache.close();
      })()),
  };
}

function createCache(config: WeftConfig): Cache {
  const common = { keyPrefix: config.redisKeyPrefix, connectTimeoutMs: config.redisConnectTimeoutMs, commandTimeoutMs: config.redisCommandTimeoutMs };
  if (config.redisClusterNodes.length > 0) return createRedisCache({ ...common, clusterNodes: config.redisClusterNodes.map(hostPort) });
  if (config.redisSentinels.length > 0) {
    return createRedisCache({ ...common, sentinels: config.redisSentinels.map(hostPort), sentinelName: config.redisSentinelName });
  }
  if (config.redisUrl !== '') return createRedisCache({ ...common, url: config.redisUrl });
  return createMemoryCache();
}

function cacheDescription(config: WeftConfig): string {
  if (config.redisClusterNodes.length > 0) return 'redis cluster';
  if (config.redisSentinels.length > 0) return 'redis sentinel';
  return config.redisUrl !== '' ? 'redis' : 'in-process';
}

function hostPort(entry: string): { host: string; port: number } {
  const at = entry.lastIndexOf(':');
  return { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) };
}

/** The URL without its password, for logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
