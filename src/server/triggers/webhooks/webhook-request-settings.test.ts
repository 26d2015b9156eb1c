import { afterEach, describe, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../../core/expression/index.js';
import { hasRequestExpressions } from './request-parameters.js';
import { settingsForRequest } from './request-settings.js';
import { createActive, hookFlow, noOp, startWebhookHarness, type WebhookHarness } from './test-support.js';
import { webhookNodes } from './webhook-nodes.js';

let h: WebhookHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const start = async (options: Parameters<typeof startWebhookHarness>[0] = {}): Promise<WebhookHarness> => {
  h = await startWebhookHarness(options);
  return h;
};

describe('WEFT_TRUST_PROXY and the IP allowlist', () => {
  const allowlisted = hookFlow({ path: 'partners', options: { ipWhitelist: '203.0.113.0/24' } }, [noOp]);

  it('off (the default): X-Forwarded-For is ignored, the connecting address decides', async () => {
    const { app } = await start();
    await createActive(app, allowlisted);
    const viaProxy = await app.inject({ method: 'GET', url: '/webhook/partners', remoteAddress: '10.1.1.1', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(viaProxy.statusCode).toBe(403);
    const direct = await app.inject({ method: 'GET', url: '/webhook/partners', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '198.51.100.1' } });
    expect(direct.statusCode).toBe(202);
  });

  it('with trusted proxy ranges, the forwarded client address of a trusted proxy decides; an untrusted sender cannot claim one', async () => {
    const { app } = await start({ trustProxy: ['10.0.0.0/8', '::1'] });
    await createActive(app, allowlisted);
    const allowed = await app.inject({ method: 'GET', url: '/webhook/partners', remoteAddress: '10.1.1.1', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(allowed.statusCode).toBe(202);
    const outside = await app.inject({ method: 'GET', url: '/webhook/partners', remoteAddress: '10.1.1.1', headers: { 'x-forwarded-for': '198.51.100.1' } });
    expect(outside.statusCode).toBe(403);
    // A client spoofing the header directly is no trusted proxy: its own address counts.
    const spoofed = await app.inject({ method: 'GET', url: '/webhook/partners', remoteAddress: '198.51.100.7', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(spoofed.statusCode).toBe(403);
    // Through two trusted proxies, the first untrusted address from the right is the client.
    const chained = await app.inject({ method: 'GET', url: '/webhook/partners', remoteAddress: '10.1.1.1', headers: { 'x-forwarded-for': '203.0.113.5, 10.2.2.2' } });
    expect(chained.statusCode).toBe(202);
  });

  it('a hop count trusts that many proxies in front of Weft, whatever their address', async () => {
    const { app } = await start({ trustProxy: 1 });
    await createActive(app, allowlisted);
    // One hop: the address the proxy appended is the client; what the client wrote before it is not believed.
    const client = await app.inject({ method: 'GET', url: '/webhook/partners', remoteAddress: '172.16.0.9', headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' } });
    expect(client.statusCode).toBe(202);
    const claimed = await app.inject({ method: 'GET', url: '/webhook/partners', remoteAddress: '172.16.0.9', headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.1' } });
    expect(claimed.statusCode).toBe(403);
  });

  it("a trusted proxy's X-Forwarded-Proto and -Host make the webhook URL the caller used", async () => {
    const { app } = await start({ trustProxy: ['10.0.0.0/8'] });
    await createActive(app, hookFlow({ path: 'where', responseMode: 'lastNode' }, [noOp]));
    const headers = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hooks.example.com' };
    const proxied = await app.inject({ method: 'GET', url: '/webhook/where', remoteAddress: '10.1.1.1', headers });
    expect((proxied.json() as { webhookUrl: string }).webhookUrl).toBe('https://hooks.example.com/webhook/where');
    const untrusted = await app.inject({ method: 'GET', url: '/webhook/where', remoteAddress: '198.51.100.7', headers });
    expect((untrusted.json() as { webhookUrl: string }).webhookUrl).not.toContain('hooks.example.com');
  });
});

describe('expressions in webhook options', () => {
  it('evaluates the response code, headers and "Response Data" against the request, per request', async () => {
    const { app } = await start();
    await createActive(
      app,
      hookFlow(
        {
          path: 'dynamic',
          httpMethod: 'POST',
          options: {
            responseCode: { values: { responseCode: 200, customCode: '={{ $json.query.code }}' } },
            responseHeaders: { entries: [{ name: 'x-echo', value: '=id-{{ $json.headers["x-request-id"] }}' }] },
            responseData: '={{ "hello " + $json.body.name }}',
          },
        },
        [noOp],
      ),
    );
    const first = await app.inject({ method: 'POST', url: '/webhook/dynamic?code=201', headers: { 'x-request-id': 'r1' }, payload: { name: 'Ada' } });
    expect(first.statusCode).toBe(201);
    expect(first.headers['x-echo']).toBe('id-r1');
    expect(first.body).toBe('hello Ada');
    const second = await app.inject({ method: 'POST', url: '/webhook/dynamic?code=299', headers: { 'x-request-id': 'r2' }, payload: { name: 'Grace' } });
    expect(second.statusCode).toBe(299);
    expect(second.headers['x-echo']).toBe('id-r2');
    expect(second.body).toBe('hello Grace');
  });

  it('evaluates the IP allowlist and "Ignore Bots" per request, keeping the value types of a lone {{ }}', async () => {
    const { app } = await start();
    await createActive(app, hookFlow({ path: 'guarded', options: { ipWhitelist: '={{ $json.query.net }}', ignoreBots: '={{ $json.query.strict === "1" }}' } }, [noOp]));
    expect((await app.inject({ method: 'GET', url: '/webhook/guarded?net=10.0.0.0/8', remoteAddress: '10.1.2.3' })).statusCode).toBe(202);
    expect((await app.inject({ method: 'GET', url: '/webhook/guarded?net=192.168.0.0/16', remoteAddress: '10.1.2.3' })).statusCode).toBe(403);
    const bot = { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' };
    expect((await app.inject({ method: 'GET', url: '/webhook/guarded?net=10.0.0.0/8&strict=1', remoteAddress: '10.1.2.3', headers: bot })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/webhook/guarded?net=10.0.0.0/8&strict=0', remoteAddress: '10.1.2.3', headers: bot })).statusCode).toBe(202);
  });

  it('evaluates the top-level response code of version 1 and answers lastNode with it', async () => {
    const { app } = await start();
    await createActive(app, hookFlow({ path: 'v1', responseMode: 'lastNode', responseCode: '={{ Number($json.query.code) + 1 }}' }, [noOp], { typeVersion: 1 }));
    const answer = await app.inject({ method: 'GET', url: '/webhook/v1?code=200' });
    expect(answer.statusCode).toBe(201);
    expect(answer.json()).toMatchObject({ query: { code: '200' } });
  });

  it('takes values without a leading "=" literally, braces included', async () => {
    const { app } = await start();
    await createActive(app, hookFlow({ path: 'plain', options: { responseData: 'plain {{ $json.query.x }}' } }, [noOp]));
    expect((await app.inject({ method: 'GET', url: '/webhook/plain?x=1' })).body).toBe('plain {{ $json.query.x }}');
  });

  it('answers an option expression that fails with WEFT_E_EXPRESSION naming the node and the parameter, and starts nothing', async () => {
    const { app, store } = await start();
    await createActive(app, hookFlow({ path: 'broken', options: { responseHeaders: { entries: [{ name: 'x-a', value: '={{ $json.query.( }}' }] } } }, [noOp]));
    const answer = await app.inject({ method: 'GET', url: '/webhook/broken' });
    expect(answer.statusCode).toBe(400);
    const body = answer.json() as { code: string; message: string; details: Record<string, unknown> };
    expect(body.code).toBe('WEFT_E_EXPRESSION');
    expect(body.message).toContain('The webhook node "Webhook" could not evaluate its parameter options.responseHeaders.entries[0].value');
    expect(body.details).toMatchObject({ node: 'Webhook', parameter: 'options.responseHeaders.entries[0].value' });
    expect(body.message).not.toMatch(/\n\s+at /);
    expect((await store.listExecutions({ limit: 10 })).data).toHaveLength(0);
  });

  it('checks authentication before evaluating anything: a caller without credentials learns nothing of the expressions', async () => {
    const { app, store } = await start();
    const credential = await store.createCredential({ name: 'header', type: 'httpHeaderAuth', data: { name: 'X-Token', value: 'tok' } });
    const broken = { responseHeaders: { entries: [{ name: 'x-a', value: '={{ $json.query.( }}' }] } };
    await createActive(app, hookFlow({ path: 'guarded', authentication: 'headerAuth', options: broken }, [noOp], { credentials: { httpHeaderAuth: { id: credential.id, name: 'header' } } }));
    const stranger = await app.inject({ method: 'GET', url: '/webhook/guarded' });
    expect(stranger.statusCode).toBe(403);
    expect(stranger.body).not.toContain('responseHeaders');
    // With the credentials, the request gets as far as the expression.
    expect((await app.inject({ method: 'GET', url: '/webhook/guarded', headers: { 'x-token': 'tok' } })).json()).toMatchObject({ code: 'WEFT_E_EXPRESSION' });
  });
});

describe('which webhook parameters count as per-request expressions', () => {
  it('only expressions in the options (but Allowed Origins), response code, data and binary property', () => {
    expect(hasRequestExpressions({ path: 'p', httpMethod: 'POST', options: { ipWhitelist: '10.0.0.0/8', responseHeaders: { entries: [{ name: 'a', value: 'b' }] } } })).toBe(false);
    expect(hasRequestExpressions({ path: '={{ "p" }}', options: { allowedOrigins: '={{ $json.x }}' } })).toBe(false);
    expect(hasRequestExpressions({ options: { responseHeaders: { entries: [{ name: 'a', value: '={{ 1 }}' }] } } })).toBe(true);
    expect(hasRequestExpressions({ responseCode: '={{ 201 }}' })).toBe(true);
    expect(hasRequestExpressions({ responseBinaryPropertyName: '={{ "file" }}' })).toBe(true);
  });

  it('hands back the very settings of a node without such expressions: nothing is evaluated or copied', () => {
    const [hook] = webhookNodes(hookFlow({ path: 'static', options: { ipWhitelist: '10.0.0.0/8' } }));
    const evaluator = { resolve: () => { throw new Error('must not evaluate'); } };
    const request = { body: {}, headers: {}, params: {}, query: {} };
    expect(hook).toBeDefined();
    expect(settingsForRequest(hook!, hookFlow({}), request, { evaluator, defaultTimezone: 'UTC' })).toBe(hook);
    const [dynamic] = webhookNodes(hookFlow({ path: 'd', options: { ipWhitelist: '={{ $json.query.net }}' } }));
    const resolved = settingsForRequest(dynamic!, hookFlow({}), { ...request, query: { net: '10.0.0.0/8' } }, { evaluator: createExpressionEvaluator(), defaultTimezone: 'UTC' });
    expect(resolved.options.ipWhitelist).toBe('10.0.0.0/8');
    expect(resolved.node).toBe(dynamic!.node);
  });
});
