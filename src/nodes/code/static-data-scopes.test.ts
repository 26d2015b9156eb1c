import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDocument, WorkflowNode } from '../../core/model/types.js';
import type { ExecutionResult } from '../../core/scheduler/index.js';
import { executeWorkflow } from '../../runtime/execute-workflow.js';
import { ProcessPool } from '../../runtime/sandbox/process-pool.js';
import { createBuiltinRegistry } from '../index.js';
import { closeCodeSandboxPool, setCodeSandboxPool } from './sandbox-pool.js';

beforeAll(() => setCodeSandboxPool(new ProcessPool({ timeoutMs: 2000, memoryLimitMb: 64 })));
afterAll(() => closeCodeSandboxPool());

const registry = createBuiltinRegistry();

type NodeSpec = Pick<WorkflowNode, 'name' | 'type' | 'typeVersion' | 'parameters'> & Partial<WorkflowNode>;

const codeNode = (name: string, jsCode: string, mode?: string): NodeSpec => ({
  name,
  type: 'n8n-nodes-base.code',
  typeVersion: 2,
  parameters: mode === undefined ? { jsCode } : { jsCode, mode },
});

/** Manual trigger → the given nodes in a chain. */
function chain(nodes: NodeSpec[], extra: Partial<WorkflowDocument> = {}): WorkflowDocument {
  const all: WorkflowNode[] = [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, ...nodes.map((node, i) => ({ position: [200 * (i + 1), 0] as [number, number], ...node }))];
  const connections: WorkflowDocument['connections'] = {};
  all.slice(0, -1).forEach((node, i) => {
    connections[node.name] = { main: [[{ node: all[i + 1]!.name, type: 'main', index: 0 }]] };
  });
  return { name: 'static data', nodes: all, connections, settings: { executionOrder: 'v1' }, ...extra };
}

function lastJson(result: ExecutionResult, node: string): unknown[] {
  expect(result.data.resultData.error).toBeUndefined();
  const runs = result.data.resultData.runData[node];
  return (runs?.[runs.length - 1]?.data.main[0] ?? []).map((item) => item.json);
}

describe('$getWorkflowStaticData in user code', () => {
  it('hands the code a copy and writes its changes back into the execution static data (both Code modes)', async () => {
    const staticData: Record<string, unknown> = { global: { count: 4 } };
    const workflow = chain([
      codeNode('All', 'const g = $getWorkflowStaticData("global"); g.count += 1; return [{ json: { count: g.count } }];'),
      codeNode('Each', 'const n = $getWorkflowStaticData("node"); n.seen = (n.seen ?? 0) + 1; return { json: { seen: n.seen, global: $getWorkflowStaticData("global").count } };', 'runOnceForEachItem'),
    ]);
    const result = await executeWorkflow(workflow, { registry, staticData });
    expect(lastJson(result, 'All')).toEqual([{ count: 5 }]);
    // The next node sees the first one's change: the execution's static data is shared by its nodes.
    expect(lastJson(result, 'Each')).toEqual([{ seen: 1, global: 5 }]);
    expect(staticData).toEqual({ global: { count: 5 }, 'node:Each': { seen: 1 } });
  });

  it('keys node scopes by node name and leaves scopes the code did not ask for alone', async () => {
    const staticData: Record<string, unknown> = { global: { keep: true }, 'node:Other': { untouched: 1 }, 'node:Fn': { runs: 2 } };
    const workflow = chain([
      { name: 'Fn', type: 'n8n-nodes-base.function', typeVersion: 1, parameters: { functionCode: 'const s = getWorkflowStaticData("node"); s.runs += 1; return [{ json: { runs: s.runs, other: getWorkflowStaticData("global").other } }];' } },
      { name: 'Item', type: 'n8n-nodes-base.functionItem', typeVersion: 1, parameters: { functionCode: 'getWorkflowStaticData("node").last = item.runs; return item;' } },
    ]);
    const result = await executeWorkflow(workflow, { registry, staticData });
    expect(lastJson(result, 'Fn')).toEqual([{ runs: 3 }]);
    expect(staticData).toEqual({ global: { keep: true }, 'node:Other': { untouched: 1 }, 'node:Fn': { runs: 3 }, 'node:Item': { last: 3 } });
  });

  it('keeps changes made before the code threw, as n8n changes static data in place', async () => {
    const staticData: Record<string, unknown> = {};
    const workflow = chain([codeNode('Code', '$getWorkflowStaticData("global").lastId = 7; throw new Error("later step failed");')]);
    const result = await executeWorkflow(workflow, { registry, staticData });
    expect(result.status).toBe('error');
    expect(staticData).toEqual({ global: { lastId: 7 } });
  });

  it("refuses scopes other than 'global' and 'node' with n8n's message", async () => {
    const workflow = chain([codeNode('Code', '$getWorkflowStaticData("workflow"); return [];')]);
    const result = await executeWorkflow(workflow, { registry, staticData: {} });
    expect(result.data.resultData.error?.message).toContain('Unknown context type. Only `global` and `node` are supported.');
  });

  it('drops state that is not JSON instead of failing the node, and changes nothing', async () => {
    const staticData: Record<string, unknown> = { global: { n: 1 } };
    const workflow = chain([codeNode('Code', 'const g = $getWorkflowStaticData("global"); g.self = g; return [{ json: { ok: true } }];')]);
    const result = await executeWorkflow(workflow, { registry, staticData });
    expect(lastJson(result, 'Code')).toEqual([{ ok: true }]);
    expect(staticData).toEqual({ global: { n: 1 } });
  });

  it("without execution static data, reads the document's own and keeps no change", async () => {
    const workflow = chain([codeNode('Code', 'const g = $getWorkflowStaticData("global"); g.count += 1; return [{ json: { count: g.count } }];')], { staticData: { global: { count: 10 } } });
    for (let run = 0; run < 2; run++) expect(lastJson(await executeWorkflow(workflow, { registry }), 'Code')).toEqual([{ count: 11 }]);
    expect(workflow.staticData).toEqual({ global: { count: 10 } });
  });
});
