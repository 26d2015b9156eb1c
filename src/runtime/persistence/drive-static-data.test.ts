import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionMode, WorkflowDocument } from '../../core/model/types.js';
import type { Store, WorkflowRecord } from '../../ports/store/index.js';
import type { Engine } from '../engine.js';
import { chainWorkflow, memoryStore, testEngine, testNodes, waitFor, type TestNodes } from './persistence.test-util.js';
import { runPersisted } from './run-persisted.js';

/** Counts the static data calls that reach the store. */
function counting(store: Store): { store: Store; calls: { get: number; set: number } } {
  const calls = { get: 0, set: 0 };
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'getStaticData') calls.get += 1;
      if (key === 'setStaticData') calls.set += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { store: wrapped, calls };
}

const countingCode = 'const g = $getWorkflowStaticData("global"); g.count = (g.count ?? 0) + 1; return [{ json: { count: g.count } }];';

/** Start → Count (a Code node counting its executions in global static data) → the given `test.step` nodes. */
function countingWorkflow(after: string[] = [], code = countingCode): WorkflowDocument {
  return chainWorkflow(['Count', ...after], {}, { Count: { type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: code } } });
}

describe('driveExecution with workflow static data', () => {
  let base: Store;
  let store: Store;
  let calls: { get: number; set: number };
  let nodes: TestNodes;
  let engine: Engine;

  beforeEach(async () => {
    base = await memoryStore();
    ({ store, calls } = counting(base));
    nodes = testNodes();
    engine = testEngine(nodes);
  });

  afterEach(async () => {
    for (const release of nodes.held.values()) release();
    await engine.close();
    await base.close();
  });

  const run = async (workflow: WorkflowRecord, mode: ExecutionMode, signal?: AbortSignal) => (await runPersisted({ store, engine, workflow, mode, ...(signal ? { signal } : {}) })).result;
  const countOf = (result: Awaited<ReturnType<typeof run>>): unknown => result.data.resultData.runData['Count']?.[0]?.data.main[0]?.[0]?.json['count'];

  it('carries the data from one production execution to the next, and a manual run neither sees nor changes it', async () => {
    const workflow = await store.createWorkflow({ name: 'counter', definition: countingWorkflow() });
    expect(countOf(await run(workflow, 'trigger'))).toBe(1);
    expect(countOf(await run(workflow, 'webhook'))).toBe(2);
    expect(countOf(await run(workflow, 'manual'))).toBe(1);
    expect(await base.getStaticData(workflow.id)).toEqual({ global: { count: 2 } });
    expect(countOf(await run(workflow, 'trigger'))).toBe(3);
    expect(calls).toEqual({ get: 3, set: 3 });
  });

  it('fails the attempt without recording an end when static data cannot be read, so a retry can run it', async () => {
    const workflow = await store.createWorkflow({ name: 'counter', definition: countingWorkflow() });
    const failing = new Proxy(base, {
      get(target, key, receiver) {
        if (key === 'getStaticData') return () => Promise.reject(new Error('database restarting'));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    await expect(runPersisted({ store: failing, engine, workflow, mode: 'trigger' })).rejects.toThrow('database restarting');
    const page = await base.listExecutions({ workflowId: workflow.id, limit: 10 });
    expect(page.data.map((execution) => execution.status)).toEqual(['running']);
  });

  it('costs no store call for workflows that never use static data, and no write when the data did not change', async () => {
    const plain = await store.createWorkflow({ name: 'plain', definition: chainWorkflow(['A']) });
    await run(plain, 'trigger');
    expect(calls).toEqual({ get: 0, set: 0 });

    const reader = await store.createWorkflow({ name: 'reader', definition: countingWorkflow([], 'return [{ json: { count: $getWorkflowStaticData("global").count ?? 0 } }];') });
    await base.setStaticData(reader.id, { global: { count: 7 } });
    expect(countOf(await run(reader, 'trigger'))).toBe(7);
    expect(calls).toEqual({ get: 1, set: 0 });
  });

  it('saves after a failed execution (as n8n does) but not after a canceled one', async () => {
    const workflow = await store.createWorkflow({ name: 'ends', definition: countingWorkflow(['After']) });
    nodes.fail.add('After');
    expect((await run(workflow, 'trigger')).status).toBe('error');
    expect(await base.getStaticData(workflow.id)).toEqual({ global: { count: 1 } });

    nodes.fail.clear();
    nodes.hold.add('After');
    const controller = new AbortController();
    const canceled = run(workflow, 'trigger', controller.signal);
    await waitFor(() => nodes.held.has('After'), 'the node after Count to start');
    controller.abort(new Error('canceled by the test'));
    expect((await canceled).status).toBe('canceled');
    expect(await base.getStaticData(workflow.id)).toEqual({ global: { count: 1 } });
  });

  it('has the data saved before the end is recorded, so whoever sees the end sees the data', async () => {
    const workflow = await store.createWorkflow({ name: 'ordered', definition: countingWorkflow() });
    const order: string[] = [];
    const observed = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'setStaticData' || key === 'finishExecution') order.push(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    await runPersisted({ store: observed, engine, workflow, mode: 'trigger' });
    expect(order).toEqual(['setStaticData', 'finishExecution']);
  });
});
