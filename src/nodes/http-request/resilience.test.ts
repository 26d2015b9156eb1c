import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { httpRequest } from './http-request.js';
import { retryAfterMs } from './resilience.js';
import { resetNetworkPolicy, startTestServer, useTestNetworkPolicy, type TestServer } from './test-server.test-util.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  resetNetworkPolicy();
});
beforeEach(() => useTestNetworkPolicy());

describe('HTTP Request: resilience', () => {
  it('retries a 503 (honouring Retry-After) and then succeeds', async () => {
    let calls = 0;
    server.on(() => (++calls < 3 ? { status: 503, headers: { 'retry-after': '0' }, body: {} } : { body: { ok: calls } }));
    const [out] = await runNodeForTest(httpRequest, { parameters: { url: `${server.base}/flaky` } });
    expect(jsonOf(out)).toEqual([{ ok: 3 }]);
    expect(server.received).toHaveLength(3);
  });

  it('reports the last status when retries run out, and does not retry other statuses', async () => {
    server.on(() => ({ status: 503, body: {} }));
    await expect(runNodeForTest(httpRequest, { parameters: { url: `${server.base}/down` } })).rejects.toThrow('Service unavailable');
    expect(server.received).toHaveLength(3);
    useTestNetworkPolicy();
    server.on(() => ({ status: 400, body: {} }));
    await expect(runNodeForTest(httpRequest, { parameters: { url: `${server.base}/bad` } })).rejects.toThrow('Bad request');
    expect(server.received).toHaveLength(1);
  });

  it('opens the circuit for a failing host, then lets a request through after the cool-down', async () => {
    server.on(() => ({ status: 500, body: {} }));
    const url = `${server.base}/broken`;
    for (let attempt = 0; attempt < 3; attempt++) await expect(runNodeForTest(httpRequest, { parameters: { url } })).rejects.toThrow('The service was not able to process your request');
    expect(server.received).toHaveLength(3);
    await expect(runNodeForTest(httpRequest, { parameters: { url } })).rejects.toThrow(/requests to it are paused/);
    expect(server.received).toHaveLength(3);
    server.on(() => ({ body: { back: true } }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(jsonOf((await runNodeForTest(httpRequest, { parameters: { url } }))[0])).toEqual([{ back: true }]);
  });

  it('times out a slow request', async () => {
    useTestNetworkPolicy();
    server.on(() => ({ delayMs: 300, body: {} }));
    const started = Date.now();
    const error = await runNodeForTest(httpRequest, { parameters: { url: `${server.base}/slow`, options: { timeout: 50 } } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ message: 'The connection was aborted, perhaps the server is offline', description: 'timeout of 50ms exceeded' });
    // Three attempts of 50 ms each, not the server's 300 ms.
    expect(Date.now() - started).toBeLessThan(290 * 3);
  });

  it("aborts an in-flight request when the execution's signal fires", async () => {
    server.on(() => ({ delayMs: 2000, body: {} }));
    const controller = new AbortController();
    const reason = new Error('execution canceled');
    setTimeout(() => controller.abort(reason), 30);
    const started = Date.now();
    await expect(runNodeForTest(httpRequest, { parameters: { url: `${server.base}/hang` }, signal: controller.signal, nodeFields: { continueOnFail: true } })).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.received).toHaveLength(1);
  });

  it('reads Retry-After as seconds or a date', () => {
    const response = (value: string) => ({ statusCode: 429, statusMessage: '', headers: { 'retry-after': value }, body: Buffer.alloc(0), url: new URL('http://x') });
    expect(retryAfterMs(response('2'))).toBe(2000);
    expect(retryAfterMs(response(new Date(10_000).toUTCString()), 4_000)).toBe(6000);
    expect(retryAfterMs(response('soon'))).toBeUndefined();
  });
});
