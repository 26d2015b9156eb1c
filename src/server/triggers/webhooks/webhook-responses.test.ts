import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowNode } from '../../../core/model/types.js';
import { createActive, hookFlow, noOp, startWebhookHarness, type WebhookHarness } from './test-support.js';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0xfe]);

/** A Set node (raw JSON mode) that outputs `json` for each item, dropping the rest. */
function setJson(json: Record<string, unknown>): WorkflowNode {
  return { id: 's', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: JSON.stringify(json), options: {} } };
}

function respond(parameters: Record<string, unknown>): WorkflowNode {
  return { id: 'r', name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [400, 0], parameters };
}

let h: WebhookHarness;
beforeEach(async () => {
  h = await startWebhookHarness();
});
afterEach(async () => h.close());

describe('lastNode response options', () => {
  it('firstEntryBinary sends the file of the first item with its mime type and the response headers', async () => {
    await createActive(h.app, hookFlow({ path: 'file', httpMethod: 'POST', responseMode: 'lastNode', responseData: 'firstEntryBinary', options: { responseHeaders: { entries: [{ name: 'X-Source', value: 'weft' }] } } }, [noOp]));
    const response = await h.app.inject({ method: 'POST', url: '/webhook/file', headers: { 'content-type': 'image/png' }, payload: png });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['x-source']).toBe('weft');
    expect(response.rawPayload.equals(png)).toBe(true);
  });

  it('firstEntryBinary answers 500 with n8n\'s message when the property is missing', async () => {
    await createActive(h.app, hookFlow({ path: 'nofile', httpMethod: 'POST', responseMode: 'lastNode', responseData: 'firstEntryBinary', responseBinaryPropertyName: 'picture' }, [noOp]));
    const missing = await h.app.inject({ method: 'POST', url: '/webhook/nofile', headers: { 'content-type': 'image/png' }, payload: png });
    expect(missing.statusCode).toBe(500);
    expect(missing.json()).toMatchObject({ code: 'WEFT_E_NODE_FAILED', message: "The binary property 'picture' which should be returned does not exist" });
    const none = await h.app.inject({ method: 'POST', url: '/webhook/nofile', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(none.json()).toMatchObject({ message: 'No binary data was found to return' });
  });

  it('responsePropertyName answers one property; with responseContentType a string goes out as is', async () => {
    const set = setJson({ reply: '<ok/>', nested: { n: 5 } });
    await createActive(h.app, hookFlow({ path: 'prop', responseMode: 'lastNode', options: { responsePropertyName: 'reply', responseContentType: 'application/xml' } }, [set]));
    const xml = await h.app.inject({ method: 'GET', url: '/webhook/prop' });
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toBe('application/xml');
    expect(xml.body).toBe('<ok/>');

    await createActive(h.app, hookFlow({ path: 'nested', responseMode: 'lastNode', options: { responsePropertyName: 'nested' } }, [{ ...set, id: 's2' }]));
    const nested = await h.app.inject({ method: 'GET', url: '/webhook/nested' });
    expect(nested.json()).toEqual({ n: 5 });
  });

  it('a version 2 response code option, custom code included, and noData', async () => {
    await createActive(h.app, hookFlow({ path: 'created', responseMode: 'lastNode', options: { responseCode: { values: { responseCode: 201 } } } }, [noOp]));
    expect((await h.app.inject({ method: 'GET', url: '/webhook/created' })).statusCode).toBe(201);
    await createActive(h.app, hookFlow({ path: 'custom', responseMode: 'lastNode', responseData: 'noData', options: { responseCode: { values: { responseCode: 'customCode', customCode: 299 } } } }, [{ ...noOp, id: 'n2' }]));
    const custom = await h.app.inject({ method: 'GET', url: '/webhook/custom' });
    expect(custom.statusCode).toBe(299);
    expect(custom.body).toBe('');
  });

  it('answers 500 "No item to return got found" when the last node output nothing', async () => {
    const drop: WorkflowNode = { id: 'l', name: 'None', type: 'n8n-nodes-base.filter', typeVersion: 2, position: [200, 0], parameters: { conditions: { options: { caseSensitive: true, typeValidation: 'strict' }, combinator: 'and', conditions: [{ id: 'c', leftValue: '={{ 1 }}', rightValue: 2, operator: { type: 'number', operation: 'equals' } }] } } };
    await createActive(h.app, hookFlow({ path: 'empty', responseMode: 'lastNode' }, [drop]));
    const response = await h.app.inject({ method: 'GET', url: '/webhook/empty' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ message: 'No item to return got found' });
  });
});

describe('onReceived response options', () => {
  it('sends the "Response Data" text, the response headers, or no body at all', async () => {
    await createActive(h.app, hookFlow({ path: 'ack', options: { responseData: 'got it', responseHeaders: { entries: [{ name: 'X-Ack', value: '1' }] } } }, [noOp]));
    const ack = await h.app.inject({ method: 'GET', url: '/webhook/ack' });
    expect(ack.statusCode).toBe(202);
    expect(ack.body).toBe('got it');
    expect(ack.headers['x-ack']).toBe('1');
    await createActive(h.app, hookFlow({ path: 'quiet', options: { noResponseBody: true } }, [{ ...noOp, id: 'n2' }]));
    expect((await h.app.inject({ method: 'GET', url: '/webhook/quiet' })).body).toBe('');
  });
});

describe('Respond to Webhook answers over HTTP', () => {
  it('sends a received file back as binary with its mime type', async () => {
    await createActive(h.app, hookFlow({ path: 'mirror', httpMethod: 'POST', responseMode: 'responseNode' }, [respond({ respondWith: 'binary' })]));
    const response = await h.app.inject({ method: 'POST', url: '/webhook/mirror', headers: { 'content-type': 'image/png' }, payload: png });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.rawPayload.equals(png)).toBe(true);
  });

  it('a Content-Type header of the node wins over the file\'s own type', async () => {
    const node = respond({ respondWith: 'binary', responseDataSource: 'set', inputFieldName: 'data', options: { responseCode: 201, responseHeaders: { entries: [{ name: 'Content-Type', value: 'application/octet-stream' }] } } });
    await createActive(h.app, hookFlow({ path: 'download', httpMethod: 'POST', responseMode: 'responseNode' }, [node]));
    const response = await h.app.inject({ method: 'POST', url: '/webhook/download', headers: { 'content-type': 'image/png' }, payload: png });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.rawPayload.equals(png)).toBe(true);
  });

  it('answers an item under a dotted response key and with no data', async () => {
    await createActive(h.app, hookFlow({ path: 'keyed', responseMode: 'responseNode' }, [setJson({ v: 1 }), respond({ respondWith: 'firstIncomingItem', options: { responseKey: 'result.item' } })]));
    expect((await h.app.inject({ method: 'GET', url: '/webhook/keyed' })).json()).toEqual({ result: { item: { v: 1 } } });
    await createActive(h.app, hookFlow({ path: 'nothing', responseMode: 'responseNode' }, [respond({ respondWith: 'noData', options: { responseCode: 204 } })]));
    const nothing = await h.app.inject({ method: 'GET', url: '/webhook/nothing' });
    expect(nothing.statusCode).toBe(204);
    expect(nothing.body).toBe('');
  });
});
