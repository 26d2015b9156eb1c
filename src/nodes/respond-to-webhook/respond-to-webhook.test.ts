import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import type { Item } from '../../core/model/types.js';
import type { WebhookResponse } from '../../core/node-api/index.js';
import { createSilentLogger } from '../../logging/logger.js';
import { createEngine } from '../../runtime/engine.js';

const engine = createEngine(loadConfig({ WEFT_LOG_LEVEL: 'silent' }), createSilentLogger());
afterAll(async () => engine.close());

/** Webhook → Respond to Webhook with `parameters`, started with `items`; returns what it responded and passed on. */
async function respond(parameters: Record<string, unknown>, items: Item[] = [{ json: { a: 1 } }, { json: { a: 2 } }], withCaller = true) {
  const responses: WebhookResponse[] = [];
  const result = await engine.execute(
    {
      name: 'respond',
      nodes: [
        { name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters: { path: 'x' } },
        { name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, parameters },
      ],
      connections: { Hook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } },
    },
    { startNode: 'Hook', startItems: items, mode: 'webhook', ...(withCaller ? { respond: (response: WebhookResponse) => responses.push(response) } : {}) },
  );
  return { responses, result, passedOn: result.data.resultData.runData['Respond']?.[0]?.data.main[0]?.map((item) => item.json) };
}

describe('Respond to Webhook', () => {
  it('answers the first incoming item by default and passes its input on', async () => {
    const { responses, passedOn } = await respond({});
    expect(responses).toEqual([{ status: 200, headers: {}, body: { a: 1 } }]);
    expect(passedOn).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('answers all items under a response key', async () => {
    const { responses } = await respond({ respondWith: 'allIncomingItems', options: { responseKey: 'data', responseCode: 201 } });
    expect(responses).toEqual([{ status: 201, headers: {}, body: { data: [{ a: 1 }, { a: 2 }] } }]);
  });

  it('answers a JSON body with expressions resolved', async () => {
    const { responses } = await respond({ respondWith: 'json', responseBody: '={ "sum": {{ $json.a + 10 }} }' });
    expect(responses[0]?.body).toEqual({ sum: 11 });
    expect(responses[0]?.headers['content-type']).toContain('application/json');
  });

  it('redirects with 307 and a location', async () => {
    const { responses } = await respond({ respondWith: 'redirect', redirectURL: 'https://example.com/done' });
    expect(responses[0]).toMatchObject({ status: 307, headers: { location: 'https://example.com/done' } });
  });

  it('fails the execution on an invalid JSON body', async () => {
    const { result } = await respond({ respondWith: 'json', responseBody: '{ nope' });
    expect(result.status).toBe('error');
  });

  it('only passes items on when nobody waits for an answer (manual run)', async () => {
    const { responses, passedOn, result } = await respond({ respondWith: 'text', responseBody: 'hi' }, undefined, false);
    expect(result.status).toBe('success');
    expect(responses).toEqual([]);
    expect(passedOn).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('responds with the first item\'s only file, as base64 with its mime type', async () => {
    const file = { data: Buffer.from('GIF89a').toString('base64'), mimeType: 'image/gif', fileName: 'a.gif' };
    const { responses } = await respond({ respondWith: 'binary' }, [{ json: {}, binary: { picture: file } }]);
    expect(responses).toEqual([{ status: 200, headers: { 'content-type': 'image/gif' }, body: '', binary: { data: file.data, mimeType: 'image/gif' } }]);
    // The answer may cross processes over Redis in queue mode: it must survive JSON unchanged.
    expect(JSON.parse(JSON.stringify(responses[0]))).toEqual(responses[0]);
  });

  it('responds with a named file when the data source is set, and fails when it is missing', async () => {
    const a = { data: Buffer.from('a').toString('base64'), mimeType: 'text/plain' };
    const b = { data: Buffer.from('b').toString('base64'), mimeType: 'text/csv' };
    const { responses } = await respond({ respondWith: 'binary', responseDataSource: 'set', inputFieldName: 'second' }, [{ json: {}, binary: { first: a, second: b } }]);
    expect(responses[0]?.binary).toEqual({ data: b.data, mimeType: 'text/csv' });
    const missing = await respond({ respondWith: 'binary', responseDataSource: 'set', inputFieldName: 'third' }, [{ json: {}, binary: { first: a } }]);
    expect(missing.result.status).toBe('error');
    expect(missing.responses).toEqual([]);
    const none = await respond({ respondWith: 'binary' }, [{ json: {} }]);
    expect(none.result.data.resultData.error?.message).toBe('No binary data exists on the first item!');
  });

  it('puts items under a dotted response key', async () => {
    const { responses } = await respond({ respondWith: 'allIncomingItems', options: { responseKey: 'data.items' } });
    expect(responses[0]?.body).toEqual({ data: { items: [{ a: 1 }, { a: 2 }] } });
  });

  it('fails on a response code that is not an HTTP status', async () => {
    const { result, responses } = await respond({ respondWith: 'noData', options: { responseCode: 42 } });
    expect(result.status).toBe('error');
    expect(responses).toEqual([]);
  });
});
