import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../adapters/open-store.js';
import { loadConfig } from '../../config/config.js';
import { createSilentLogger } from '../../logging/logger.js';
import { startWeft } from './start-weft.js';

const slowWorkflow = {
  name: 'slow',
  nodes: [
    { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] },
    { id: 'b', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'timeInterval', amount: 3, unit: 'seconds' }, position: [200, 0] },
  ],
  connections: { Start: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
};

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'weft-start-weft-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('startWeft', () => {
  it('hands executions still running at the drain deadline back to the queue; the next start finishes them', async () => {
    const config = loadConfig({ WEFT_DATA_DIR: dataDir, WEFT_PORT: '0' });
    const weft = await startWeft(config, createSilentLogger(), { drainDeadlineMs: 200 });
    expect(weft.firstApiKey).toMatch(/^weft_/);
    const headers = { 'x-weft-api-key': weft.firstApiKey!, 'content-type': 'application/json' };
    const created = (await (await fetch(`${weft.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(slowWorkflow) })).json()) as { id: string };
    const run = await fetch(`${weft.url}/api/v1/workflows/${created.id}/run`, { method: 'POST', headers, body: '{}' });
    expect(run.status).toBe(202);
    const { executionId } = (await run.json()) as { executionId: string };
    await expect.poll(() => weft.worker?.active, { timeout: 5_000 }).toBe(1);

    const startedAt = Date.now();
    expect(await weft.shutdown()).toEqual({ finished: 0, handedBack: 1 });
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    // Idempotent.
    expect(await weft.shutdown()).toEqual({ finished: 0, handedBack: 1 });
    await expect(fetch(`${weft.url}/healthz`)).rejects.toThrow();

    const opened = await openStore(config, createSilentLogger());
    try {
      expect((await opened.store.getExecution(executionId, { consistency: 'strong' }))?.status).toBe('running');
    } finally {
      await opened.close();
    }
    const again = await startWeft(config, createSilentLogger());
    try {
      const read = async (): Promise<string | undefined> => {
        const response = await fetch(`${again.url}/api/v1/executions/${executionId}`, { headers });
        return ((await response.json()) as { status?: string }).status;
      };
      await expect.poll(read, { timeout: 15_000, interval: 100 }).toBe('success');
    } finally {
      await again.shutdown();
    }
  }, 40_000);

  it('closes what it opened when listening fails', async () => {
    const first = await startWeft(loadConfig({ WEFT_DATA_DIR: dataDir, WEFT_PORT: '0' }), createSilentLogger());
    try {
      const port = Number(new URL(first.url).port);
      await expect(startWeft(loadConfig({ WEFT_DATA_DIR: dataDir, WEFT_PORT: String(port) }), createSilentLogger())).rejects.toMatchObject({
        code: 'WEFT_E_INVALID_CONFIG',
        message: expect.stringContaining('already in use') as unknown,
      });
    } finally {
      await first.shutdown();
    }
    // The failed start left no second key behind (it is created only after listening worked).
    const opened = await openStore(loadConfig({ WEFT_DATA_DIR: dataDir }), createSilentLogger());
    try {
      expect(await opened.store.countApiKeys()).toBe(1);
    } finally {
      await opened.close();
    }
  }, 30_000);
});
