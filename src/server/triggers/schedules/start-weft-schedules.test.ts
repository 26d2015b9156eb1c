import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/config.js';
import { createSilentLogger } from '../../../logging/logger.js';
import { startWeft } from '../../lifecycle/start-weft.js';

const everySecond = {
  name: 'every second',
  nodes: [
    { id: 'a', name: 'Interval', type: 'n8n-nodes-base.interval', typeVersion: 1, parameters: { interval: 1, unit: 'seconds' }, position: [0, 0] },
    { id: 'b', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {}, position: [200, 0] },
  ],
  connections: { Interval: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
};

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'weft-schedules-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function triggerExecutions(url: string, headers: Record<string, string>, workflowId: string): Promise<number> {
  const page = (await (await fetch(`${url}/api/v1/executions?workflowId=${workflowId}&limit=100`, { headers })).json()) as { data: Array<{ mode: string }> };
  return page.data.filter((execution) => execution.mode === 'trigger').length;
}

describe('schedules in a running Weft', () => {
  it('fires an activated schedule, stops on deactivate, and restores active schedules after a restart', async () => {
    const config = loadConfig({ WEFT_DATA_DIR: dataDir, WEFT_PORT: '0', WEFT_LOG_LEVEL: 'silent' });
    const weft = await startWeft(config, createSilentLogger());
    const keyOnly = { 'x-weft-api-key': weft.firstApiKey ?? '' };
    const headers = { ...keyOnly, 'content-type': 'application/json' };
    let workflowId = '';
    try {
      const created = (await (await fetch(`${weft.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(everySecond) })).json()) as { id: string };
      workflowId = created.id;
      const activated = await fetch(`${weft.url}/api/v1/workflows/${workflowId}/activate`, { method: 'POST', headers: keyOnly });
      expect(activated.status, await activated.text()).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_300));
      expect(await triggerExecutions(weft.url, headers, workflowId)).toBeGreaterThanOrEqual(2);
      expect((await fetch(`${weft.url}/api/v1/workflows/${workflowId}/deactivate`, { method: 'POST', headers: keyOnly })).status).toBe(200);
      // A fire already past its leader check when the deactivation came may still record its row: let it land first.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const afterDeactivate = await triggerExecutions(weft.url, headers, workflowId);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await triggerExecutions(weft.url, headers, workflowId)).toBe(afterDeactivate);
      expect((await fetch(`${weft.url}/api/v1/workflows/${workflowId}/activate`, { method: 'POST', headers: keyOnly })).status).toBe(200);
    } finally {
      await weft.shutdown();
    }

    const restarted = await startWeft(config, createSilentLogger());
    try {
      const before = await triggerExecutions(restarted.url, headers, workflowId);
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect(await triggerExecutions(restarted.url, headers, workflowId)).toBeGreaterThan(before);
    } finally {
      await restarted.shutdown();
    }
  }, 30_000);
});
