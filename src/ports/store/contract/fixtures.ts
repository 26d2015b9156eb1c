import type { Item, WorkflowDocument } from '../../../core/model/types.js';
import type { ExecutionResult, SchedulerEvent } from '../../../core/scheduler/index.js';
import type { Store } from '../types.js';

/** A small valid n8n workflow document. */
export function workflowDocument(label: string): WorkflowDocument {
  return {
    nodes: [
      {
        id: '6b1f1c2e-0000-4000-8000-000000000001',
        name: 'Start',
        type: 'n8n-nodes-base.manualTrigger',
        typeVersion: 1,
        parameters: {},
        position: [0, 0],
      },
      {
        id: '6b1f1c2e-0000-4000-8000-000000000002',
        name: 'Set',
        type: 'n8n-nodes-base.set',
        typeVersion: 3.4,
        parameters: { values: { string: [{ name: 'label', value: label }] } },
        position: [220, 0],
      },
    ],
    connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
}

/**
 * A document with what n8n exports carry beyond Weft's model: unknown top-level and node fields, nulls, unicode,
 * nested arrays, fractional numbers, a hole in connections, keys in an order that is not alphabetical.
 */
export function exoticDocument(): WorkflowDocument {
  return {
    zeta: 'first key on purpose',
    nodes: [
      {
        parameters: { jsCode: "return $input.all().map(i => ({ json: { ...i.json, ok: 'ü ✓ \\n' } }));", nested: { deep: [[1, null, { a: [] }]] } },
        name: 'Code',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        position: [460, -20.5],
        alwaysOutputData: true,
        credentials: { httpBasicAuth: { id: 'cred-1', name: 'Basic' } },
        futureNodeField: { kept: true, empty: {} },
      },
    ],
    connections: { Code: { main: [null, [{ node: 'Code', type: 'main', index: 0 }]] } },
    pinData: { Code: [{ json: { pinned: 1.25, nothing: null } }] },
    settings: { saveExecutionProgress: true, callerPolicy: 'workflowsFromSameOwner', executionOrder: 'v1' },
    staticData: null,
    meta: { templateCredsSetupCompleted: true, instanceId: 'abc' },
    versionId: '0b8d1c6a-5a55-4c5a-a1d1-3c3f5f0e9e11',
    aLastKey: ['z', 'a'],
  };
}

/** Creates a workflow and returns its id (executions and webhooks belong to one). */
export async function createWorkflowId(store: Store, label = 'wf'): Promise<string> {
  const created = await store.createWorkflow({ name: label, definition: workflowDocument(label) });
  return created.id;
}

/** `count` items of roughly `bytesEach` bytes of JSON each, varied enough not to compress to nothing. */
export function items(count: number, bytesEach = 64): Item[] {
  const filler = 'lorem ipsum dolor sit amet consectetur adipiscing elit '.repeat(Math.ceil(bytesEach / 56)).slice(0, bytesEach);
  return Array.from({ length: count }, (_, index) => ({
    json: { index, name: `item ${index}`, text: `${filler}${index.toString(36)}`, flag: index % 3 === 0, score: index / 7, none: null },
    pairedItem: { item: index },
  }));
}

/** A run result in n8n's shape, with `data` as the one node's output. */
export function executionResult(data: Item[], status: ExecutionResult['status'] = 'success'): ExecutionResult {
  return {
    status,
    mode: 'manual',
    startedAt: '2024-03-05T10:00:00.000Z',
    stoppedAt: '2024-03-05T10:00:01.250Z',
    data: {
      resultData: {
        runData: {
          Start: [
            {
              startTime: 1_709_632_800_000,
              executionTime: 1_250,
              executionIndex: 0,
              executionStatus: status === 'error' ? 'error' : 'success',
              source: [null],
              data: { main: [data] },
              ...(status === 'error' ? { error: { message: 'Boom', name: 'NodeOperationError', node: 'Start' } } : {}),
            },
          ],
        },
        lastNodeExecuted: 'Start',
        ...(status === 'error' ? { error: { message: 'Boom', name: 'NodeOperationError', node: 'Start' } } : {}),
      },
    },
  };
}

/** A replayable "node finished" event for checkpoints. */
export function nodeSucceeded(runId: number, label: string): SchedulerEvent {
  return { type: 'nodeSucceeded', runId, at: 1_709_632_800_000 + runId, outputs: [[{ json: { label, runId } }]], nodeState: { cursor: label } };
}
