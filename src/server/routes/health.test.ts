import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server.test-util.js';

describe('health routes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => server.close());

  it('answers liveness and readiness without a key', async () => {
    const live = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', store: 'up', queue: 'absent', cache: 'up' });
  });

  it('answers 503 naming the part that is down', async () => {
    server.cache.ping = async () => false;
    const cacheDown = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(cacheDown.statusCode).toBe(503);
    expect(cacheDown.json()).toEqual({ status: 'unavailable', store: 'up', queue: 'absent', cache: 'down' });

    server.store.health = async () => {
      throw new Error('connection refused');
    };
    const storeDown = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(storeDown.statusCode).toBe(503);
    expect(storeDown.json()).toMatchObject({ store: 'down' });
  });
});
