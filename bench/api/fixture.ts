import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import { startWeft, type RunningWeft } from '../../src/server/lifecycle/start-weft.js';

/** A small n8n workflow: what (c) creates, and what the seeded workflows contain. */
export const benchWorkflow = {
  name: 'bench',
  nodes: [
    { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] },
    {
      id: 'b',
      name: 'Set',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      parameters: { assignments: { assignments: [{ id: '1', name: 'greeting', value: '=hello {{ $json.name }}', type: 'string' }] } },
      position: [200, 0],
    },
  ],
  connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
};

/** A Weft server as `weft start` runs it (embedded SQLite in a temp folder, cache, engine), with seeded data. */
export interface ApiFixture {
  readonly url: string;
  readonly apiKey: string;
  readonly workflowIds: readonly string[];
  close(): Promise<void>;
}

/**
 * Starts Weft in this process on a free port with a fresh data folder, creates `workflows` workflows over the API
 * and runs each `runsPerWorkflow` times (so executions can be listed). Logging is off so the benchmark measures the
 * API, not the per-request log lines.
 */
export async function startApiFixture(options: { workflows: number; runsPerWorkflow: number }): Promise<ApiFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-bench-api-'));
  let weft: RunningWeft | undefined;
  try {
    // WEFT_* settings of the bench's own environment apply (e.g. WEFT_ENGINE_CONCURRENCY), except where the data goes.
    const settings = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('WEFT_')));
    weft = await startWeft(loadConfig({ ...settings, WEFT_DATA_DIR: dataDir, WEFT_PORT: '0' }), createSilentLogger());
    const apiKey = weft.firstApiKey;
    if (apiKey === undefined) throw new Error('a fresh data folder must give a first API key');
    const headers = { 'x-weft-api-key': apiKey, 'content-type': 'application/json' };
    const workflowIds: string[] = [];
    for (let i = 0; i < options.workflows; i++) {
      const response = await fetch(`${weft.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify({ ...benchWorkflow, name: `bench ${i}` }) });
      if (!response.ok) throw new Error(`creating a workflow answered ${response.status}: ${await response.text()}`);
      const { id } = (await response.json()) as { id: string };
      workflowIds.push(id);
      for (let run = 0; run < options.runsPerWorkflow; run++) {
        const ran = await fetch(`${weft.url}/api/v1/workflows/${id}/run?wait=true`, { method: 'POST', headers, body: JSON.stringify({ items: [{ json: { name: `n${run}` } }] }) });
        if (!ran.ok) throw new Error(`running a workflow answered ${ran.status}: ${await ran.text()}`);
      }
    }
    const running = weft;
    return {
      url: running.url,
      apiKey,
      workflowIds,
      close: async () => {
        await running.shutdown();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await weft?.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
