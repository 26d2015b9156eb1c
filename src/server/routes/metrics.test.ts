import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../adapters/memory-cache/index.js';
import { createSqliteQueue } from '../../adapters/sqlite-queue/index.js';
import { createSqliteStore } from '../../adapters/sqlite-store/index.js';
import { createSilentLogger } from '../../logging/logger.js';
import { createMetricsRegistry } from '../../runtime/metrics/registry.js';
import { createWorkerMetrics } from '../../runtime/worker/worker-metrics.js';
import { buildEngineServer } from '../build-engine-server.js';

const key = 'weft_metrics_test_key';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function engineServer() {
  const store = await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
  const queue = await createSqliteQueue({ file: ':memory:', maxDeliveries: 3 });
  const registry = createMetricsRegistry({ role: 'engine' });
  const metrics = createWorkerMetrics(registry, { running: () => 2, depth: (name) => queue.depth(name), queues: ['executions.0'] });
  const app = await buildEngineServer({ store, queue, cache: createMemoryCache(), authenticate: async (value) => (value === key ? { id: 'k' } : undefined), logger: createSilentLogger(), metrics: registry });
  cleanups.push(async () => {
    await app.close();
    await queue.close();
    await store.close();
  });
  return { app, queue, metrics };
}

describe('engine HTTP surface', () => {
  it('serves health and readiness (store, queue, cache) without a key', async () => {
    const { app, queue } = await engineServer();
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', store: 'up', queue: 'up', cache: 'up' });
    queue.health = async () => false;
    const down = await app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'unavailable', queue: 'down' });
  });

  it('serves Prometheus metrics only with an API key, as a header or a bearer token', async () => {
    const { app, queue, metrics } = await engineServer();
    await queue.declare('executions.0');
    await queue.publish('executions.0', { id: 'j1', body: {} });
    metrics.jobDone('ran', 12);
    metrics.jobDone('failed', 3);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    const scraped = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${key}` } });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.headers['content-type']).toMatch(/^text\/plain/);
    expect(scraped.body).toContain('weft_engine_jobs_total{outcome="ran",role="engine"} 1');
    expect(scraped.body).toContain('weft_engine_jobs_total{outcome="failed",role="engine"} 1');
    expect(scraped.body).toContain('weft_engine_executions_running{role="engine"} 2');
    expect(scraped.body).toContain('weft_queue_depth{queue="executions.0",role="engine"} 1');
    expect(scraped.body).toContain('weft_process_cpu_user_seconds_total');
    const withHeader = await app.inject({ method: 'GET', url: '/metrics', headers: { 'x-weft-api-key': key } });
    expect(withHeader.statusCode).toBe(200);
  });
});
