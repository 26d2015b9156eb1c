import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../adapters/open-store.js';
import { loadConfig } from '../../config/config.js';
import { createSilentLogger } from '../../logging/logger.js';
import { startWeft } from './start-weft.js';

const workflow = {
  name: 'stranded',
  nodes: [
    { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] },
    { id: 'b', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ id: '1', name: 'seen', value: '={{ $json.n * 2 }}', type: 'number' }] }, includeOtherFields: true }, position: [200, 0] },
  ],
  connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
};

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'weft-orphans-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('startWeft: executions stranded in new', () => {
  it('queues a new execution that never got a job again, and an engine runs it', async () => {
    const config = loadConfig({ WEFT_DATA_DIR: dataDir, WEFT_PORT: '0', WEFT_QUEUE_PUBLISH_TIMEOUT_MS: '500', WEFT_QUEUE_ORPHAN_AFTER_MS: '600' });
    const weft = await startWeft(config, createSilentLogger());
    const opened = await openStore(config, createSilentLogger());
    try {
      const headers = { 'x-weft-api-key': weft.firstApiKey!, 'content-type': 'application/json' };
      const created = (await (await fetch(`${weft.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(workflow) })).json()) as { id: string };
      // The row an orchestrator writes before publishing the job, left behind as if it was killed in between.
      const stranded = await opened.store.createExecution({ workflowId: created.id, workflowVersion: 1, mode: 'trigger', shard: 0, input: { startItems: [{ json: { n: 21 } }], startNode: 'Start' } });
      expect((await opened.store.getExecution(stranded.id))?.status).toBe('new');

      const read = async (): Promise<{ status?: string; data?: { resultData?: { runData?: Record<string, Array<{ data: { main: Array<Array<{ json: unknown }>> } }>> } } }> =>
        (await (await fetch(`${weft.url}/api/v1/executions/${stranded.id}?includeData=true`, { headers })).json()) as never;
      await expect.poll(async () => (await read()).status, { timeout: 10_000, interval: 100 }).toBe('success');
      expect((await read()).data?.resultData?.runData?.Set?.[0]?.data.main[0]?.[0]?.json).toEqual({ n: 21, seen: 42 });
      const metrics = await (await fetch(`${weft.url}/metrics`, { headers })).text();
      expect(metrics).toMatch(/^weft_queue_orphans_requeued_total\{[^}]*\} 1$/m);
    } finally {
      await opened.close();
      await weft.shutdown();
    }
  }, 30_000);
});
