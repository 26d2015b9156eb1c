import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { WeftError } from '../core/errors/index.js';
import { parseShardRanges, parseShardSet } from '../core/sharding/index.js';
import { logLevels, type LogLevel } from '../logging/logger.js';

/**
 * Weft's settings. This file is the one place where every `WEFT_*` environment variable is defined, documented
 * and validated; the README's configuration table mirrors it.
 */
export interface WeftConfig {
  /** WEFT_LOG_LEVEL: fatal|error|warn|info|debug|trace|silent (default info). */
  readonly logLevel: LogLevel;
  /** WEFT_MAX_PARALLEL_NODES: nodes of one execution running at once (default 16). */
  readonly maxParallelNodes: number;
  /** WEFT_PROCESS_NODE_SLOTS: nodes running at once across all executions of the process (default 256). */
  readonly processNodeSlots: number;
  /** WEFT_MAX_NODE_RUNS: node runs one execution may make before it is stopped as a runaway loop (default 100000). */
  readonly maxNodeRuns: number;
  /** WEFT_EXECUTION_TIMEOUT: seconds an execution may take; 0 = no limit (default 0). */
  readonly executionTimeoutSeconds: number;
  /** WEFT_CODE_MEMORY_MB: memory limit of one Code node sandbox in MB (default 128). */
  readonly codeMemoryMb: number;
  /** WEFT_CODE_TIMEOUT_MS: time limit of one Code node run in ms (default 10000). */
  readonly codeTimeoutMs: number;
  /**
   * WEFT_CODE_PROCESSES: child processes that run user code (Code nodes, sort code, Merge SQL); a crash of one (a
   * memory bomb) fails that node only (default 0 = min(2, CPU cores)).
   */
  readonly codeProcesses: number;
  /** WEFT_DEFAULT_TIMEZONE: IANA time zone of workflows whose settings name none (default America/New_York, as n8n). */
  readonly defaultTimezone: string;
  /** WEFT_EXPRESSION_ENV_ALLOW: comma-separated environment variable names `$env` may read (default none: `$env` is refused). */
  readonly expressionEnvAllow: readonly string[];
  /** WEFT_HOST: address the HTTP server binds (default 127.0.0.1: only this machine can connect). */
  readonly host: string;
  /** WEFT_PORT: port of the HTTP server (default 5678, as n8n). */
  readonly port: number;
  /**
   * WEFT_TRUST_PROXY: which reverse proxies' `X-Forwarded-For` / `-Proto` / `-Host` are believed for the client's
   * address (webhook IP allowlists, logs) and the request URL: `false` (default), `true` (any), a hop count, or
   * addresses and CIDR ranges (`loopback`, `linklocal`, `uniquelocal` allowed), as fastify's `trustProxy`.
   */
  readonly trustProxy: TrustProxy;
  /** WEFT_SHUTDOWN_TIMEOUT_MS: on SIGTERM, how long running executions get to finish before they are canceled (default 25000). */
  readonly shutdownTimeoutMs: number;
  /** WEFT_PUBLIC_URL: the server's public base URL, used in links Weft hands out (error workflow data); default none. */
  readonly publicUrl: string;
  /** WEFT_WEBHOOK_RESPONSE_TIMEOUT_MS: how long a webhook caller waits for the workflow's answer (lastNode / responseNode; default 30000). */
  readonly webhookResponseTimeoutMs: number;
  /** WEFT_WEBHOOK_MAX_BODY_MB: largest webhook request body in MB, after decompression; bigger ones get 413 (default 16). */
  readonly webhookMaxBodyMb: number;
  /** WEFT_SCHEDULER_LOCK_TTL_MS: lifetime of the schedule leader's lock; a dead leader is replaced within it (default 30000). */
  readonly schedulerLockTtlMs: number;
  /** WEFT_SCHEDULER_RESYNC_MS: how often the schedule leader re-reads the active workflows (default 60000). */
  readonly schedulerResyncMs: number;
  /** WEFT_API_KEY_CACHE_TTL_MS: how long an API key lookup is cached (so how long a key deleted by another process still works; default 10000). */
  readonly apiKeyCacheTtlMs: number;
  /** WEFT_HTTP_ALLOW_PRIVATE: let HTTP Request nodes call loopback, private and link-local addresses (default false). */
  readonly httpAllowPrivate: boolean;
  /** WEFT_HTTP_ALLOW_HOSTS: comma-separated host names HTTP Request nodes may call even when they resolve to private addresses. */
  readonly httpAllowHosts: readonly string[];
  /** WEFT_DATA_DIR: folder of the embedded database (`weft.db`) and the generated encryption key file (default ~/.weft). */
  readonly dataDir: string;
  /** WEFT_DATABASE_URL: `postgres://…` switches the store to PostgreSQL; empty = embedded SQLite (default). */
  readonly databaseUrl: string;
  /** WEFT_DATABASE_READ_URL: comma-separated PostgreSQL replica URLs for listing and reporting reads (default none). */
  readonly databaseReadUrls: readonly string[];
  /** WEFT_DATABASE_POOL_MAX: most connections per pool (default 20). */
  readonly databasePoolMax: number;
  /** WEFT_DATABASE_POOL_MIN: connections kept open when idle (default 0). */
  readonly databasePoolMin: number;
  /** WEFT_DATABASE_IDLE_TIMEOUT_MS: an idle connection is closed after this (default 30000). */
  readonly databaseIdleTimeoutMs: number;
  /** WEFT_DATABASE_CONNECTION_TIMEOUT_MS: connecting fails after this, so callers fail fast while the database is down (default 5000). */
  readonly databaseConnectionTimeoutMs: number;
  /** WEFT_DATABASE_STATEMENT_TIMEOUT_MS: a statement is cancelled after this (default 30000). */
  readonly databaseStatementTimeoutMs: number;
  /** WEFT_ENCRYPTION_KEY: 32-byte credential key (64 hex chars or base64); default: the key file `<dataDir>/encryption.key`, created on first start. */
  readonly encryptionKey: string;
  /** WEFT_REDIS_URL: `redis://…` enables the shared L2 cache and cross-process invalidation (default none: in-process cache only). */
  readonly redisUrl: string;
  /** WEFT_REDIS_SENTINELS: comma-separated `host:port` of Redis Sentinels (with WEFT_REDIS_SENTINEL_NAME) instead of WEFT_REDIS_URL. */
  readonly redisSentinels: readonly string[];
  /** WEFT_REDIS_SENTINEL_NAME: the Sentinel master name (default mymaster). */
  readonly redisSentinelName: string;
  /** WEFT_REDIS_CLUSTER_NODES: comma-separated `host:port` seed nodes of a Redis Cluster instead of WEFT_REDIS_URL. */
  readonly redisClusterNodes: readonly string[];
  /** WEFT_REDIS_KEY_PREFIX: prefix of every Weft key in Redis, so several deployments can share one Redis (default weft:). */
  readonly redisKeyPrefix: string;
  /** WEFT_REDIS_CONNECT_TIMEOUT_MS: how long the first connection to Redis may take (default 2000). */
  readonly redisConnectTimeoutMs: number;
  /** WEFT_REDIS_COMMAND_TIMEOUT_MS: a Redis command fails after this, so reads fall back to the database quickly (default 1000). */
  readonly redisCommandTimeoutMs: number;
  /** WEFT_CACHE_TTL_MS: how long cached entries live before they are read again from the database (default 300000). */
  readonly cacheTtlMs: number;
  /** WEFT_DATABASE_PARTITION_DAYS_AHEAD: daily execution partitions PostgreSQL keeps ready ahead of today (default 7). */
  readonly databasePartitionDaysAhead: number;
  /** WEFT_DATABASE_REPLICA_RETRY_MS: a replica that failed is skipped this long before it is tried again (default 5000). */
  readonly databaseReplicaRetryMs: number;
  /** WEFT_SQLITE_BUSY_TIMEOUT_MS: how long an embedded-store write waits for another process's lock (default 5000). */
  readonly sqliteBusyTimeoutMs: number;
  /** WEFT_SAVE_DATA_ON_SUCCESS: all|none — keep run data of successful executions unless the workflow says otherwise (default all). */
  readonly saveDataOnSuccess: 'all' | 'none';
  /** WEFT_SAVE_DATA_ON_ERROR: all|none — keep run data of failed executions unless the workflow says otherwise (default all). */
  readonly saveDataOnError: 'all' | 'none';
  /** WEFT_SAVE_MANUAL_EXECUTIONS: keep manual executions unless the workflow says otherwise (default true). */
  readonly saveManualExecutions: boolean;
  /**
   * WEFT_SAVE_EXECUTION_PROGRESS: checkpoint every finished node unless the workflow says otherwise (default true; n8n's
   * default is false, but crash-resume needs the checkpoints).
   */
  readonly saveExecutionProgress: boolean;
  /** WEFT_CHECKPOINT_FLUSH_MS: most time a finished node's checkpoint waits to be written with others (default 5). */
  readonly checkpointFlushMs: number;
  /** WEFT_EXECUTION_RETENTION_DAYS: executions older than this are removed in the background; 0 = keep (default 0). */
  readonly executionRetentionDays: number;
  /** WEFT_EXECUTION_RETENTION_MAX_COUNT: only the newest this many executions are kept; 0 = no limit (default 0). */
  readonly executionRetentionMaxCount: number;
  /** WEFT_CACHE_L1_MAX_ENTRIES: entries of the in-process cache (default 10000). */
  readonly cacheL1MaxEntries: number;
  /** WEFT_CACHE_L1_MAX_MB: memory bound of the in-process cache in MB (default 64). */
  readonly cacheL1MaxMb: number;
  /** WEFT_QUEUE_URL: `amqp://…` puts executions on RabbitMQ; empty = the embedded durable queue `<dataDir>/queue.db` (default). */
  readonly queueUrl: string;
  /** WEFT_QUEUE_PREFIX: prefix of Weft's RabbitMQ exchanges and queues, so deployments can share a broker (default weft). */
  readonly queuePrefix: string;
  /** WEFT_QUEUE_MAX_DELIVERIES: deliveries of one job before it is dead-lettered and its execution marked failed (default 5). */
  readonly queueMaxDeliveries: number;
  /** WEFT_QUEUE_SHARDS: number of shard queues executions are spread over by workflow (default 1). */
  readonly queueShards: number;
  /** WEFT_QUEUE_SHARD_RANGES: range rules `from..to=shard` on workflow ids, checked before hashing (default none). */
  readonly queueShardRanges: string;
  /** WEFT_QUEUE_MESSAGE_TTL_MS: a queued execution not started within this is dead-lettered and marked failed; 0 = no limit (default 0). */
  readonly queueMessageTtlMs: number;
  /** WEFT_QUEUE_PUBLISH_TIMEOUT_MS: how long enqueueing waits for the queue to confirm before the request fails with 503 (default 10000). */
  readonly queuePublishTimeoutMs: number;
  /** WEFT_QUEUE_LEASE_MS: embedded queue: a job held by a process that died is handed out again after this (default 30000). */
  readonly queueLeaseMs: number;
  /**
   * WEFT_QUEUE_ORPHAN_AFTER_MS: an execution still `new` this long after it was recorded is taken for one whose job
   * was never published (the orchestrator died in between) and queued again; 0 = never (default 300000).
   */
  readonly queueOrphanAfterMs: number;
  /** WEFT_ENGINE_CONCURRENCY: executions one engine runs at once (= its queue prefetch); `weft engine --concurrency` overrides (default 10). */
  readonly engineConcurrency: number;
  /** WEFT_ENGINE_SHARDS: shards this engine takes jobs from: `all` or e.g. `0,2-3` (default all). */
  readonly engineShards: string;
  /** WEFT_WORKFLOW_CONCURRENCY: executions of one workflow running at once, the rest wait in order; 0 = no limit (default 0; a workflow's `settings.weftConcurrencyLimit` wins). */
  readonly workflowConcurrency: number;
  /** WEFT_WAIT_PARK_THRESHOLD_MS: Wait nodes longer than this leave the engine (execution `waiting`, resumed by a delayed job) instead of sleeping in memory (default 65000, as n8n). */
  readonly waitParkThresholdMs: number;
}

/**
 * WEFT_TRUST_PROXY parsed: trust no proxy / every proxy, the nearest `n` hops, or the proxies at these addresses
 * and CIDR ranges.
 */
export type TrustProxy = boolean | number | readonly string[];

interface Setting<K extends keyof WeftConfig> {
  readonly key: K;
  readonly env: string;
  readonly parse: (raw: string, env: string) => WeftConfig[K];
  readonly fallback: WeftConfig[K];
}

const integer = (min: number, max: number) => (raw: string, env: string): number => {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} must be a whole number from ${min} to ${max}, got "${raw}"`, { env });
  }
  return value;
};

const list = (raw: string): string[] => raw.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);

const urlWithScheme = (schemes: readonly string[]) => (raw: string, env: string): string => {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} is not a URL (expected ${schemes.map((s) => `${s}//…`).join(' or ')})`, { env });
  }
  if (!schemes.includes(parsed.protocol)) {
    throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} must start with ${schemes.map((s) => `${s}//`).join(' or ')}, got "${parsed.protocol}//…"`, { env });
  }
  return raw;
};

const hostPorts = (raw: string, env: string): string[] => {
  const entries = list(raw);
  for (const entry of entries) {
    if (!/^[^\s:]+:\d{1,5}$/.test(entry)) throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} must be comma-separated host:port pairs, got "${entry}"`, { env });
  }
  return entries;
};

const oneOf = <T extends string>(values: readonly T[]) => (raw: string, env: string): T => {
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} must be one of ${values.join(', ')}, got "${raw}"`, { env });
};

const boolean = (raw: string, env: string): boolean => {
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} must be true or false, got "${raw}"`, { env });
};

/** proxy-addr's names for address ranges, accepted in WEFT_TRUST_PROXY like fastify does. */
const namedRanges = ['loopback', 'linklocal', 'uniquelocal'];

const trustProxy = (raw: string, env: string): TrustProxy => {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  // A bare number is a hop count (fastify's meaning), so "1" is one hop, not "true".
  if (/^\d+$/.test(raw)) return integer(0, 100)(raw, env);
  const entries = list(raw);
  const invalid = entries.filter((entry) => !namedRanges.includes(entry) && !isAddressOrRange(entry));
  if (entries.length === 0 || invalid.length > 0) {
    throw new WeftError(
      'WEFT_E_INVALID_CONFIG',
      `${env} must be true, false, a hop count, or comma-separated proxy addresses and CIDR ranges (e.g. 10.0.0.0/8, ::1, loopback); "${invalid.join('", "') || raw}" is none of these`,
      { env },
    );
  }
  return entries;
};

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** A name safe inside RabbitMQ exchange and queue names. */
const resourceName = (raw: string, env: string): string => {
  if (/^[A-Za-z0-9_.-]{1,100}$/.test(raw)) return raw;
  throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} may only hold letters, digits, '.', '_' and '-' (1 to 100 of them), got "${raw}"`, { env });
};

const settings = [
  {
    key: 'logLevel',
    env: 'WEFT_LOG_LEVEL',
    fallback: 'info',
    parse: (raw: string, env: string): LogLevel => {
      if ((logLevels as readonly string[]).includes(raw)) return raw as LogLevel;
      throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} must be one of ${logLevels.join(', ')}, got "${raw}"`, { env });
    },
  } satisfies Setting<'logLevel'>,
  { key: 'maxParallelNodes', env: 'WEFT_MAX_PARALLEL_NODES', fallback: 16, parse: integer(1, 10_000) } satisfies Setting<'maxParallelNodes'>,
  { key: 'processNodeSlots', env: 'WEFT_PROCESS_NODE_SLOTS', fallback: 256, parse: integer(1, 100_000) } satisfies Setting<'processNodeSlots'>,
  { key: 'maxNodeRuns', env: 'WEFT_MAX_NODE_RUNS', fallback: 100_000, parse: integer(1, 100_000_000) } satisfies Setting<'maxNodeRuns'>,
  { key: 'executionTimeoutSeconds', env: 'WEFT_EXECUTION_TIMEOUT', fallback: 0, parse: integer(0, 31_536_000) } satisfies Setting<'executionTimeoutSeconds'>,
  { key: 'codeMemoryMb', env: 'WEFT_CODE_MEMORY_MB', fallback: 128, parse: integer(8, 16_384) } satisfies Setting<'codeMemoryMb'>,
  { key: 'codeTimeoutMs', env: 'WEFT_CODE_TIMEOUT_MS', fallback: 10_000, parse: integer(10, 3_600_000) } satisfies Setting<'codeTimeoutMs'>,
  { key: 'codeProcesses', env: 'WEFT_CODE_PROCESSES', fallback: 0, parse: integer(0, 256) } satisfies Setting<'codeProcesses'>,
  {
    key: 'defaultTimezone',
    env: 'WEFT_DEFAULT_TIMEZONE',
    fallback: 'America/New_York',
    parse: (raw: string, env: string): string => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: raw });
        return raw;
      } catch {
        throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} must be an IANA time zone such as Europe/Berlin or UTC, got "${raw}"`, { env });
      }
    },
  } satisfies Setting<'defaultTimezone'>,
  {
    key: 'expressionEnvAllow',
    env: 'WEFT_EXPRESSION_ENV_ALLOW',
    fallback: [],
    parse: (raw: string) => list(raw),
  } satisfies Setting<'expressionEnvAllow'>,
  { key: 'host', env: 'WEFT_HOST', fallback: '127.0.0.1', parse: (raw: string) => raw } satisfies Setting<'host'>,
  { key: 'port', env: 'WEFT_PORT', fallback: 5678, parse: integer(0, 65_535) } satisfies Setting<'port'>,
  { key: 'trustProxy', env: 'WEFT_TRUST_PROXY', fallback: false, parse: trustProxy } satisfies Setting<'trustProxy'>,
  { key: 'shutdownTimeoutMs', env: 'WEFT_SHUTDOWN_TIMEOUT_MS', fallback: 25_000, parse: integer(0, 3_600_000) } satisfies Setting<'shutdownTimeoutMs'>,
  { key: 'publicUrl', env: 'WEFT_PUBLIC_URL', fallback: '', parse: urlWithScheme(['http:', 'https:']) } satisfies Setting<'publicUrl'>,
  { key: 'webhookResponseTimeoutMs', env: 'WEFT_WEBHOOK_RESPONSE_TIMEOUT_MS', fallback: 30_000, parse: integer(100, 3_600_000) } satisfies Setting<'webhookResponseTimeoutMs'>,
  { key: 'webhookMaxBodyMb', env: 'WEFT_WEBHOOK_MAX_BODY_MB', fallback: 16, parse: integer(1, 1_024) } satisfies Setting<'webhookMaxBodyMb'>,
  { key: 'schedulerLockTtlMs', env: 'WEFT_SCHEDULER_LOCK_TTL_MS', fallback: 30_000, parse: integer(1_000, 3_600_000) } satisfies Setting<'schedulerLockTtlMs'>,
  { key: 'schedulerResyncMs', env: 'WEFT_SCHEDULER_RESYNC_MS', fallback: 60_000, parse: integer(1_000, 86_400_000) } satisfies Setting<'schedulerResyncMs'>,
  { key: 'apiKeyCacheTtlMs', env: 'WEFT_API_KEY_CACHE_TTL_MS', fallback: 10_000, parse: integer(0, 3_600_000) } satisfies Setting<'apiKeyCacheTtlMs'>,
  { key: 'httpAllowPrivate', env: 'WEFT_HTTP_ALLOW_PRIVATE', fallback: false, parse: boolean } satisfies Setting<'httpAllowPrivate'>,
  { key: 'httpAllowHosts', env: 'WEFT_HTTP_ALLOW_HOSTS', fallback: [], parse: (raw: string) => list(raw) } satisfies Setting<'httpAllowHosts'>,
  { key: 'dataDir', env: 'WEFT_DATA_DIR', fallback: '', parse: (raw: string) => raw } satisfies Setting<'dataDir'>,
  { key: 'databaseUrl', env: 'WEFT_DATABASE_URL', fallback: '', parse: urlWithScheme(['postgres:', 'postgresql:']) } satisfies Setting<'databaseUrl'>,
  {
    key: 'databaseReadUrls',
    env: 'WEFT_DATABASE_READ_URL',
    fallback: [],
    parse: (raw: string, env: string) => list(raw).map((url) => urlWithScheme(['postgres:', 'postgresql:'])(url, env)),
  } satisfies Setting<'databaseReadUrls'>,
  { key: 'databasePoolMax', env: 'WEFT_DATABASE_POOL_MAX', fallback: 20, parse: integer(1, 1000) } satisfies Setting<'databasePoolMax'>,
  { key: 'databasePoolMin', env: 'WEFT_DATABASE_POOL_MIN', fallback: 0, parse: integer(0, 1000) } satisfies Setting<'databasePoolMin'>,
  { key: 'databaseIdleTimeoutMs', env: 'WEFT_DATABASE_IDLE_TIMEOUT_MS', fallback: 30_000, parse: integer(0, 86_400_000) } satisfies Setting<'databaseIdleTimeoutMs'>,
  { key: 'databaseConnectionTimeoutMs', env: 'WEFT_DATABASE_CONNECTION_TIMEOUT_MS', fallback: 5_000, parse: integer(100, 600_000) } satisfies Setting<'databaseConnectionTimeoutMs'>,
  { key: 'databaseStatementTimeoutMs', env: 'WEFT_DATABASE_STATEMENT_TIMEOUT_MS', fallback: 30_000, parse: integer(0, 86_400_000) } satisfies Setting<'databaseStatementTimeoutMs'>,
  { key: 'encryptionKey', env: 'WEFT_ENCRYPTION_KEY', fallback: '', parse: (raw: string) => raw } satisfies Setting<'encryptionKey'>,
  { key: 'redisUrl', env: 'WEFT_REDIS_URL', fallback: '', parse: urlWithScheme(['redis:', 'rediss:']) } satisfies Setting<'redisUrl'>,
  { key: 'redisSentinels', env: 'WEFT_REDIS_SENTINELS', fallback: [], parse: hostPorts } satisfies Setting<'redisSentinels'>,
  { key: 'redisSentinelName', env: 'WEFT_REDIS_SENTINEL_NAME', fallback: 'mymaster', parse: (raw: string) => raw } satisfies Setting<'redisSentinelName'>,
  { key: 'redisClusterNodes', env: 'WEFT_REDIS_CLUSTER_NODES', fallback: [], parse: hostPorts } satisfies Setting<'redisClusterNodes'>,
  { key: 'redisKeyPrefix', env: 'WEFT_REDIS_KEY_PREFIX', fallback: 'weft:', parse: (raw: string) => raw } satisfies Setting<'redisKeyPrefix'>,
  { key: 'redisConnectTimeoutMs', env: 'WEFT_REDIS_CONNECT_TIMEOUT_MS', fallback: 2_000, parse: integer(100, 600_000) } satisfies Setting<'redisConnectTimeoutMs'>,
  { key: 'redisCommandTimeoutMs', env: 'WEFT_REDIS_COMMAND_TIMEOUT_MS', fallback: 1_000, parse: integer(10, 600_000) } satisfies Setting<'redisCommandTimeoutMs'>,
  { key: 'cacheTtlMs', env: 'WEFT_CACHE_TTL_MS', fallback: 300_000, parse: integer(1_000, 604_800_000) } satisfies Setting<'cacheTtlMs'>,
  { key: 'databasePartitionDaysAhead', env: 'WEFT_DATABASE_PARTITION_DAYS_AHEAD', fallback: 7, parse: integer(1, 366) } satisfies Setting<'databasePartitionDaysAhead'>,
  { key: 'databaseReplicaRetryMs', env: 'WEFT_DATABASE_REPLICA_RETRY_MS', fallback: 5_000, parse: integer(100, 3_600_000) } satisfies Setting<'databaseReplicaRetryMs'>,
  { key: 'sqliteBusyTimeoutMs', env: 'WEFT_SQLITE_BUSY_TIMEOUT_MS', fallback: 5_000, parse: integer(0, 600_000) } satisfies Setting<'sqliteBusyTimeoutMs'>,
  { key: 'saveDataOnSuccess', env: 'WEFT_SAVE_DATA_ON_SUCCESS', fallback: 'all', parse: oneOf(['all', 'none'] as const) } satisfies Setting<'saveDataOnSuccess'>,
  { key: 'saveDataOnError', env: 'WEFT_SAVE_DATA_ON_ERROR', fallback: 'all', parse: oneOf(['all', 'none'] as const) } satisfies Setting<'saveDataOnError'>,
  { key: 'saveManualExecutions', env: 'WEFT_SAVE_MANUAL_EXECUTIONS', fallback: true, parse: boolean } satisfies Setting<'saveManualExecutions'>,
  { key: 'saveExecutionProgress', env: 'WEFT_SAVE_EXECUTION_PROGRESS', fallback: true, parse: boolean } satisfies Setting<'saveExecutionProgress'>,
  { key: 'checkpointFlushMs', env: 'WEFT_CHECKPOINT_FLUSH_MS', fallback: 5, parse: integer(0, 60_000) } satisfies Setting<'checkpointFlushMs'>,
  { key: 'executionRetentionDays', env: 'WEFT_EXECUTION_RETENTION_DAYS', fallback: 0, parse: integer(0, 36_500) } satisfies Setting<'executionRetentionDays'>,
  { key: 'executionRetentionMaxCount', env: 'WEFT_EXECUTION_RETENTION_MAX_COUNT', fallback: 0, parse: integer(0, 1_000_000_000) } satisfies Setting<'executionRetentionMaxCount'>,
  { key: 'cacheL1MaxEntries', env: 'WEFT_CACHE_L1_MAX_ENTRIES', fallback: 10_000, parse: integer(1, 10_000_000) } satisfies Setting<'cacheL1MaxEntries'>,
  { key: 'cacheL1MaxMb', env: 'WEFT_CACHE_L1_MAX_MB', fallback: 64, parse: integer(1, 65_536) } satisfies Setting<'cacheL1MaxMb'>,
  { key: 'queueUrl', env: 'WEFT_QUEUE_URL', fallback: '', parse: urlWithScheme(['amqp:', 'amqps:']) } satisfies Setting<'queueUrl'>,
  { key: 'queuePrefix', env: 'WEFT_QUEUE_PREFIX', fallback: 'weft', parse: resourceName } satisfies Setting<'queuePrefix'>,
  { key: 'queueMaxDeliveries', env: 'WEFT_QUEUE_MAX_DELIVERIES', fallback: 5, parse: integer(1, 1_000) } satisfies Setting<'queueMaxDeliveries'>,
  { key: 'queueShards', env: 'WEFT_QUEUE_SHARDS', fallback: 1, parse: integer(1, 1_024) } satisfies Setting<'queueShards'>,
  { key: 'queueShardRanges', env: 'WEFT_QUEUE_SHARD_RANGES', fallback: '', parse: (raw: string) => raw } satisfies Setting<'queueShardRanges'>,
  { key: 'queueMessageTtlMs', env: 'WEFT_QUEUE_MESSAGE_TTL_MS', fallback: 0, parse: integer(0, 2_147_483_647) } satisfies Setting<'queueMessageTtlMs'>,
  { key: 'queuePublishTimeoutMs', env: 'WEFT_QUEUE_PUBLISH_TIMEOUT_MS', fallback: 10_000, parse: integer(100, 600_000) } satisfies Setting<'queuePublishTimeoutMs'>,
  { key: 'queueLeaseMs', env: 'WEFT_QUEUE_LEASE_MS', fallback: 30_000, parse: integer(300, 3_600_000) } satisfies Setting<'queueLeaseMs'>,
  { key: 'queueOrphanAfterMs', env: 'WEFT_QUEUE_ORPHAN_AFTER_MS', fallback: 300_000, parse: integer(0, 86_400_000) } satisfies Setting<'queueOrphanAfterMs'>,
  { key: 'engineConcurrency', env: 'WEFT_ENGINE_CONCURRENCY', fallback: 10, parse: integer(1, 10_000) } satisfies Setting<'engineConcurrency'>,
  { key: 'engineShards', env: 'WEFT_ENGINE_SHARDS', fallback: 'all', parse: (raw: string) => raw } satisfies Setting<'engineShards'>,
  { key: 'workflowConcurrency', env: 'WEFT_WORKFLOW_CONCURRENCY', fallback: 0, parse: integer(0, 100_000) } satisfies Setting<'workflowConcurrency'>,
  { key: 'waitParkThresholdMs', env: 'WEFT_WAIT_PARK_THRESHOLD_MS', fallback: 65_000, parse: integer(0, 2_147_483_647) } satisfies Setting<'waitParkThresholdMs'>,
] as const;

/** Every documented variable with its default, for `weft --help` and the README. */
export const configVariables: ReadonlyArray<{ env: string; fallback: unknown }> = settings.map((s) => ({ env: s.env, fallback: s.fallback }));

/**
 * Reads and validates the configuration from environment variables. Every invalid variable is reported at once.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): WeftConfig {
  const errors: string[] = [];
  const config: Record<string, unknown> = {};
  for (const setting of settings) {
    const raw = env[setting.env]?.trim();
    if (raw === undefined || raw === '') {
      config[setting.key] = setting.fallback;
      continue;
    }
    try {
      config[setting.key] = setting.parse(raw, setting.env);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  const unknown = Object.keys(env).filter((name) => name.startsWith('WEFT_') && !settings.some((s) => s.env === name));
  for (const name of unknown) errors.push(`${name} is not a Weft setting (known: ${settings.map((s) => s.env).join(', ')})`);
  const sentinels = config.redisSentinels as string[] | undefined;
  const clusterNodes = config.redisClusterNodes as string[] | undefined;
  if ((sentinels?.length ?? 0) > 0 && (clusterNodes?.length ?? 0) > 0) {
    errors.push('WEFT_REDIS_SENTINELS and WEFT_REDIS_CLUSTER_NODES exclude each other: pick Sentinel or Cluster');
  }
  const shards = config.queueShards as number | undefined;
  if (shards !== undefined) {
    const ranges = config.queueShardRanges as string | undefined;
    try {
      if (ranges) parseShardRanges(ranges, shards);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    const subscribed = parseShardSet((config.engineShards as string | undefined) ?? 'all', shards);
    if ('error' in subscribed) errors.push(`WEFT_ENGINE_SHARDS: ${subscribed.error}`);
  }
  const orphanAfterMs = config.queueOrphanAfterMs as number | undefined;
  const publishTimeoutMs = config.queuePublishTimeoutMs as number | undefined;
  if (orphanAfterMs !== undefined && publishTimeoutMs !== undefined && orphanAfterMs > 0 && orphanAfterMs <= publishTimeoutMs) {
    // A row younger than the publish timeout may still be waiting for its first publish: queueing it again would
    // only make a duplicate.
    errors.push(`WEFT_QUEUE_ORPHAN_AFTER_MS (${orphanAfterMs}) must be 0 or longer than WEFT_QUEUE_PUBLISH_TIMEOUT_MS (${publishTimeoutMs})`);
  }
  if (errors.length > 0) {
    throw new WeftError('WEFT_E_INVALID_CONFIG', `Invalid configuration:\n- ${errors.join('\n- ')}`, { errors });
  }
  // The data folder defaults to ~/.weft of the user running Weft.
  if (config.dataDir === '') config.dataDir = join(env.HOME ?? homedir(), '.weft');
  return config as unknown as WeftConfig;
}
