import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import type { WorkflowDocument } from '../../core/model/types.js';
import { createSilentLogger } from '../../logging/logger.js';
import { createEngine } from '../../runtime/engine.js';
import { resetNetworkPolicy, startTestServer, type TestServer } from './test-server.test-util.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  server.on(() => ({ body: [{ n: 1 }, { n: 2 }] }));
});
afterAll(async () => {
  await server.close();
  resetNetworkPolicy();
});

const workflow = (url: string): WorkflowDocument => ({
  name: 'http',
  nodes: [
    { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
    { name: 'Fetch', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url } },
  ],
  connections: { Start: { main: [[{ node: 'Fetch', type: 'main', index: 0 }]] } },
});

describe('HTTP Request in the engine', () => {
  it('applies WEFT_HTTP_ALLOW_HOSTS from the configuration, and refuses loopback without it', async () => {
    const allowed = createEngine(loadConfig({ WEFT_HTTP_ALLOW_HOSTS: '127.0.0.1' }), createSilentLogger());
    try {
      const result = await allowed.execute(workflow(`${server.base}/list`));
      expect(result.status).toBe('success');
      expect(result.data.resultData.runData.Fetch?.[0]?.data.main[0]?.map((item) => item.json)).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await allowed.close();
    }
    const strict = createEngine(loadConfig({}), createSilentLogger());
    try {
      const result = await strict.execute(workflow(`${server.base}/list`));
      expect(result.status).toBe('error');
      expect(result.data.resultData.error?.message).toBe('The host "127.0.0.1" is not allowed: it resolves to the private or local address 127.0.0.1');
    } finally {
      await strict.close();
    }
  });
});
