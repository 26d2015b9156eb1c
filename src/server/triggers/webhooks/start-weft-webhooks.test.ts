import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/config.js';
import { createSilentLogger } from '../../../logging/logger.js';
import { startWeft } from '../../lifecycle/start-weft.js';

const echo = {
  name: 'echo',
  nodes: [
    { id: 'a', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, parameters: { path: 'echo', httpMethod: 'POST', responseMode: 'lastNode' }, position: [0, 0] },
    { id: 'b', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {}, position: [200, 0] },
  ],
  connections: { Webhook: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
};

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'weft-webhooks-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(url: string): Promise<Response> {
  return fetch(`${url}/webhook/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hello: 'world' }) });
}

describe('webhooks in a running Weft', () => {
  it('serves an activated webhook over HTTP without an API key, and again after a restart', async () => {
    const config = loadConfig({ WEFT_DATA_DIR: dataDir, WEFT_PORT: '0', WEFT_LOG_LEVEL: 'silent' });
    const weft = await startWeft(config, createSilentLogger());
    try {
      const headers = { 'x-weft-api-key': weft.firstApiKey ?? '', 'content-type': 'application/json' };
      const created = (await (await fetch(`${weft.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(echo) })).json()) as { id: string };
      expect((await call(weft.url)).status).toBe(404);
      const activated = await fetch(`${weft.url}/api/v1/workflows/${created.id}/activate`, { method: 'POST', headers: { 'x-weft-api-key': headers['x-weft-api-key'] } });
      expect(activated.status).toBe(200);
      const answer = await call(weft.url);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { body: unknown }).body).toEqual({ hello: 'world' });
    } finally {
      await weft.shutdown();
    }

    const again = await startWeft(config, createSilentLogger());
    try {
      const answer = await call(again.url);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { body: unknown }).body).toEqual({ hello: 'world' });
    } finally {
      await again.shutdown();
    }
  }, 30_000);
});
