import type { ClusterOptions, RedisOptions } from 'ioredis';
import { WeftError } from '../../core/errors/index.js';

/** Where the Redis cache connects: one of a `redis://` URL, Sentinels, or Cluster seed nodes. */
export interface RedisCacheOptions {
  /** `redis://[user:pass@]host:port[/db]` or `rediss://` (TLS) for a single node. */
  readonly url?: string;
  /** Sentinels to ask for the master named `sentinelName`. */
  readonly sentinels?: ReadonlyArray<{ host: string; port: number }>;
  /** Sentinel master name (default `mymaster`). */
  readonly sentinelName?: string;
  /** Seed nodes of a Redis Cluster. */
  readonly clusterNodes?: ReadonlyArray<{ host: string; port: number }>;
  /** Put before every key and channel, so several deployments (or tests) share one Redis (default `weft:`). */
  readonly keyPrefix?: string;
  /** Connecting fails after this (default 2000 ms). */
  readonly connectTimeoutMs?: number;
  /** A command without reply fails after this, instead of hanging on a dead connection (default 1000 ms). */
  readonly commandTimeoutMs?: number;
}

/** The ioredis client to build: a single node (URL or Sentinel) or a Cluster. */
export type RedisConnectionPlan =
  | { readonly kind: 'single'; readonly url: string | undefined; readonly options: RedisOptions; readonly describe: string }
  | { readonly kind: 'sentinel'; readonly options: RedisOptions; readonly describe: string }
  | { readonly kind: 'cluster'; readonly nodes: Array<{ host: string; port: number }>; readonly options: ClusterOptions; readonly describe: string };

/** Reconnect back-off: 50 ms doubling to 2 s, so a restarted Redis is picked up within seconds. */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.max(0, attempt - 1), 2_000);
}

/**
 * Turns the cache options into ioredis options. Commands never wait in an offline queue (they fail at once while
 * Redis is down, so callers fall back to the database) and time out on a hung connection.
 *
 * @example
 * planRedisConnection({ sentinels: [{ host: 's1', port: 26379 }], sentinelName: 'cache' }).kind; // 'sentinel'
 */
export function planRedisConnection(options: RedisCacheOptions): RedisConnectionPlan {
  const modes = [options.url !== undefined && options.url !== '', (options.sentinels?.length ?? 0) > 0, (options.clusterNodes?.length ?? 0) > 0];
  const chosen = modes.filter(Boolean).length;
  if (chosen !== 1) {
    throw new WeftError(
      'WEFT_E_INVALID_CONFIG',
      chosen === 0
        ? 'The Redis cache needs a URL (WEFT_REDIS_URL), Sentinels (WEFT_REDIS_SENTINELS) or Cluster nodes (WEFT_REDIS_CLUSTER_NODES)'
        : 'The Redis cache takes exactly one of a URL, Sentinels or Cluster nodes',
      { url: modes[0], sentinels: modes[1], cluster: modes[2] },
    );
  }
  const connectTimeout = options.connectTimeoutMs ?? 2_000;
  const common: RedisOptions = {
    connectTimeout,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Subscriptions are renewed by the adapter itself on every 'ready', so it knows when messages may be lost.
    autoResubscribe: false,
    lazyConnect: true,
  };
  if (options.url !== undefined && options.url !== '') {
    return { kind: 'single', url: options.url, options: { ...common, retryStrategy: reconnectDelay }, describe: redactUrl(options.url) };
  }
  if (options.sentinels !== undefined && options.sentinels.length > 0) {
    const name = options.sentinelName ?? 'mymaster';
    return {
      kind: 'sentinel',
      options: {
        ...common,
        sentinels: options.sentinels.map(({ host, port }) => ({ host, port })),
        name,
        retryStrategy: reconnectDelay,
        sentinelRetryStrategy: reconnectDelay,
      },
      describe: `sentinel master ${name} via ${options.sentinels.map(({ host, port }) => `${host}:${port}`).join(',')}`,
    };
  }
  const nodes = (options.clusterNodes ?? []).map(({ host, port }) => ({ host, port }));
  const { enableOfflineQueue: _queue, retryStrategy: _retry, ...nodeOptions } = { ...common, retryStrategy: undefined };
  return {
    kind: 'cluster',
    nodes,
    options: {
      enableOfflineQueue: false,
      lazyConnect: true,
      clusterRetryStrategy: reconnectDelay,
      slotsRefreshTimeout: connectTimeout,
      redisOptions: nodeOptions,
    },
    describe: `cluster via ${nodes.map(({ host, port }) => `${host}:${port}`).join(',')}`,
  };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable Redis URL)';
  }
}
