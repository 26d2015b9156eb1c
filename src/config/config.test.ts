import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WeftError } from '../core/errors/index.js';
import { configVariables, loadConfig } from './config.js';

/** The list the unknown-variable message ends with (derived, so adding a setting does not break these tests). */
const known = configVariables.map((v) => v.env).join(', ');

function configError(env: Record<string, string | undefined>): WeftError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(WeftError);
    return error as WeftError;
  }
  throw new Error('expected loadConfig to throw');
}

/** Defaults of the storage settings, for a user whose home is `home`. */
function storeDefaults(home: string) {
  return {
    host: '127.0.0.1',
    port: 5678,
    trustProxy: false,
    shutdownTimeoutMs: 25_000,
    publicUrl: '',
    webhookResponseTimeoutMs: 30_000,
    webhookMaxBodyMb: 16,
    schedulerLockTtlMs: 30_000,
    schedulerResyncMs: 60_000,
    apiKeyCacheTtlMs: 10_000,
    httpAllowPrivate: false,
    httpAllowHosts: [],
    dataDir: join(home, '.weft'),
    databaseUrl: '',
    databaseReadUrls: [],
    databasePoolMax: 20,
    databasePoolMin: 0,
    databaseIdleTimeoutMs: 30_000,
    databaseConnectionTimeoutMs: 5_000,
    databaseStatementTimeoutMs: 30_000,
    encryptionKey: '',
    redisUrl: '',
    redisSentinels: [],
    redisSentinelName: 'mymaster',
    redisClusterNodes: [],
    redisKeyPrefix: 'weft:',
    redisConnectTimeoutMs: 2_000,
    redisCommandTimeoutMs: 1_000,
    cacheTtlMs: 300_000,
    databasePartitionDaysAhead: 7,
    databaseReplicaRetryMs: 5_000,
    sqliteBusyTimeoutMs: 5_000,
    saveDataOnSuccess: 'all',
    saveDataOnError: 'all',
    saveManualExecutions: true,
    saveExecutionProgress: true,
    checkpointFlushMs: 5,
    executionRetentionDays: 0,
    executionRetentionMaxCount: 0,
    cacheL1MaxEntries: 10_000,
    cacheL1MaxMb: 64,
    queueUrl: '',
    queuePrefix: 'weft',
    queueMaxDeliveries: 5,
    queueShards: 1,
    queueShardRanges: '',
    queueMessageTtlMs: 0,
    queuePublishTimeoutMs: 10_000,
    queueLeaseMs: 30_000,
    queueOrphanAfterMs: 300_000,
    engineConcurrency: 10,
    engineShards: 'all',
    workflowConcurrency: 0,
    waitParkThresholdMs: 65_000,
  };
}

describe('loadConfig', () => {
  const defaults = {
    logLevel: 'info',
    maxParallelNodes: 16,
    processNodeSlots: 256,
    maxNodeRuns: 100_000,
    executionTimeoutSeconds: 0,
    codeMemoryMb: 128,
    codeTimeoutMs: 10_000,
    codeProcesses: 0,
    defaultTimezone: 'America/New_York',
    expressionEnvAllow: [],
    ...storeDefaults(homedir()),
  };

  it('uses the defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual(defaults);
  });

  it('ignores variables that are not WEFT_ ones, and treats empty values as unset', () => {
    expect(loadConfig({ PATH: '/bin', HOME: '/root', weft_log_level: 'nope', WEFT_LOG_LEVEL: '', WEFT_MAX_PARALLEL_NODES: undefined })).toEqual({
      ...defaults,
      dataDir: '/root/.weft',
    });
  });

  it('reads valid overrides', () => {
    expect(
      loadConfig({
        WEFT_LOG_LEVEL: 'debug',
        WEFT_MAX_PARALLEL_NODES: '4',
        WEFT_PROCESS_NODE_SLOTS: '100000',
        WEFT_MAX_NODE_RUNS: '1',
        WEFT_EXECUTION_TIMEOUT: '30',
        WEFT_CODE_MEMORY_MB: '8',
        WEFT_CODE_TIMEOUT_MS: '3600000',
        WEFT_DEFAULT_TIMEZONE: 'Europe/Berlin',
        WEFT_EXPRESSION_ENV_ALLOW: 'API_URL, REGION,,  ',
      }),
    ).toEqual({
      logLevel: 'debug',
      maxParallelNodes: 4,
      processNodeSlots: 100_000,
      maxNodeRuns: 1,
      executionTimeoutSeconds: 30,
      codeMemoryMb: 8,
      codeTimeoutMs: 3_600_000,
      codeProcesses: 0,
      defaultTimezone: 'Europe/Berlin',
      expressionEnvAllow: ['API_URL', 'REGION'],
      ...storeDefaults(homedir()),
    });
  });

  it('reads the storage settings', () => {
    expect(
      loadConfig({
        HOME: '/home/ann',
        WEFT_DATABASE_URL: 'postgres://weft@db:5432/weft',
        WEFT_DATABASE_READ_URL: 'postgres://weft@replica1/weft, postgresql://weft@replica2/weft',
        WEFT_DATABASE_POOL_MAX: '50',
        WEFT_REDIS_SENTINELS: 's1:26379,s2:26379',
        WEFT_EXECUTION_RETENTION_DAYS: '30',
      }),
    ).toMatchObject({
      dataDir: '/home/ann/.weft',
      databaseUrl: 'postgres://weft@db:5432/weft',
      databaseReadUrls: ['postgres://weft@replica1/weft', 'postgresql://weft@replica2/weft'],
      databasePoolMax: 50,
      redisSentinels: ['s1:26379', 's2:26379'],
      executionRetentionDays: 30,
    });
  });

  it('rejects malformed storage settings, each named', () => {
    const error = configError({ WEFT_DATABASE_URL: 'mysql://x', WEFT_REDIS_URL: 'not a url', WEFT_REDIS_CLUSTER_NODES: 'a:1,b', WEFT_REDIS_SENTINELS: 'c:2' });
    expect(error.message).toContain('WEFT_DATABASE_URL must start with postgres:// or postgresql://, got "mysql://…"');
    expect(error.message).toContain('WEFT_REDIS_URL is not a URL');
    expect(error.message).toContain('WEFT_REDIS_CLUSTER_NODES must be comma-separated host:port pairs, got "b"');
  });

  it('reads saving modes and refuses other values', () => {
    expect(loadConfig({ WEFT_SAVE_DATA_ON_SUCCESS: 'none', WEFT_SAVE_EXECUTION_PROGRESS: 'false' })).toMatchObject({ saveDataOnSuccess: 'none', saveExecutionProgress: false });
    const error = configError({ WEFT_SAVE_DATA_ON_ERROR: 'some', WEFT_SAVE_MANUAL_EXECUTIONS: 'yes' });
    expect(error.message).toContain('WEFT_SAVE_DATA_ON_ERROR must be one of all, none, got "some"');
    expect(error.message).toContain('WEFT_SAVE_MANUAL_EXECUTIONS must be true or false, got "yes"');
  });

  it('reads the queue settings and checks shard rules against the shard count', () => {
    expect(
      loadConfig({ WEFT_QUEUE_URL: 'amqp://guest:guest@localhost:5672', WEFT_QUEUE_SHARDS: '4', WEFT_QUEUE_SHARD_RANGES: '..m=0', WEFT_ENGINE_SHARDS: '1-3', WEFT_ENGINE_CONCURRENCY: '32' }),
    ).toMatchObject({ queueUrl: 'amqp://guest:guest@localhost:5672', queueShards: 4, queueShardRanges: '..m=0', engineShards: '1-3', engineConcurrency: 32 });
    const error = configError({ WEFT_QUEUE_URL: 'redis://x', WEFT_QUEUE_PREFIX: 'has space', WEFT_QUEUE_SHARDS: '2', WEFT_QUEUE_SHARD_RANGES: '..m=3', WEFT_ENGINE_SHARDS: '0,5' });
    expect(error.message).toContain('WEFT_QUEUE_URL must start with amqp:// or amqps://');
    expect(error.message).toContain("WEFT_QUEUE_PREFIX may only hold letters, digits, '.', '_' and '-'");
    expect(error.message).toContain('WEFT_QUEUE_SHARD_RANGES: range "..m=3" names shard 3, but there are only 2 shards (0..1)');
    expect(error.message).toContain('WEFT_ENGINE_SHARDS: shard 5 does not exist: there are 2 shards (0..1)');
  });

  it('refuses Sentinel and Cluster together', () => {
    expect(configError({ WEFT_REDIS_SENTINELS: 'a:1', WEFT_REDIS_CLUSTER_NODES: 'b:2' }).message).toContain('exclude each other');
  });

  it('trims values', () => {
    expect(loadConfig({ WEFT_LOG_LEVEL: ' silent ', WEFT_MAX_PARALLEL_NODES: ' 8\n' })).toMatchObject({ logLevel: 'silent', maxParallelNodes: 8 });
  });

  it('accepts every log level', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      expect(loadConfig({ WEFT_LOG_LEVEL: level }).logLevel).toBe(level);
    }
  });

  it('rejects one invalid variable with its name, range and value', () => {
    const error = configError({ WEFT_MAX_PARALLEL_NODES: '0' });
    expect(error.code).toBe('WEFT_E_INVALID_CONFIG');
    expect(error.message).toBe('Invalid configuration:\n- WEFT_MAX_PARALLEL_NODES must be a whole number from 1 to 10000, got "0"');
  });

  it('reports every invalid variable at once', () => {
    const error = configError({
      WEFT_LOG_LEVEL: 'loud',
      WEFT_MAX_PARALLEL_NODES: '10001',
      WEFT_EXECUTION_TIMEOUT: '1.5',
      WEFT_CODE_MEMORY_MB: 'lots',
      WEFT_CODE_TIMEOUT_MS: '-5',
      WEFT_DEFAULT_TIMEZONE: 'Mars/Olympus',
    });
    const errors = [
      'WEFT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'WEFT_MAX_PARALLEL_NODES must be a whole number from 1 to 10000, got "10001"',
      'WEFT_EXECUTION_TIMEOUT must be a whole number from 0 to 31536000, got "1.5"',
      'WEFT_CODE_MEMORY_MB must be a whole number from 8 to 16384, got "lots"',
      'WEFT_CODE_TIMEOUT_MS must be a whole number from 10 to 3600000, got "-5"',
      'WEFT_DEFAULT_TIMEZONE must be an IANA time zone such as Europe/Berlin or UTC, got "Mars/Olympus"',
    ];
    expect(error.details).toEqual({ errors });
    expect(error.message).toBe(`Invalid configuration:\n- ${errors.join('\n- ')}`);
  });

  it('rejects an unknown WEFT_ variable, listing the known ones', () => {
    const error = configError({ WEFT_MAX_PARALEL_NODES: '4' });
    expect(error.code).toBe('WEFT_E_INVALID_CONFIG');
    expect(error.message).toBe(`Invalid configuration:\n- WEFT_MAX_PARALEL_NODES is not a Weft setting (known: ${known})`);
  });

  it('reports unknown and invalid variables together', () => {
    const error = configError({ WEFT_FOO: 'x', WEFT_LOG_LEVEL: 'loud', WEFT_BAR: '' });
    expect(error.details).toEqual({
      errors: [
        'WEFT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
        `WEFT_FOO is not a Weft setting (known: ${known})`,
        `WEFT_BAR is not a Weft setting (known: ${known})`,
      ],
    });
  });

  it('lists the known variables in their documented order', () => {
    expect(known).toMatch(/^WEFT_LOG_LEVEL, WEFT_MAX_PARALLEL_NODES, .*WEFT_EXPRESSION_ENV_ALLOW/);
  });

  it('documents every variable with its default', () => {
    expect(configVariables).toHaveLength(Object.keys(loadConfig({})).length);
    expect(configVariables).toEqual(expect.arrayContaining([
      { env: 'WEFT_LOG_LEVEL', fallback: 'info' },
      { env: 'WEFT_MAX_PARALLEL_NODES', fallback: 16 },
      { env: 'WEFT_PROCESS_NODE_SLOTS', fallback: 256 },
      { env: 'WEFT_MAX_NODE_RUNS', fallback: 100_000 },
      { env: 'WEFT_EXECUTION_TIMEOUT', fallback: 0 },
      { env: 'WEFT_CODE_MEMORY_MB', fallback: 128 },
      { env: 'WEFT_CODE_TIMEOUT_MS', fallback: 10_000 },
      { env: 'WEFT_DEFAULT_TIMEZONE', fallback: 'America/New_York' },
      { env: 'WEFT_EXPRESSION_ENV_ALLOW', fallback: [] },
    ]));
  });
});

describe('WEFT_TRUST_PROXY', () => {
  it('reads true, false, a hop count, or proxy addresses and ranges', () => {
    expect(loadConfig({ WEFT_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ WEFT_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    // A number is fastify's hop count, so "1" means one hop, not "true".
    expect(loadConfig({ WEFT_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ WEFT_TRUST_PROXY: ' 10.0.0.0/8, ::1 ,loopback,192.168.1.7' }).trustProxy).toEqual(['10.0.0.0/8', '::1', 'loopback', '192.168.1.7']);
  });

  it('refuses anything else, naming the variable and the bad entries', () => {
    for (const raw of ['yes', '10.0.0.0/33', '10.0.0.0/8, proxy.internal', '::1/129', '10.0.0.1/8/1', ',']) {
      const error = configError({ WEFT_TRUST_PROXY: raw });
      expect(error.code).toBe('WEFT_E_INVALID_CONFIG');
      expect(error.message).toContain('WEFT_TRUST_PROXY must be true, false, a hop count, or comma-separated proxy addresses');
    }
    expect(configError({ WEFT_TRUST_PROXY: '10.0.0.0/8, proxy.internal' }).message).toContain('"proxy.internal" is none of these');
    expect(configError({ WEFT_TRUST_PROXY: '101' }).message).toContain('WEFT_TRUST_PROXY must be a whole number from 0 to 100');
  });
});

describe('WEFT_QUEUE_ORPHAN_AFTER_MS', () => {
  it('reads 0 (never) or a time longer than the publish timeout', () => {
    expect(loadConfig({ WEFT_QUEUE_ORPHAN_AFTER_MS: '0' }).queueOrphanAfterMs).toBe(0);
    expect(loadConfig({ WEFT_QUEUE_ORPHAN_AFTER_MS: '600000' }).queueOrphanAfterMs).toBe(600_000);
    expect(loadConfig({ WEFT_QUEUE_ORPHAN_AFTER_MS: '1000', WEFT_QUEUE_PUBLISH_TIMEOUT_MS: '999' }).queueOrphanAfterMs).toBe(1_000);
  });

  it('refuses a time within the publish timeout (a job still being published would be queued twice), naming both settings', () => {
    const error = configError({ WEFT_QUEUE_ORPHAN_AFTER_MS: '5000' });
    expect(error.code).toBe('WEFT_E_INVALID_CONFIG');
    expect(error.message).toContain('WEFT_QUEUE_ORPHAN_AFTER_MS (5000) must be 0 or longer than WEFT_QUEUE_PUBLISH_TIMEOUT_MS (10000)');
    expect(configError({ WEFT_QUEUE_ORPHAN_AFTER_MS: '-1' }).message).toContain('WEFT_QUEUE_ORPHAN_AFTER_MS must be a whole number');
  });
});
