import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActive, createSaved, hookFlow, noOp, startWebhookHarness, type WebhookHarness } from './test-support.js';

let h: WebhookHarness;
beforeEach(async () => {
  h = await startWebhookHarness();
});
afterEach(async () => h.close());

const browser = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

describe('CORS', () => {
  it('answers a preflight with the path\'s methods, the allowed origin, the requested headers and a cache time', async () => {
    await createActive(h.app, hookFlow({ path: 'cors', httpMethod: 'POST', options: { allowedOrigins: 'https://a.example, https://b.example' } }, [noOp]));
    const preflight = await h.app.inject({
      method: 'OPTIONS',
      url: '/webhook/cors',
      headers: { origin: 'https://b.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-token' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://b.example');
    expect(preflight.headers['access-control-allow-methods']).toBe('OPTIONS, POST');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type, x-token');
    expect(preflight.headers['access-control-max-age']).toBe('300');

    const stranger = await h.app.inject({ method: 'OPTIONS', url: '/webhook/cors', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(stranger.statusCode).toBe(204);
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sets the origin on answers only when it is allowed; without the option every origin is', async () => {
    await createActive(h.app, hookFlow({ path: 'only-a', httpMethod: 'POST', options: { allowedOrigins: 'https://a.example' } }, [noOp]));
    const allowed = await h.app.inject({ method: 'POST', url: '/webhook/only-a', headers: { origin: 'https://a.example' }, payload: {} });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://a.example');
    expect(allowed.headers['vary']).toContain('Origin');
    const other = await h.app.inject({ method: 'POST', url: '/webhook/only-a', headers: { origin: 'https://c.example' }, payload: {} });
    expect(other.statusCode).toBe(202);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    await createActive(h.app, hookFlow({ path: 'anyone' }, [{ ...noOp, id: 'n2' }]));
    const any = await h.app.inject({ method: 'GET', url: '/webhook/anyone', headers: { origin: 'https://c.example' } });
    expect(any.headers['access-control-allow-origin']).toBe('https://c.example');
  });

  it('a preflight for a path without webhooks is 404, also on test URLs', async () => {
    expect((await h.app.inject({ method: 'OPTIONS', url: '/webhook/nowhere', headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' } })).statusCode).toBe(404);
    await createSaved(h.app, hookFlow({ path: 'trying', httpMethod: 'PUT' }, [noOp]));
    const test = await h.app.inject({ method: 'OPTIONS', url: '/webhook-test/trying', headers: { origin: 'https://a.example', 'access-control-request-method': 'PUT' } });
    expect(test.statusCode).toBe(204);
    expect(test.headers['access-control-allow-methods']).toBe('OPTIONS, PUT');
  });
});

describe('IP allowlist and bots', () => {
  it('refuses callers outside the allowlist with 403 before authentication', async () => {
    await createActive(h.app, hookFlow({ path: 'internal', options: { ipWhitelist: '10.0.0.0/8, 192.168.1.7' } }, [noOp]));
    const outside = await h.app.inject({ method: 'GET', url: '/webhook/internal', remoteAddress: '203.0.113.9' });
    expect(outside.statusCode).toBe(403);
    expect((outside.json() as { message: string }).message).toBe('IP is not whitelisted to access the webhook!');
    expect((await h.app.inject({ method: 'GET', url: '/webhook/internal', remoteAddress: '10.20.30.40' })).statusCode).toBe(202);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/internal', remoteAddress: '::ffff:192.168.1.7' })).statusCode).toBe(202);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/internal', remoteAddress: '192.168.1.8' })).statusCode).toBe(403);
    const executions = await h.store.listExecutions({ limit: 10 });
    expect(executions.data).toHaveLength(2);
  });

  it('ignoreBots refuses link previewers and crawlers, not browsers', async () => {
    await createActive(h.app, hookFlow({ path: 'humans', options: { ignoreBots: true } }, [noOp]));
    const bot = await h.app.inject({ method: 'GET', url: '/webhook/humans', headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' } });
    expect(bot.statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/humans', headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/humans', headers: { 'user-agent': browser } })).statusCode).toBe(202);

    await createActive(h.app, hookFlow({ path: 'everyone' }, [{ ...noOp, id: 'n2' }]));
    expect((await h.app.inject({ method: 'GET', url: '/webhook/everyone', headers: { 'user-agent': 'Googlebot/2.1' } })).statusCode).toBe(202);
  });
});

describe('webhook ids in paths', () => {
  it('serves a path with parameters under the node\'s webhookId, so two workflows can share it', async () => {
    const first = hookFlow({ path: 'users/:id', responseMode: 'lastNode' }, [noOp], { webhookId: '5f0c2a3e-1111-4222-8333-944445555666' });
    const second = hookFlow({ path: 'users/:id', responseMode: 'lastNode' }, [noOp], { webhookId: '7a9d4b1c-aaaa-4bbb-8ccc-dddddddddddd' });
    await createActive(h.app, first);
    await createActive(h.app, second);
    const response = await h.app.inject({ method: 'GET', url: '/webhook/7a9d4b1c-aaaa-4bbb-8ccc-dddddddddddd/users/42' });
    expect(response.statusCode).toBe(200);
    const json = response.json() as { params: unknown; webhookUrl: string };
    expect(json.params).toEqual({ id: '42' });
    expect(json.webhookUrl).toMatch(/\/webhook\/7a9d4b1c-aaaa-4bbb-8ccc-dddddddddddd\/users\/:id$/);
    // n8n serves parameter paths of nodes with a webhookId only under that id.
    expect((await h.app.inject({ method: 'GET', url: '/webhook/users/42' })).statusCode).toBe(404);
    const test = await h.app.inject({ method: 'GET', url: '/webhook-test/5f0c2a3e-1111-4222-8333-944445555666/users/7' });
    expect(test.json()).toMatchObject({ params: { id: '7' }, executionMode: 'test' });
  });

  it('a node without a path is served at its webhookId; a static path stays as it is', async () => {
    await createActive(h.app, hookFlow({ responseMode: 'lastNode' }, [noOp], { webhookId: 'c0ffee00-0000-4000-8000-000000000001' }));
    expect((await h.app.inject({ method: 'GET', url: '/webhook/c0ffee00-0000-4000-8000-000000000001' })).statusCode).toBe(200);
    await createActive(h.app, hookFlow({ path: 'static/path' }, [{ ...noOp, id: 'n2' }], { webhookId: 'c0ffee00-0000-4000-8000-000000000002' }));
    expect((await h.app.inject({ method: 'GET', url: '/webhook/static/path' })).statusCode).toBe(202);
  });
});
