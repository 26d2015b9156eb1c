import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCacheContract } from '../../ports/cache/cache-contract.js';
import { createRedisCache } from './index.js';
import { startRedisServer, type TestRedisServer } from './redis-test-servers.js';

/**
 * Real Sentinel and Cluster deployments on spare ports, made from the machine's redis-server for this file and
 * removed after it. Every test prefix is fresh and each server is private, so nothing needs cleaning key by key.
 */
const run = promisify(execFile);
const servers: TestRedisServer[] = [];
let sentinelPort = 0;
const clusterPorts: number[] = [];

beforeAll(async () => {
  const master = await startRedisServer();
  servers.push(master);
  const sentinel = await startRedisServer([`sentinel monitor weftmaster 127.0.0.1 ${master.port} 1`, 'sentinel down-after-milliseconds weftmaster 2000'], { sentinel: true });
  servers.push(sentinel);
  sentinelPort = sentinel.port;

  const nodes = await Promise.all([0, 1, 2].map(() => startRedisServer(['cluster-enabled yes', 'cluster-config-file nodes.conf', 'cluster-node-timeout 2000'])));
  servers.push(...nodes);
  clusterPorts.push(...nodes.map((node) => node.port));
  await run('redis-cli', ['--cluster', 'create', ...clusterPorts.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
  const probe = new Redis(clusterPorts[0] ?? 0, '127.0.0.1');
  try {
    const deadline = Date.now() + 10_000;
    while (!String(await probe.cluster('INFO')).includes('cluster_state:ok')) {
      if (Date.now() > deadline) throw new Error('the test Redis Cluster did not reach cluster_state:ok');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    probe.disconnect();
  }
}, 30_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
});

const prefix = () => `weft-test:${randomBytes(6).toString('hex')}:`;

describeCacheContract('redis via sentinel', async () => {
  const keyPrefix = prefix();
  return { open: async () => createRedisCache({ sentinels: [{ host: '127.0.0.1', port: sentinelPort }], sentinelName: 'weftmaster', keyPrefix }), dispose: async () => undefined };
});

describeCacheContract('redis cluster', async () => {
  const keyPrefix = prefix();
  return { open: async () => createRedisCache({ clusterNodes: [{ host: '127.0.0.1', port: clusterPorts[0] ?? 0 }], keyPrefix }), dispose: async () => undefined };
});

describe('redis cluster keys', () => {
  it('spreads keys over several hash slots and still deletes them in one call', async () => {
    const cache = createRedisCache({ clusterNodes: clusterPorts.map((port) => ({ host: '127.0.0.1', port })), keyPrefix: prefix() });
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    for (const key of keys) await cache.set(key, key);
    const owners = new Set<number>();
    for (const port of clusterPorts) {
      const node = new Redis(port, '127.0.0.1');
      if ((await node.dbsize()) > 0) owners.add(port);
      node.disconnect();
    }
    expect(owners.size).toBeGreaterThan(1);
    await cache.delete(keys);
    for (const key of keys) expect(await cache.get(key)).toBeUndefined();
    await cache.close();
  });
});
