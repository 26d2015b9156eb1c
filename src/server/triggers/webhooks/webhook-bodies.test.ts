import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item } from '../../../core/model/types.js';
import { createActive, hookFlow, noOp, startWebhookHarness, type WebhookHarness } from './test-support.js';

/** A tiny but real PNG header followed by bytes that are not valid UTF-8, so any text round trip would show. */
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x81])]);

let h: WebhookHarness;
beforeEach(async () => {
  h = await startWebhookHarness();
});
afterEach(async () => h.close());

/** The item the Webhook node emitted in the newest execution of `workflowId`, as the store kept it. */
async function emittedItem(workflowId: string): Promise<Item> {
  const executions = await h.store.listExecutions({ workflowId, limit: 1 });
  const id = executions.data[0]?.id ?? '';
  const data = await h.store.getExecutionData(id);
  const item = data?.result?.data.resultData.runData['Webhook']?.[0]?.data.main[0]?.[0];
  if (!item) throw new Error(`execution ${id} has no Webhook output`);
  return item;
}

/** A multipart/form-data body with the given text fields and files. */
function multipart(parts: Array<{ name: string; value: string } | { name: string; fileName: string; type?: string; bytes: Buffer }>): { payload: Buffer; contentType: string } {
  const boundary = '----weft-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      const type = part.type ? `Content-Type: ${part.type}\r\n` : '';
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\n${type}\r\n`), part.bytes, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('webhook request bodies', () => {
  it('version 2 turns a body of an unparsed type into the file "data", byte for byte', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'upload', httpMethod: 'POST', responseMode: 'lastNode', responseData: 'firstEntryBinary' }, [noOp]));
    const response = await h.app.inject({ method: 'POST', url: '/webhook/upload', headers: { 'content-type': 'image/png' }, payload: png });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.rawPayload.equals(png)).toBe(true);
    const item = await emittedItem(id);
    expect(item.json['body']).toEqual({});
    expect(item.binary?.['data']).toMatchObject({ mimeType: 'image/png', fileExtension: 'png', fileType: 'image', fileSize: '13 B', data: png.toString('base64') });
    expect(item.binary?.['data']?.fileName).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names the file after Content-Disposition and puts it in the binaryPropertyName option', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'named', httpMethod: 'POST', responseMode: 'lastNode', options: { binaryPropertyName: 'upload' } }, [noOp]));
    const headers = { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="report.pdf"' };
    expect((await h.app.inject({ method: 'POST', url: '/webhook/named', headers, payload: Buffer.from('%PDF-1.4') })).statusCode).toBe(200);
    const item = await emittedItem(id);
    expect(Object.keys(item.binary ?? {})).toEqual(['upload']);
    expect(item.binary?.['upload']).toMatchObject({ fileName: 'report.pdf', fileExtension: 'pdf', mimeType: 'application/pdf', fileType: 'pdf' });
  });

  it('version 1 keeps an unparsed body out of binary unless "Binary File" is on, then takes any body as the file', async () => {
    const plain = await createActive(h.app, hookFlow({ path: 'v1-plain', httpMethod: 'POST', responseMode: 'lastNode' }, [noOp], { typeVersion: 1 }));
    await h.app.inject({ method: 'POST', url: '/webhook/v1-plain', headers: { 'content-type': 'image/png' }, payload: png });
    expect((await emittedItem(plain)).binary).toBeUndefined();

    const binary = await createActive(h.app, hookFlow({ path: 'v1-binary', httpMethod: 'POST', responseMode: 'lastNode', options: { binaryData: true, binaryPropertyName: 'file' } }, [noOp], { typeVersion: 1 }));
    await h.app.inject({ method: 'POST', url: '/webhook/v1-binary', headers: { 'content-type': 'application/json' }, payload: '{"a":1}' });
    const item = await emittedItem(binary);
    expect(item.json['body']).toEqual({});
    expect(Buffer.from(item.binary?.['file']?.data ?? '', 'base64').toString()).toBe('{"a":1}');
    expect(item.binary?.['file']?.mimeType).toBe('application/json');
  });

  it('rawBody keeps the parsed body and adds the unparsed bytes as the file "data"', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'raw', httpMethod: 'POST', responseMode: 'lastNode', options: { rawBody: true, binaryPropertyName: 'ignored' } }, [noOp]));
    await h.app.inject({ method: 'POST', url: '/webhook/raw', headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: 'héllo' });
    const text = await emittedItem(id);
    expect(text.json['body']).toBe('héllo');
    expect(Object.keys(text.binary ?? {})).toEqual(['data']);
    expect(Buffer.from(text.binary?.['data']?.data ?? '', 'base64').toString('utf8')).toBe('héllo');
    expect(text.binary?.['data']?.mimeType).toBe('text/plain');

    await h.app.inject({ method: 'POST', url: '/webhook/raw', headers: { 'content-type': 'application/json' }, payload: '{ "spaced" : true }' });
    const json = await emittedItem(id);
    expect(json.json['body']).toEqual({ spaced: true });
    expect(Buffer.from(json.binary?.['data']?.data ?? '', 'base64').toString()).toBe('{ "spaced" : true }');
  });

  it('multipart/form-data: fields become the body, files binary properties named after their fields', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'form', httpMethod: 'POST', responseMode: 'lastNode' }, [noOp]));
    const { payload, contentType } = multipart([
      { name: 'title', value: 'Holiday' },
      { name: 'tag', value: 'a' },
      { name: 'tag', value: 'b' },
      { name: 'cover', fileName: 'cover.png', type: 'image/png', bytes: png },
      { name: 'pages[]', fileName: 'p1.txt', type: 'text/plain', bytes: Buffer.from('one') },
      { name: 'pages[]', fileName: 'p2.txt', type: 'text/plain', bytes: Buffer.from('two') },
    ]);
    const response = await h.app.inject({ method: 'POST', url: '/webhook/form', headers: { 'content-type': contentType }, payload });
    expect(response.statusCode).toBe(200);
    const item = await emittedItem(id);
    expect(item.json['body']).toEqual({ title: 'Holiday', tag: ['a', 'b'] });
    expect(Object.keys(item.binary ?? {}).sort()).toEqual(['cover', 'pages0', 'pages1']);
    expect(Buffer.from(item.binary?.['cover']?.data ?? '', 'base64').equals(png)).toBe(true);
    expect(item.binary?.['cover']).toMatchObject({ fileName: 'cover.png', mimeType: 'image/png' });
    expect(Buffer.from(item.binary?.['pages1']?.data ?? '', 'base64').toString()).toBe('two');
  });

  it('multipart with binaryPropertyName numbers every file under that prefix', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'form-prefix', httpMethod: 'POST', responseMode: 'lastNode', options: { binaryPropertyName: 'file' } }, [noOp]));
    const { payload, contentType } = multipart([
      { name: 'a', fileName: 'a.txt', type: 'text/plain', bytes: Buffer.from('A') },
      { name: 'b', fileName: 'b.txt', type: 'text/plain', bytes: Buffer.from('B') },
    ]);
    await h.app.inject({ method: 'POST', url: '/webhook/form-prefix', headers: { 'content-type': contentType }, payload });
    const item = await emittedItem(id);
    expect(Object.keys(item.binary ?? {})).toEqual(['file0', 'file1']);
    expect(Buffer.from(item.binary?.['file1']?.data ?? '', 'base64').toString()).toBe('B');
  });

  it('parses XML like n8n (lower-cased tags, no single-child arrays) and repeated form keys as arrays', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'typed', httpMethod: 'POST', responseMode: 'lastNode' }, [noOp]));
    await h.app.inject({ method: 'POST', url: '/webhook/typed', headers: { 'content-type': 'application/xml' }, payload: '<Order id="7"><Item>pen</Item></Order>' });
    expect((await emittedItem(id)).json['body']).toEqual({ order: { $: { id: '7' }, item: 'pen' } });
    await h.app.inject({ method: 'POST', url: '/webhook/typed', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1&a=2&b=x' });
    expect((await emittedItem(id)).json['body']).toEqual({ a: ['1', '2'], b: 'x' });
  });

  it('decompresses a gzip body before parsing it', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'gz', httpMethod: 'POST', responseMode: 'lastNode' }, [noOp]));
    const response = await h.app.inject({ method: 'POST', url: '/webhook/gz', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: gzipSync(JSON.stringify({ zipped: true })) });
    expect(response.statusCode).toBe(200);
    expect((await emittedItem(id)).json['body']).toEqual({ zipped: true });
  });

  it('refuses invalid JSON with 400 and a JSON body with __proto__ keys', async () => {
    await createActive(h.app, hookFlow({ path: 'strict', httpMethod: 'POST', responseMode: 'lastNode' }, [noOp]));
    const invalid = await h.app.inject({ method: 'POST', url: '/webhook/strict', headers: { 'content-type': 'application/json' }, payload: '{ nope' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'WEFT_E_INVALID_ARGUMENT' });
    const poisoned = await h.app.inject({ method: 'POST', url: '/webhook/strict', headers: { 'content-type': 'application/json' }, payload: '{"__proto__": {"admin": true}}' });
    expect(poisoned.statusCode).toBe(400);
  });
});

describe('webhook body limit', () => {
  it('answers 413 past the limit, also once a small gzip body is inflated', async () => {
    const small = await startWebhookHarness({ maxBodyBytes: 1024 });
    try {
      await createActive(small.app, hookFlow({ path: 'limited', httpMethod: 'POST' }, [noOp]));
      const fits = await small.app.inject({ method: 'POST', url: '/webhook/limited', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(1000, 1) });
      expect(fits.statusCode).toBe(202);
      const tooLarge = await small.app.inject({ method: 'POST', url: '/webhook/limited', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(2000, 1) });
      expect(tooLarge.statusCode).toBe(413);
      const bomb = gzipSync(Buffer.alloc(100_000, 0));
      expect(bomb.length).toBeLessThan(1024);
      const inflated = await small.app.inject({ method: 'POST', url: '/webhook/limited', headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' }, payload: bomb });
      expect(inflated.statusCode).toBe(400);
      expect((inflated.json() as { message: string }).message).toContain('larger than 1024 bytes');
    } finally {
      await small.close();
    }
  });
});
