import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../core/model/types.js';
import { loadConfig } from '../../config/config.js';
import { createSilentLogger } from '../../logging/logger.js';
import { createEngine } from '../../runtime/engine.js';

const engine = createEngine(loadConfig({}), createSilentLogger());

/** Sub-workflow: trigger → a noOp named "Last" (returns what it was given). */
const child: WorkflowDocument = {
  name: 'child',
  nodes: [
    { name: 'In', type: 'n8n-nodes-base.executeWorkflowTrigger', typeVersion: 1, parameters: {} },
    { name: 'Last', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
  ],
  connections: { In: { main: [[{ node: 'Last', type: 'main', index: 0 }]] } },
};

function parent(parameters: Record<string, unknown>, typeVersion = 1.1): WorkflowDocument {
  return {
    name: 'parent',
    nodes: [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
      { name: 'Call', type: 'n8n-nodes-base.executeWorkflow', typeVersion, parameters },
    ],
    connections: { Start: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
  };
}

const startItems = [{ json: { n: 1 } }, { json: { n: 2 } }];

describe('Execute Workflow', () => {
  it('runs a sub-workflow given as inline JSON and returns its last node output', async () => {
    const result = await engine.execute(parent({ source: 'parameter', workflowJson: JSON.stringify(child) }), { startItems });
    expect(result.status).toBe('success');
    expect(result.data.resultData.runData.Call![0]!.data.main[0]!.map((item) => item.json)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('runs a sub-workflow from a file, once per item in "each" mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-sub-'));
    const path = join(dir, 'child.json');
    writeFileSync(path, JSON.stringify(child));
    const result = await engine.execute(parent({ source: 'localFile', workflowPath: path, mode: 'each' }), { startItems });
    const output = result.data.resultData.runData.Call![0]!.data.main[0]!;
    expect(output.map((item) => [item.json, item.pairedItem])).toEqual([
      [{ n: 1 }, { item: 0 }],
      [{ n: 2 }, { item: 1 }],
    ]);
  });

  it('fails clearly for a missing file and for sources that need the server', async () => {
    const missing = await engine.execute(parent({ source: 'localFile', workflowPath: '/nonexistent/wf.json' }));
    expect(missing.data.resultData.error).toMatchObject({ node: 'Call', message: 'The file "/nonexistent/wf.json" could not be found' });
    const byId = await engine.execute(parent({ source: 'database', workflowId: '42' }));
    expect(byId.data.resultData.error!.message).toBe('Sub-workflows by ID need a workflow store');
  });

  it('passes the input on without waiting when waitForSubWorkflow is false', async () => {
    const result = await engine.execute(parent({ source: 'parameter', workflowJson: child, options: { waitForSubWorkflow: false } }), { startItems });
    expect(result.data.resultData.runData.Call![0]!.data.main[0]!.map((item) => item.json)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('reports a failing sub-workflow as the calling node failing', async () => {
    const failing: WorkflowDocument = {
      ...child,
      nodes: [child.nodes[0]!, { name: 'Last', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, parameters: { errorMessage: 'inner failure' } }],
    };
    const result = await engine.execute(parent({ source: 'parameter', workflowJson: failing }));
    expect(result.status).toBe('error');
    expect(result.data.resultData.error).toMatchObject({ node: 'Call', message: 'inner failure' });
  });
});
