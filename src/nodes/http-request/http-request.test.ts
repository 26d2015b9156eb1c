import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { httpRequest } from './http-request.js';
import { resetNetworkPolicy, startTestServer, useTestNetworkPolicy, type Reply, type TestServer } from './test-server.test-util.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  resetNetworkPolicy();
});
beforeEach(() => useTestNetworkPolicy());

const run = (parameters: Record<string, unknown>, extra: Parameters<typeof runNodeForTest>[1] = {}) =>
  runNodeForTest(httpRequest, { typeVersion: 4.2, parameters, ...extra });

describe('HTTP Request: requests', () => {
  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'])('sends %s', async (method) => {
    server.on(() => ({ body: { ok: true } }));
    await run({ method, url: `${server.base}/m` });
    expect(server.received.at(-1)?.method).toBe(method);
  });

  it('sends query parameters and headers as pairs or JSON', async () => {
    server.on(() => ({ body: {} }));
    await run({
      url: `${server.base}/q?fixed=1`,
      sendQuery: true,
      queryParameters: { parameters: [{ name: 'a', value: '={{ $json.x }}' }, { name: 'b', value: 'two words' }] },
      sendHeaders: true,
      specifyHeaders: 'json',
      jsonHeaders: '{"X-Trace": "abc"}',
    }, { json: [{ x: 42 }] });
    const got = server.received.at(-1)!;
    expect(Object.fromEntries(got.url.searchParams)).toEqual({ fixed: '1', a: '42', b: 'two words' });
    expect(got.headers['x-trace']).toBe('abc');

    await run({ url: `${server.base}/q`, sendQuery: true, specifyQuery: 'json', jsonQuery: '={{ JSON.stringify({ page: 3 }) }}', sendHeaders: true, headerParameters: { parameters: [{ name: 'X-One', value: '1' }] } });
    expect(server.received.at(-1)?.url.searchParams.get('page')).toBe('3');
    expect(server.received.at(-1)?.headers['x-one']).toBe('1');
  });

  it('sends JSON bodies from pairs and from jsonBody', async () => {
    server.on(() => ({ body: {} }));
    await run({ method: 'POST', url: `${server.base}/b`, sendBody: true, bodyParameters: { parameters: [{ name: 'name', value: '={{ $json.n }}' }] } }, { json: [{ n: 'Ada' }] });
    expect(server.received.at(-1)?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.received.at(-1)!.body.toString())).toEqual({ name: 'Ada' });
    await run({ method: 'POST', url: `${server.base}/b`, sendBody: true, specifyBody: 'json', jsonBody: '{"a": [1, 2]}' });
    expect(JSON.parse(server.received.at(-1)!.body.toString())).toEqual({ a: [1, 2] });
  });

  it('sends form-urlencoded, multipart and raw bodies', async () => {
    server.on(() => ({ body: {} }));
    await run({ method: 'POST', url: `${server.base}/f`, sendBody: true, contentType: 'form-urlencoded', bodyParameters: { parameters: [{ name: 'a', value: 'x y' }, { name: 'b', value: '&' }] } });
    expect(server.received.at(-1)?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(server.received.at(-1)?.body.toString()).toBe('a=x+y&b=%26');

    await run(
      {
        method: 'POST',
        url: `${server.base}/mp`,
        sendBody: true,
        contentType: 'multipart-form-data',
        bodyParameters: { parameters: [{ name: 'field', value: 'v' }, { parameterType: 'formBinaryData', name: 'upload', inputDataFieldName: 'file' }] },
      },
      { inputs: [[{ json: {}, binary: { file: { data: Buffer.from('hello file').toString('base64'), mimeType: 'text/plain', fileName: 'h.txt' } } }]] },
    );
    const multipart = server.received.at(-1)!;
    expect(multipart.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const text = multipart.body.toString();
    expect(text).toContain('name="field"\r\n\r\nv\r\n');
    expect(text).toContain('name="upload"; filename="h.txt"\r\nContent-Type: text/plain\r\n\r\nhello file\r\n');

    await run({ method: 'POST', url: `${server.base}/raw`, sendBody: true, contentType: 'raw', rawContentType: 'text/csv', body: 'a,b\n1,2' });
    expect(server.received.at(-1)?.headers['content-type']).toBe('text/csv');
    expect(server.received.at(-1)?.body.toString()).toBe('a,b\n1,2');
  });

  it('sends an item binary as the body', async () => {
    server.on(() => ({ body: {} }));
    const binary = { data: Buffer.from([1, 2, 3]).toString('base64'), mimeType: 'application/octet-stream' };
    await run({ method: 'POST', url: `${server.base}/bin`, sendBody: true, contentType: 'binaryData', inputDataFieldName: 'data' }, { inputs: [[{ json: {}, binary: { data: binary } }]] });
    expect([...server.received.at(-1)!.body]).toEqual([1, 2, 3]);
    await expect(run({ method: 'POST', url: `${server.base}/bin`, sendBody: true, contentType: 'binaryData', inputDataFieldName: 'missing' })).rejects.toThrow(/binary file 'missing'/);
  });

  it('sends one request per input item', async () => {
    server.on((req) => ({ body: { id: req.url.searchParams.get('id') } }));
    const [out] = await run({ url: `=${server.base}/items?id={{ $json.id }}` }, { json: [{ id: 1 }, { id: 2 }, { id: 3 }] });
    expect(jsonOf(out)).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
    expect(out?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it('waits between batches', async () => {
    server.on(() => ({ body: {} }));
    const [out] = await run({ url: `${server.base}/batch`, options: { batching: { batch: { batchSize: 1, batchInterval: 10 } } } }, { json: [{}, {}, {}] });
    expect(out).toHaveLength(3);
    expect(server.received).toHaveLength(3);
  });
});

describe('HTTP Request: responses', () => {
  it('splits a JSON array into items and keeps an object as one item', async () => {
    server.on((req) => ({ body: req.path === '/list' ? [{ a: 1 }, { a: 2 }] : { a: 3 } }));
    expect(jsonOf((await run({ url: `${server.base}/list` }))[0])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(jsonOf((await run({ url: `${server.base}/one` }))[0])).toEqual([{ a: 3 }]);
  });

  it('returns text as {data} and files as binary', async () => {
    server.on((req): Reply =>
      req.path === '/text'
        ? { body: 'plain words', headers: { 'content-type': 'text/plain' } }
        : { body: Buffer.from([0, 255, 1]), headers: { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="pic.png"' } },
    );
    expect(jsonOf((await run({ url: `${server.base}/text` }))[0])).toEqual([{ data: 'plain words' }]);
    const [file] = await run({ url: `${server.base}/file` });
    expect(file?.[0]?.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'pic.png', data: Buffer.from([0, 255, 1]).toString('base64') });
    const [forced] = await run({ url: `${server.base}/text`, options: { response: { response: { responseFormat: 'file', outputPropertyName: 'doc' } } } });
    expect(Buffer.from(forced?.[0]?.binary?.doc?.data ?? '', 'base64').toString()).toBe('plain words');
    const [asText] = await run({ url: `${server.base}/text`, options: { response: { response: { responseFormat: 'text', outputPropertyName: 'out' } } } });
    expect(jsonOf(asText)).toEqual([{ out: 'plain words' }]);
    await expect(run({ url: `${server.base}/text`, options: { response: { response: { responseFormat: 'json' } } } })).rejects.toThrow('Response body is not valid JSON');
  });

  it('returns the full response when asked', async () => {
    server.on(() => ({ status: 201, body: { made: true }, headers: { 'x-id': '7' } }));
    const [out] = await run({ url: `${server.base}/full`, options: { response: { response: { fullResponse: true } } } });
    const json = out?.[0]?.json as { body: unknown; headers: Record<string, string>; statusCode: number; statusMessage: string };
    expect(json.body).toEqual({ made: true });
    expect(json.statusCode).toBe(201);
    expect(json.statusMessage).toBe('Created');
    expect(json.headers['x-id']).toBe('7');
  });
});

describe('HTTP Request: errors', () => {
  it("fails with n8n's messages, status and body", async () => {
    server.on((req) => ({ status: Number(req.path.slice(1)), body: { error: 'nope' } }));
    const cases: [number, string][] = [
      [400, 'Bad request - please check your parameters'],
      [401, 'Authorization failed - please check your credentials'],
      [404, 'The resource you are requesting could not be found'],
      [418, 'Your request is invalid or could not be processed by the service'],
      [500, 'The service was not able to process your request'],
    ];
    for (const [status, message] of cases) {
      const error = await run({ url: `${server.base}/${status}` }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'NodeApiError', message, httpCode: String(status) });
      expect((error as { description: string }).description).toBe(`${status} - ${JSON.stringify(JSON.stringify({ error: 'nope' }))}`);
    }
  });

  it('passes failing statuses on with neverError', async () => {
    server.on(() => ({ status: 404, body: { missing: true } }));
    const [out] = await run({ url: `${server.base}/x`, options: { response: { response: { neverError: true, fullResponse: true } } } });
    expect(out?.[0]?.json).toMatchObject({ statusCode: 404, body: { missing: true } });
  });

  it('turns an item failure into an error item with continueOnFail', async () => {
    server.on((req) => (req.url.searchParams.get('id') === '2' ? { status: 404, body: {} } : { body: { id: req.url.searchParams.get('id') } }));
    const [out] = await run({ url: `=${server.base}/c?id={{ $json.id }}` }, { json: [{ id: 1 }, { id: 2 }], nodeFields: { continueOnFail: true } });
    expect(jsonOf(out)).toEqual([{ id: '1' }, { error: { message: 'The resource you are requesting could not be found', description: '404 - "{}"', httpCode: '404' } }]);
  });

  it('reports an invalid URL and a refused connection clearly', async () => {
    await expect(run({ url: 'not a url' })).rejects.toThrow('Invalid URL: not a url');
    const closed = await startTestServer();
    const url = `${closed.base}/gone`;
    await closed.close();
    await expect(run({ url }, { nodeFields: {} })).rejects.toThrow('The service refused the connection - perhaps it is offline');
  });
});
