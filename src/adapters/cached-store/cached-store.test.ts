import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Cache } from '../../ports/cache/types.js';
import type { WorkflowDocument } from '../../core/model/types.js';
import { createMemoryCache, createMemoryCacheSpace } from '../memory-cache/index.js';
import { createRedisCache } from '../redis-cache/index.js';
import { removeKeysWithPrefix, startRedisServer } from '../redis-cache/redis-test-servers.js';
import { createCachedStore, measureCacheHitLatency, type CachedStore } from './index.js';
import { createSqliteStore } from '../sqlite-store/index.js';
import { countingStore } from './counting-store.js';

const definition = (marker: string): WorkflowDocument => ({ nodes: [], connections: {}, marker });
const closing: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  // Every item is closed even when one fails, so no server or connection outlives the test.
  const results = await Promise.allSettled(closing.splice(0).reverse().map((item) => item.close()));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
});
const track = <T extends { close(): Promise<void> }>(item: T): T => {
  closing.push(item);
  return item;
};
/** The real embedded store, in memory: closed by the caching store over it, or by the test teardown. */
const newStore = async () => track(await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) }));

/** A Cache that can be switched off, as a Redis outage looks to the caching store. */
function switchableCache(inner: Cache): Cache & { down: boolean } {
  const guard = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    if (switchable.down) throw new Error('connection refused');
    return call(...args);
  };
  const switchable: Cache & { down: boolean } = {
    down: false,
    get: guard((key) => inner.get(key)),
    set: guard((key, value, ttl) => inner.set(key, value, ttl)),
    delete: guard((keys) => inner.delete(keys)),
    publish: guard((channel, message) => inner.publish(channel, message)),
    subscribe: (channel, handler, onGap) => inner.subscribe(channel, handler, onGap),
    ping: async () => !switchable.down && (await inner.ping()),
    close: () => inner.close(),
  };
  return switchable;
}

describe('caching store over one process', () => {
  it('serves a workflow from L1 after the first read, as one shared frozen object that a caller cannot change', async () => {
    const { store, calls } = countingStore(await newStore());
    const cached = track(createCachedStore(store));
    const created = await cached.createWorkflow({ name: 'a', definition: definition('one') });
    const first = await cached.getWorkflow(created.id);
    expect(() => {
      if (first !== undefined) first.definition['marker'] = 'mutated by a caller';
    }).toThrow(TypeError);
    expect(() => first?.definition.nodes.push(first.definition.nodes[0]!)).toThrow(TypeError);
    const second = await cached.getWorkflow(created.id);
    expect(second).toBe(first);
    expect(second?.definition).toMatchObject({ marker: 'one' });
    expect(calls.get('getWorkflow')).toBe(1);
    expect(cached.stats().l1).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    expect(cached.stats().l1.bytes).toBeGreaterThan(0);
  });

  it('invalidates the current version on update and keeps old versions cached', async () => {
    const { store, calls } = countingStore(await newStore());
    const cached = track(createCachedStore(store));
    const { id } = await cached.createWorkflow({ name: 'a', definition: definition('v1') });
    await cached.getWorkflow(id);
    await cached.getWorkflow(id, { version: 1 });
    await cached.updateWorkflow(id, { definition: definition('v2') });
    expect((await cached.getWorkflow(id))?.definition).toMatchObject({ marker: 'v2' });
    expect((await cached.getWorkflow(id, { version: 1 }))?.definition).toMatchObject({ marker: 'v1' });
    // current: read, re-read after update; version 1: read once.
    expect(calls.get('getWorkflow')).toBe(3);
  });

  it('reads with strong consistency bypass the cache', async () => {
    const { store, calls } = countingStore(await newStore());
    const cached = track(createCachedStore(store));
    const { id } = await cached.createWorkflow({ name: 'a', definition: definition('v1') });
    await cached.getWorkflow(id);
    await cached.getWorkflow(id, { consistency: 'strong' });
    expect(calls.get('getWorkflow')).toBe(2);
  });

  it('drops the workflow, its versions and its routes on delete', async () => {
    const cached = track(createCachedStore(await newStore()));
    const { id } = await cached.createWorkflow({ name: 'a', definition: definition('v1') });
    await cached.setWebhooks(id, [{ workflowId: id, nodeName: 'Webhook', method: 'GET', path: 'hook' }]);
    await cached.getWorkflow(id);
    await cached.getWorkflow(id, { version: 1 });
    expect(await cached.findWebhook('GET', 'hook')).toMatchObject({ workflowId: id });
    expect(await cached.deleteWorkflow(id)).toBe(true);
    expect(await cached.getWorkflow(id)).toBeUndefined();
    expect(await cached.getWorkflow(id, { version: 1 })).toBeUndefined();
    expect(await cached.findWebhook('GET', 'hook')).toBeUndefined();
    expect(await cached.listWebhooks()).toEqual([]);
  });

  it('caches webhook lookups, misses included, until routes change', async () => {
    const { store, calls } = countingStore(await newStore());
    const cached = track(createCachedStore(store));
    const { id } = await cached.createWorkflow({ name: 'a', definition: definition('v1') });
    expect(await cached.findWebhook('GET', 'users/42')).toBeUndefined();
    expect(await cached.findWebhook('GET', 'users/42')).toBeUndefined();
    expect(calls.get('findWebhook')).toBe(1);
    await cached.setWebhooks(id, [{ workflowId: id, nodeName: 'Webhook', method: 'GET', path: 'users/42' }]);
    expect(await cached.findWebhook('GET', 'users/42')).toMatchObject({ workflowId: id, path: 'users/42' });
    expect(await cached.listWebhooks()).toHaveLength(1);
    expect(await cached.listWebhooks()).toHaveLength(1);
    expect(calls.get('listWebhooks')).toBe(1);
    await cached.removeWebhooks(id);
    expect(await cached.listWebhooks()).toEqual([]);
    expect(await cached.findWebhook('GET', 'users/42')).toBeUndefined();
  });

  it('caches credential metadata, never the secret data', async () => {
    const space = createMemoryCacheSpace();
    const { store, calls } = countingStore(await newStore());
    const cached = track(createCachedStore(store, { cache: track(createMemoryCache({ space })) }));
    const { id } = await cached.createCredential({ name: 'api', type: 'httpBasicAuth', data: { password: 'hunter2-secret' } });
    await cached.getCredential(id);
    await cached.getCredential(id);
    expect(await cached.getCredentialData(id)).toEqual({ password: 'hunter2-secret' });
    expect(await cached.getCredentialData(id)).toEqual({ password: 'hunter2-secret' });
    expect(calls.get('getCredential')).toBe(1);
    expect(calls.get('getCredentialData')).toBe(2);
    expect(JSON.stringify([...space.entries.values()])).not.toContain('hunter2');
    await cached.updateCredential(id, { name: 'renamed' });
    expect((await cached.getCredential(id))?.name).toBe('renamed');
    await cached.deleteCredential(id);
    expect(await cached.getCredential(id)).toBeUndefined();
  });

  it('bounds L1 by entries and by bytes', async () => {
    const byCount = track(createCachedStore(await newStore(), { l1: { maxEntries: 3, maxBytes: 1_000_000 } }));
    for (let i = 0; i < 10; i += 1) {
      const { id } = await byCount.createWorkflow({ name: `w${i}`, definition: definition('x') });
      await byCount.getWorkflow(id);
    }
    expect(byCount.stats().l1.entries).toBe(3);
    const bySize = track(createCachedStore(await newStore(), { l1: { maxEntries: 1_000, maxBytes: 20_000 } }));
    for (let i = 0; i < 10; i += 1) {
      const { id } = await bySize.createWorkflow({ name: `w${i}`, definition: definition('x'.repeat(3_000)) });
      await bySize.getWorkflow(id);
    }
    expect(bySize.stats().l1.bytes).toBeLessThanOrEqual(20_000);
    expect(bySize.stats().l1.entries).toBeLessThan(10);
  });

  it('passes claims and shard pins through to the store; deleting the workflow through it drops the pin', async () => {
    const { store, calls } = countingStore(await newStore());
    const cached = track(createCachedStore(store));
    const workflow = await cached.createWorkflow({ name: 'queued', definition: definition('q') });
    const execution = await cached.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger' });
    expect(await cached.claimExecution(execution.id, { worker: 'w1', concurrencyLimit: 1 })).toMatchObject({ claimed: true, execution: { attempt: 2, worker: 'w1' } });
    expect(await cached.claimExecution(execution.id, { worker: 'w2' })).toMatchObject({ claimed: true, execution: { attempt: 3, worker: 'w2' } });
    expect(await cached.pinWorkflowShard(workflow.id, 4)).toBe(4);
    expect(await cached.pinWorkflowShard(workflow.id, 9)).toBe(4);
    expect(calls.get('claimExecution')).toBe(2);
    expect(calls.get('pinWorkflowShard')).toBe(2);
    expect(await cached.deleteWorkflow(workflow.id)).toBe(true);
    expect(await cached.pinWorkflowShard(workflow.id, 9)).toBe(9);
  });

  it('warms active workflows and routes, so the first reads are hits', async () => {
    const { store, calls } = countingStore(await newStore());
    const base = createCachedStore(store);
    const active = await base.createWorkflow({ name: 'on', definition: definition('x'), active: true });
    await base.createWorkflow({ name: 'off', definition: definition('y') });
    await base.setWebhooks(active.id, [{ workflowId: active.id, nodeName: 'Webhook', method: 'POST', path: 'in' }]);
    const cached = track(createCachedStore(store));
    await cached.warm();
    const before = calls.get('getWorkflow');
    await cached.getWorkflow(active.id);
    await cached.listWebhooks();
    expect(calls.get('getWorkflow')).toBe(before);
    expect(calls.get('listWebhooks')).toBe(1);
    expect(cached.stats().l1.hits).toBe(2);
  });
});

describe('caching store when L2 fails', () => {
  it('falls back to the store, writes still succeed, warns once per outage, and replays invalidations after', async () => {
    const space = createMemoryCacheSpace();
    const shared = await newStore();
    const cache = switchableCache(track(createMemoryCache({ space })));
    const warnings: string[] = [];
    const infos: string[] = [];
    let now = 0;
    const logger = { warn: (_: object, msg: string) => void warnings.push(msg), info: (_: object, msg: string) => void infos.push(msg) };
    const a = track(createCachedStore(shared, { cache, logger, now: () => now, retryAfterMs: 1_000 }));
    const b = track(createCachedStore(shared, { cache: track(createMemoryCache({ space })) }));
    const { id } = await a.createWorkflow({ name: 'a', definition: definition('v1') });
    await a.getWorkflow(id);
    await b.getWorkflow(id);

    cache.down = true;
    await a.updateWorkflow(id, { definition: definition('v2') });
    await a.updateWorkflow(id, { definition: definition('v3') });
    const { id: other } = await a.createWorkflow({ name: 'b', definition: definition('z') });
    for (let i = 0; i < 5; i += 1) expect((await a.getWorkflow(other))?.name).toBe('b');
    expect((await a.getWorkflow(id))?.definition).toMatchObject({ marker: 'v3' });
    expect(warnings).toEqual(['L2 cache unavailable; reading from the database until it is back']);
    expect(a.stats().l2).toMatchObject({ available: false });
    expect(a.stats().l2.errors).toBeGreaterThan(0);

    cache.down = false;
    now += 1_000;
    // The next L2 use replays the missed deletes and tells everyone to drop their L1.
    await a.getCredential('none');
    expect(infos).toEqual(['L2 cache is reachable again; resumed caching through it']);
    expect(a.stats().l2.available).toBe(true);
    await expect.poll(async () => (await b.getWorkflow(id))?.definition).toMatchObject({ marker: 'v3' });
    expect(warnings).toHaveLength(1);
  });

  it('drops its whole L1 when the subscription reports a gap', async () => {
    const space = createMemoryCacheSpace();
    const inner = createMemoryCache({ space });
    let gap: (() => void) | undefined;
    const cache: Cache = { ...inner, subscribe: async (channel, handler, onGap) => ((gap = onGap), inner.subscribe(channel, handler)) };
    const cached = track(createCachedStore(await newStore(), { cache }));
    await cached.warm();
    const { id } = await cached.createWorkflow({ name: 'a', definition: definition('v1') });
    await cached.getWorkflow(id);
    expect(cached.stats().l1.entries).toBe(2);
    gap?.();
    expect(cached.stats().l1.entries).toBe(0);
  });
});

describe('caching store over a real Redis that goes down', () => {
  it('keeps answering from the store while Redis is killed, warns once, and uses Redis again after restart', async () => {
    const server = await startRedisServer();
    track({ close: () => server.stop() });
    const warnings: string[] = [];
    const cache = track(createRedisCache({ url: `redis://127.0.0.1:${server.port}`, connectTimeoutMs: 500, commandTimeoutMs: 300 }));
    const cached = track(createCachedStore(await newStore(), { cache, retryAfterMs: 50, l1: { maxEntries: 0, maxBytes: 0 }, logger: { warn: (_: object, msg: string) => void warnings.push(msg) } }));
    const { id } = await cached.createWorkflow({ name: 'a', definition: definition('v1') });
    await cached.getWorkflow(id);
    await cached.getWorkflow(id);
    expect(cached.stats().l2.hits).toBe(1);

    await server.kill();
    const started = Date.now();
    for (let i = 0; i < 20; i += 1) {
      expect((await cached.getWorkflow(id))?.name).toBe(i === 0 ? 'a' : 'b');
      if (i === 0) await cached.updateWorkflow(id, { name: 'b' });
    }
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(warnings).toHaveLength(1);

    await server.restart();
    await expect.poll(async () => (await cached.getWorkflow(id), cached.stats().l2.available), { timeout: 10_000 }).toBe(true);
    const hits = cached.stats().l2.hits;
    await cached.getWorkflow(id);
    await cached.getWorkflow(id);
    expect(cached.stats().l2.hits).toBeGreaterThan(hits);
    expect((await cached.getWorkflow(id))?.name).toBe('b');
    expect(warnings).toHaveLength(1);
  });
});

describe('caching stores of two processes', () => {
  const redisUrl = process.env.WEFT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const keyPrefix = `weft-test:${process.pid}:${randomBytes(6).toString('hex')}:`;
  afterAll(() => removeKeysWithPrefix(redisUrl, keyPrefix));
  const shapes: Array<[string, () => Cache]> = [
    ['an in-memory cache space', (() => {
      const space = createMemoryCacheSpace();
      return () => createMemoryCache({ space });
    })()],
    ['the real Redis', () => createRedisCache({ url: redisUrl, keyPrefix })],
  ];

  it.each(shapes)('see each other\'s writes on the next read, over %s', async (_name, makeCache) => {
    const shared = await newStore();
    const one: CachedStore = track(createCachedStore(shared, { cache: track(makeCache()) }));
    const two: CachedStore = track(createCachedStore(shared, { cache: track(makeCache()) }));
    await one.warm();
    await two.warm();
    const { id } = await one.createWorkflow({ name: 'a', definition: definition('v1') });
    const credential = await one.createCredential({ name: 'c', type: 't', data: {} });
    expect((await two.getWorkflow(id))?.definition).toMatchObject({ marker: 'v1' });
    expect((await one.getWorkflow(id))?.definition).toMatchObject({ marker: 'v1' });
    expect(one.stats().l2.hits + one.stats().l1.hits).toBeGreaterThan(0);
    await two.getCredential(credential.id);
    await two.findWebhook('GET', 'p');

    await one.updateWorkflow(id, { definition: definition('v2') });
    await one.updateCredential(credential.id, { name: 'renamed' });
    await one.setWebhooks(id, [{ workflowId: id, nodeName: 'Webhook', method: 'GET', path: 'p' }]);
    await expect.poll(() => two.stats().invalidations.received).toBe(3);
    expect((await two.getWorkflow(id))?.definition).toMatchObject({ marker: 'v2' });
    expect((await two.getCredential(credential.id))?.name).toBe('renamed');
    expect(await two.findWebhook('GET', 'p')).toMatchObject({ workflowId: id });
    expect(one.stats().invalidations.sent).toBe(3);
  });
});

describe('cache hit latency', () => {
  it('measures L1 and L2 hits in microseconds', async () => {
    const store = await newStore();
    const cache = track(createMemoryCache());
    const { id } = await store.createWorkflow({ name: 'a', definition: definition('x') });
    const result = await measureCacheHitLatency({ store, cache, workflowId: id, samples: 200 });
    expect(result.l1.samples).toBe(200);
    expect(result.l1.p50Us).toBeGreaterThan(0);
    expect(result.l1.p99Us).toBeGreaterThanOrEqual(result.l1.p50Us);
    expect(result.l2?.p99Us).toBeGreaterThanOrEqual(result.l2?.p50Us ?? Infinity);
    await expect(measureCacheHitLatency({ store, workflowId: 'missing', samples: 10 })).rejects.toThrow(/missing/);
  });
});
