import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../core/model/deep-freeze.js';
import type { WorkflowDocument, WorkflowNode } from '../../core/model/types.js';
import { createSilentLogger, type Logger } from '../../logging/logger.js';
import { loadStaticData, persistsStaticData, usesStaticData } from './static-data.js';

const node = (parameters: WorkflowNode['parameters'], extra: Partial<WorkflowNode> = {}): WorkflowNode => ({
  name: 'Code',
  type: 'n8n-nodes-base.code',
  typeVersion: 2,
  position: [0, 0],
  parameters,
  ...extra,
});
const workflowOf = (...nodes: WorkflowNode[]): WorkflowDocument => ({ nodes, connections: {} });

/** A store holding one workflow's static data, counting reads and writes; `failWrites` makes writes throw. */
function fakeStore(initial: Record<string, unknown> = {}, failWrites = false) {
  const state = { stored: JSON.stringify(initial), reads: 0, writes: 0 };
  return {
    state,
    getStaticData: async (workflowId: string) => {
      expect(workflowId).toBe('wf-1');
      state.reads += 1;
      return JSON.parse(state.stored) as Record<string, unknown>;
    },
    setStaticData: async (workflowId: string, data: Record<string, unknown>) => {
      expect(workflowId).toBe('wf-1');
      if (failWrites) throw new Error('database is down');
      state.writes += 1;
      state.stored = JSON.stringify(data);
    },
  };
}

describe('usesStaticData', () => {
  it('is true when an enabled node mentions getWorkflowStaticData in any parameter, at any depth', () => {
    expect(usesStaticData(workflowOf(node({ jsCode: 'const s = $getWorkflowStaticData("global");' })))).toBe(true);
    expect(usesStaticData(workflowOf(node({ functionCode: 'getWorkflowStaticData("node").x = 1' }, { type: 'n8n-nodes-base.function', typeVersion: 1 })))).toBe(true);
    expect(usesStaticData(workflowOf(node({ options: { list: [{ code: 'x' }, { code: 'getWorkflowStaticData' }] } })))).toBe(true);
  });

  it('is false for workflows that never use it, and for disabled nodes that do', () => {
    expect(usesStaticData(workflowOf(node({ jsCode: 'return items' }), node({ value: 42, flag: true, none: null })))).toBe(false);
    expect(usesStaticData(workflowOf(node({ jsCode: '$getWorkflowStaticData("global")' }, { disabled: true })))).toBe(false);
  });

  it('works a frozen definition out once, and asks again for one that may change', () => {
    const unfrozen = workflowOf(node({ jsCode: 'return items' }));
    expect(usesStaticData(unfrozen)).toBe(false);
    unfrozen.nodes[0]!.parameters = { jsCode: '$getWorkflowStaticData("global")' };
    expect(usesStaticData(unfrozen)).toBe(true);

    const frozen = deepFreeze(workflowOf(node({ jsCode: '$getWorkflowStaticData("global")' })));
    expect(usesStaticData(frozen)).toBe(true);
    expect(usesStaticData(frozen)).toBe(true);
  });
});

describe('persistsStaticData', () => {
  it("is false only for manual runs (n8n: static data isn't available when testing)", () => {
    expect(persistsStaticData('manual')).toBe(false);
    for (const mode of ['trigger', 'webhook', 'retry', 'error', 'integrated', 'cli', 'internal'] as const) expect(persistsStaticData(mode)).toBe(true);
  });
});

describe('loadStaticData', () => {
  const definition = workflowOf(node({ jsCode: '$getWorkflowStaticData("global")' }));

  it('loads the stored data for a production run and saves it only when its JSON changed', async () => {
    const store = fakeStore({ global: { count: 1 } });
    const session = await loadStaticData({ store, workflowId: 'wf-1', definition, mode: 'webhook' });
    expect(store.state.reads).toBe(1);
    expect(session.data).toEqual({ global: { count: 1 } });

    expect(await session.save()).toBe(false);
    expect(store.state.writes).toBe(0);

    (session.data['global'] as { count: number }).count = 2;
    session.data['node:Code'] = { seen: ['a'] };
    expect(await session.save()).toBe(true);
    expect(JSON.parse(store.state.stored)).toEqual({ global: { count: 2 }, 'node:Code': { seen: ['a'] } });
    // Saved once: the same state again is no write.
    expect(await session.save()).toBe(false);
    expect(store.state.writes).toBe(1);
  });

  it("gives a manual run a private copy of the document's static data, with no store read and no save", async () => {
    const store = fakeStore({ global: { count: 99 } });
    const own = deepFreeze(workflowOf(node({ jsCode: '$getWorkflowStaticData("global")' })));
    const document = { ...own, staticData: deepFreeze({ global: { count: 3 } }) };
    const session = await loadStaticData({ store, workflowId: 'wf-1', definition: document, mode: 'manual' });
    expect(session.data).toEqual({ global: { count: 3 } });
    (session.data['global'] as { count: number }).count = 4;
    expect(await session.save()).toBe(false);
    expect(store.state).toMatchObject({ reads: 0, writes: 0 });
    expect(document.staticData).toEqual({ global: { count: 3 } });

    const empty = await loadStaticData({ store, workflowId: 'wf-1', definition, mode: 'manual' });
    expect(empty.data).toEqual({});
  });

  it('logs a failed save and resolves false instead of failing the execution end', async () => {
    const errors: string[] = [];
    const logger: Logger = Object.assign(createSilentLogger(), { error: (_data: object, message: string) => void errors.push(message) });
    const store = fakeStore({}, true);
    const session = await loadStaticData({ store, workflowId: 'wf-1', definition, mode: 'trigger', logger });
    session.data['global'] = { lastId: 5 };
    expect(await session.save()).toBe(false);
    expect(errors).toEqual(['saving the workflow static data failed; its changes from this execution are lost']);
  });

  it('rejects when the stored data cannot be read, so a run never starts from empty state and overwrites it', async () => {
    const store = { ...fakeStore(), getStaticData: () => Promise.reject(new Error('database is down')) };
    await expect(loadStaticData({ store, workflowId: 'wf-1', definition, mode: 'trigger' })).rejects.toThrow('database is down');
  });
});
