import type { RouteOptions } from 'fastify';
import fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeftError } from '../core/errors/index.js';
import { installErrorHandling } from './plugins/errors.js';
import { startTestServer, testKey, type TestServer } from './server.test-util.js';
import { buildServer } from './build-server.js';
import { createSilentLogger } from '../logging/logger.js';

const publicRoutes = new Set(['GET /healthz', 'GET /readyz', 'HEAD /healthz', 'HEAD /readyz']);
/** Webhook endpoints check the webhook node's own authentication instead of an API key. */
const isWebhookRoute = (url: string | undefined): boolean => url?.startsWith('/webhook/') === true || url?.startsWith('/webhook-test/') === true;

describe('auth', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => server.close());

  it('answers 401 on every registered route without a key, except health and readiness', async () => {
    const routes: Array<Pick<RouteOptions, 'method' | 'url'>> = [];
    const app = await buildServerCollecting(server, routes);
    const checked: string[] = [];
    for (const route of routes) {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        const url = route.url.replace(/:([A-Za-z]+)/g, 'some-$1');
        const key = `${method} ${route.url}`;
        const response = await app.inject({ method: method as 'GET', url });
        if (publicRoutes.has(key) || isWebhookRoute(route.url)) {
          expect(response.statusCode, key).not.toBe(401);
        } else {
          expect(response.statusCode, key).toBe(401);
          if (method !== 'HEAD') expect(response.json(), key).toMatchObject({ code: 'WEFT_E_UNAUTHORIZED' });
          checked.push(key);
        }
      }
    }
    await app.close();
    expect(checked).toEqual(expect.arrayContaining(['POST /api/v1/workflows', 'GET /api/v1/executions', 'POST /api/v1/credentials', 'GET /api/v1/openapi.json']));
    expect(checked.length).toBeGreaterThanOrEqual(17);
  });

  it('refuses a wrong key and accepts the right one', async () => {
    const wrong = await server.app.inject({ method: 'GET', url: '/api/v1/workflows', headers: { 'x-weft-api-key': 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain('nope');
    const right = await server.app.inject({ method: 'GET', url: '/api/v1/workflows', headers: { 'x-weft-api-key': testKey } });
    expect(right.statusCode).toBe(200);
  });
});

/** Builds the server with an onRoute hook registered before any route. */
async function buildServerCollecting(server: TestServer, routes: Array<Pick<RouteOptions, 'method' | 'url'>>) {
  const app = await buildServer({
    store: server.store,
    engine: server.engine,
    authenticate: async (value) => (value === testKey ? { id: 'k' } : undefined),
    logger: createSilentLogger(),
    onRoute: (route) => routes.push({ method: route.method, url: route.url }),
  });
  await app.ready();
  return app;
}

describe('errors', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => server.close());

  it('names the offending path of a schema violation', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/workflows', headers: server.auth, payload: { name: 5, nodes: [], connections: {} } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'WEFT_E_INVALID_ARGUMENT', message: 'body/name must be string' });
  });

  it('answers 404 WEFT_E_NOT_FOUND for unknown routes', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: server.auth });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'WEFT_E_NOT_FOUND' });
    // Without a key an unknown URL is a 401 like any API route, so route names cannot be probed anonymously.
    const anonymous = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('maps WeftError to its status and hides unexpected errors behind a generic 500', async () => {
    const app = fastify();
    installErrorHandling(app);
    app.get('/weft', async () => {
      throw new WeftError('WEFT_E_CONFLICT', 'taken', { path: 'x' });
    });
    app.get('/bug', async () => {
      throw new Error('secret internals at /srv/weft/file.ts:12');
    });
    const weft = await app.inject({ method: 'GET', url: '/weft' });
    expect(weft.statusCode).toBe(409);
    expect(weft.json()).toEqual({ code: 'WEFT_E_CONFLICT', message: 'taken', details: { path: 'x' } });
    const bug = await app.inject({ method: 'GET', url: '/bug' });
    expect(bug.statusCode).toBe(500);
    expect(bug.json()).toMatchObject({ code: 'WEFT_E_INTERNAL' });
    expect(bug.body).not.toContain('secret internals');
    expect(bug.body).not.toContain('file.ts');
    await app.close();
  });

  it('answers malformed JSON with 400', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/workflows',
      headers: { ...server.auth, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'WEFT_E_INVALID_ARGUMENT' });
  });
});

describe('openapi', () => {
  it('lists every route with its method', async () => {
    const server = await startTestServer();
    try {
      const routes: Array<Pick<RouteOptions, 'method' | 'url'>> = [];
      const app = await buildServerCollecting(server, routes);
      const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { 'x-weft-api-key': testKey } });
      expect(response.statusCode).toBe(200);
      const document = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(document.openapi).toMatch(/^3\./);
      let listed = 0;
      for (const route of routes) {
        if (route.url === '/api/v1/openapi.json' || isWebhookRoute(route.url)) continue;
        const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
        const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((method) => method !== 'HEAD');
        for (const method of methods) {
          expect(document.paths[path]?.[method.toLowerCase()], `${method} ${path}`).toBeDefined();
          listed += 1;
        }
      }
      expect(listed).toBeGreaterThanOrEqual(18);
      await app.close();
    } finally {
      await server.close();
    }
  });
});
