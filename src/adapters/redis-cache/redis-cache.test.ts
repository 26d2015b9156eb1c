import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCacheContract } from '../../ports/cache/cache-contract.js';
import { WeftError } from '../../core/errors/index.js';
import { createRedisCache, planRedisConnection, reconnectDelay } from './index.js';
import { freePort, removeKeysWithPrefix, startRedisServer } from './redis-test-servers.js';

const sharedUrl = process.env.WEFT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const removePrefix = (prefix: string) => removeKeysWithPrefix(sharedUrl, prefix);

const uniquePrefix = () => `weft-test:${process.pid}:${randomBytes(6).toString('hex')}:`;

describeCacheContract('redis single node', async () => {
  const keyPrefix = uniquePrefix();
  return { open: async () => createRedisCache({ url: sharedUrl, keyPrefix }), dispose: () => removePrefix(keyPrefix) };
});

describe('redis connection plan', () => {
  it('builds a single-node client from a URL, with no offline queue and a command timeout', () => {
    const plan = planRedisConnection({ url: 'redis://:secret@cache:6380/2', commandTimeoutMs: 300, connectTimeoutMs: 900 });
    expect(plan.kind).toBe('single');
    expect(plan.describe).not.toContain('secret');
    expect(plan.options).toMatchObject({ enableOfflineQueue: false, commandTimeout: 300, connectTimeout: 900, maxRetriesPerRequest: 0, autoResubscribe: false });
    expect(plan.kind === 'single' && plan.url).toBe('redis://:secret@cache:6380/2');
  });

  it('builds a Sentinel client asking for the named master', () => {
    const plan = planRedisConnection({ sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }], sentinelName: 'cache' });
    expect(plan.kind).toBe('sentinel');
    expect(plan.options).toMatchObject({ name: 'cache', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }], enableOfflineQueue: false });
    expect(planRedisConnection({ sentinels: [{ host: 's1', port: 26379 }] }).options).toMatchObject({ name: 'mymaster' });
  });

  it('builds a Cluster client from seed nodes, with per-node timeouts', () => {
    const plan = planRedisConnection({ clusterNodes: [{ host: 'n1', port: 7000 }, { host: 'n2', port: 7001 }], commandTimeoutMs: 250 });
    expect(plan.kind).toBe('cluster');
    if (plan.kind !== 'cluster') return;
    expect(plan.nodes).toEqual([{ host: 'n1', port: 7000 }, { host: 'n2', port: 7001 }]);
    expect(plan.options).toMatchObject({ enableOfflineQueue: false, redisOptions: { commandTimeout: 250, autoResubscribe: false } });
    expect(plan.options.redisOptions).not.toHaveProperty('enableOfflineQueue');
    expect(typeof plan.options.clusterRetryStrategy).toBe('function');
  });

  it('refuses no target and more than one target', () => {
    expect(() => planRedisConnection({})).toThrow(WeftError);
    expect(() => planRedisConnection({ url: 'redis://a', clusterNodes: [{ host: 'b', port: 1 }] })).toThrow(/exactly one/);
  });

  it('backs off exponentially up to two seconds', () => {
    expect([1, 2, 3, 10, 100].map(reconnectDelay)).toEqual([50, 100, 200, 2_000, 2_000]);
  });
});

describe('redis cache while Redis is down', () => {
  const servers: Array<{ stop(): Promise<void> }> = [];
  const caches: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const cache of caches) await cache.close();
    for (const server of servers) await server.stop();
  });

  it('fails commands with WEFT_E_STORE_UNAVAILABLE within the connect timeout when Redis never answered', async () => {
    const cache = createRedisCache({ url: `redis://127.0.0.1:${await freePort()}`, connectTimeoutMs: 300 });
    caches.push(cache);
    const started = Date.now();
    await expect(cache.get('k')).rejects.toMatchObject({ code: 'WEFT_E_STORE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await cache.ping()).toBe(false);
    await cache.close();
  });

  it('fails fast during an outage, keeps subscriptions, and recovers by itself, reporting the gap', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const url = `redis://127.0.0.1:${server.port}`;
    const cache = createRedisCache({ url, keyPrefix: 'w:' });
    const peer = createRedisCache({ url, keyPrefix: 'w:' });
    caches.push(cache, peer);
    const messages: string[] = [];
    let gaps = 0;
    await cache.subscribe('inv', (message) => messages.push(message), () => (gaps += 1));
    await cache.set('k', 'v');
    expect(await cache.get('k')).toBe('v');

    await server.kill();
    await expect.poll(() => cache.ping(), { timeout: 3_000 }).toBe(false);
    const started = Date.now();
    await expect(cache.get('k')).rejects.toMatchObject({ code: 'WEFT_E_STORE_UNAVAILABLE' });
    await expect(cache.set('k', 'w')).rejects.toMatchObject({ code: 'WEFT_E_STORE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(200);
    const unsubscribeLate = await cache.subscribe('late', (message) => messages.push(`late:${message}`));
    expect(typeof unsubscribeLate).toBe('function');

    await server.restart();
    await expect.poll(() => cache.ping(), { timeout: 5_000 }).toBe(true);
    await expect.poll(() => gaps, { timeout: 5_000 }).toBe(1);
    await expect.poll(() => peer.ping(), { timeout: 5_000 }).toBe(true);
    await peer.publish('inv', 'after');
    await peer.publish('late', 'hello');
    await expect.poll(() => [...messages].sort(), { timeout: 3_000 }).toEqual(['after', 'late:hello']);
    await cache.close();
    await peer.close();
  });
});
