import { describe, expect, it } from 'vitest';
import { NodeExecutionError } from '../core/errors/index.js';
import type { WorkflowDocument } from '../core/model/types.js';
import { NodeRegistry, type NodeTypeSpec } from '../core/node-api/index.js';
import { builtinNodes } from '../nodes/index.js';
import { createVirtualClock } from './clock.js';
import { executeWorkflow } from './execute-workflow.js';
import { Semaphore } from './semaphore.js';

/** A node whose runs wait until the test releases them, recording when they start and end. */
function gatedNode(log: string[], gates: Map<string, () => void>): NodeTypeSpec {
  return {
    type: 'test.gated',
    versions: [1],
    displayName: 'Gated',
    inputs: 1,
    outputs: 1,
    async execute(ctx, inputs) {
      log.push(`start ${ctx.node.name}`);
      await new Promise<void>((resolve, reject) => {
        gates.set(ctx.node.name, resolve);
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      });
      log.push(`end ${ctx.node.name}`);
      return [[...(inputs[0] ?? [])]];
    },
  };
}

const throwing: NodeTypeSpec = {
  type: 'test.throw',
  versions: [1],
  displayName: 'Throw',
  inputs: 1,
  outputs: 1,
  execute: (ctx) => {
    throw new NodeExecutionError(ctx.node.name, 'Something broke', { description: 'details here' });
  },
};

const badOutput: NodeTypeSpec = {
  type: 'test.bad',
  versions: [1],
  displayName: 'Bad',
  inputs: 1,
  outputs: 1,
  execute: () => [[{ notJson: true }]] as never,
};

function doc(nodes: Array<[string, string, Record<string, unknown>?]>, edges: Array<[string, string, number?]>): WorkflowDocument {
  const connections: WorkflowDocument['connections'] = {};
  for (const [from, to, output = 0] of edges) {
    const outputs = ((connections[from] ??= { main: [] }).main ??= []);
    while (outputs.length <= output) outputs.push([]);
    outputs[output]!.push({ node: to, type: 'main', index: 0 });
  }
  return {
    name: 'runtime test',
    nodes: nodes.map(([name, type, parameters = {}]) => ({ name, type, typeVersion: type.startsWith('test.') ? 1 : type === 'n8n-nodes-base.splitInBatches' ? 3 : 1, parameters })),
    connections,
  };
}

const trigger = 'n8n-nodes-base.manualTrigger';

describe('executeWorkflow', () => {
  it('runs independent branches concurrently', async () => {
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    const registry = NodeRegistry.of([...builtinNodes, gatedNode(log, gates)]);
    const workflow = doc([['Start', trigger], ['A', 'test.gated'], ['B', 'test.gated']], [['Start', 'A'], ['Start', 'B']]);
    const running = executeWorkflow(workflow, { registry });
    await waitFor(() => gates.size === 2);
    expect(log).toEqual(['start A', 'start B']);
    gates.get('B')!();
    gates.get('A')!();
    const result = await running;
    expect(result.status).toBe('success');
    expect(Object.keys(result.data.resultData.runData).sort()).toEqual(['A', 'B', 'Start']);
  });

  it('never runs more nodes at once than the process slots allow', async () => {
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    const registry = NodeRegistry.of([...builtinNodes, gatedNode(log, gates)]);
    const workflow = doc([['Start', trigger], ['A', 'test.gated'], ['B', 'test.gated']], [['Start', 'A'], ['Start', 'B']]);
    const running = executeWorkflow(workflow, { registry, processSlots: new Semaphore(1) });
    await waitFor(() => gates.size === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual(['start A']);
    gates.get('A')!();
    await waitFor(() => gates.size === 2);
    gates.get('B')!();
    expect((await running).status).toBe('success');
  });

  it('cancels through the signal: running nodes see their signal abort', async () => {
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    const registry = NodeRegistry.of([...builtinNodes, gatedNode(log, gates)]);
    const controller = new AbortController();
    const running = executeWorkflow(doc([['Start', trigger], ['A', 'test.gated']], [['Start', 'A']]), { registry, signal: controller.signal });
    await waitFor(() => gates.size === 1);
    controller.abort();
    const result = await running;
    expect(result.status).toBe('canceled');
    expect(log).toEqual(['start A']);
  });

  it('reports a node error with its node, message and description, without a stack', async () => {
    const registry = NodeRegistry.of([...builtinNodes, throwing]);
    const result = await executeWorkflow(doc([['Start', trigger], ['Broken', 'test.throw']], [['Start', 'Broken']]), { registry });
    expect(result.status).toBe('error');
    expect(result.data.resultData.error).toEqual({
      name: 'NodeOperationError',
      message: 'Something broke',
      description: 'details here',
      code: 'WEFT_E_NODE_FAILED',
      node: 'Broken',
      context: {},
    });
    expect(JSON.stringify(result)).not.toContain('    at ');
  });

  it('fails a node that returns malformed items', async () => {
    const registry = NodeRegistry.of([...builtinNodes, badOutput]);
    const result = await executeWorkflow(doc([['Start', trigger], ['Bad', 'test.bad']], [['Start', 'Bad']]), { registry });
    expect(result.data.resultData.error).toMatchObject({ code: 'WEFT_E_NODE_OUTPUT_INVALID', node: 'Bad' });
    expect(result.data.resultData.error!.message).toContain('has no "json" object');
  });

  it('runs Loop Over Items: the body once per batch, then everything on done', async () => {
    const registry = NodeRegistry.of(builtinNodes);
    const workflow = doc(
      [['Start', trigger], ['Loop', 'n8n-nodes-base.splitInBatches', { batchSize: 2 }], ['Body', 'n8n-nodes-base.noOp'], ['Done', 'n8n-nodes-base.noOp']],
      [['Start', 'Loop'], ['Loop', 'Done', 0], ['Loop', 'Body', 1], ['Body', 'Loop']],
    );
    const startItems = [1, 2, 3, 4, 5].map((n) => ({ json: { n } }));
    const result = await executeWorkflow(workflow, { registry, startItems });
    expect(result.status).toBe('success');
    const runData = result.data.resultData.runData;
    expect(runData.Body!.map((run) => run.data.main[0]!.map((item) => item.json.n))).toEqual([[1, 2], [3, 4], [5]]);
    expect(runData.Done).toHaveLength(1);
    expect(runData.Done![0]!.data.main[0]!.map((item) => item.json.n)).toEqual([1, 2, 3, 4, 5]);
    expect(runData.Loop).toHaveLength(4);
  });

  it('waits on the injected clock: a 42 s Wait costs no real time on a virtual clock', async () => {
    const clock = createVirtualClock(Date.parse('2024-01-01T00:00:00Z'));
    const registry = NodeRegistry.of(builtinNodes);
    const workflow = doc([['Start', trigger], ['Wait', 'n8n-nodes-base.wait', { amount: 42, unit: 'seconds' }]], [['Start', 'Wait']]);
    const before = Date.now();
    const result = await executeWorkflow(workflow, { registry, clock });
    expect(result.status).toBe('success');
    expect(result.data.resultData.runData.Wait![0]!.executionTime).toBe(42_000);
    expect(clock.now() - Date.parse('2024-01-01T00:00:00Z')).toBe(42_000);
    expect(Date.now() - before).toBeLessThan(42_000);
  });

  it('times out an execution with the configured timeout', async () => {
    const clock = createVirtualClock(0);
    const registry = NodeRegistry.of(builtinNodes);
    const workflow = doc([['Start', trigger], ['Wait', 'n8n-nodes-base.wait', { amount: 1, unit: 'hours' }]], [['Start', 'Wait']]);
    const result = await executeWorkflow(workflow, { registry, clock, timeoutMs: 1_000 });
    expect(result.status).toBe('canceled');
    expect(result.data.resultData.error).toMatchObject({ code: 'WEFT_E_EXECUTION_TIMEOUT' });
  });

  it('stops the workflow with Stop and Error', async () => {
    const registry = NodeRegistry.of(builtinNodes);
    const workflow = doc([['Start', trigger], ['Stop', 'n8n-nodes-base.stopAndError', { errorMessage: 'custom failure' }]], [['Start', 'Stop']]);
    const result = await executeWorkflow(workflow, { registry });
    expect(result.status).toBe('error');
    expect(result.data.resultData.error).toMatchObject({ message: 'custom failure', node: 'Stop', code: 'WEFT_E_STOPPED_BY_NODE' });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('execution custom data', () => {
  it('is shared by the Code nodes of one execution and kept as result metadata', async () => {
    const registry = NodeRegistry.of(builtinNodes);
    const setter = `$execution.customData.set('count', String(Number($execution.customData.get('count') ?? 0) + 1)); return $input.all();`;
    const workflow = doc(
      [['Start', trigger], ['First', 'n8n-nodes-base.code', { jsCode: setter }], ['Second', 'n8n-nodes-base.code', { jsCode: setter }]],
      [['Start', 'First'], ['First', 'Second']],
    );
    workflow.nodes.forEach((node) => {
      if (node.type === 'n8n-nodes-base.code') node.typeVersion = 2;
    });
    const result = await executeWorkflow(workflow, { registry });
    expect(result.status).toBe('success');
    expect(result.data.resultData.metadata).toEqual({ count: '2' });
  });
});
