import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../ports/store/index.js';
import type { Engine } from '../engine.js';
import { chainWorkflow, memoryStore, testEngine, testNodes, waitFor, type TestNodes } from './persistence.test-util.js';
import { runPersisted } from './run-persisted.js';
import { defaultSavingPolicy } from './saving-policy.js';

describe('runPersisted', () => {
  let store: Store;
  let nodes: TestNodes;
  let engine: Engine;

  beforeEach(async () => {
    store = await memoryStore();
    nodes = testNodes();
    engine = testEngine(nodes);
  });

  afterEach(async () => {
    for (const release of nodes.held.values()) release();
    await engine.close();
    await store.close();
  });

  it('records the workflow version it ran, the worker, attempt 1, and the result', async () => {
    const created = await store.createWorkflow({ name: 'versioned', definition: chainWorkflow(['A']) });
    const workflow = await store.updateWorkflow(created.id, { definition: chainWorkflow(['A', 'B']) });
    expect(workflow.version).toBe(2);

    const { executionId, result, recorded } = await runPersisted({ store, engine, workflow, mode: 'trigger', worker: 'worker-1', startItems: [{ json: { n: 1 } }] });

    expect(recorded).toBe(true);
    expect(result.status).toBe('success');
    const execution = await store.getExecution(executionId);
    expect(execution).toMatchObject({ workflowId: workflow.id, workflowVersion: 2, status: 'success', mode: 'trigger', worker: 'worker-1', attempt: 1 });
    expect(execution?.startedAt).toBeTypeOf('number');
    expect(execution?.stoppedAt).toBe(Date.parse(result.stoppedAt));
    const data = await store.getExecutionData(executionId);
    expect(data?.result?.data.resultData.runData.B?.[0]?.data.main[0]).toEqual([{ json: { n: 1, A: true, B: true }, pairedItem: { item: 0 } }]);
    expect(data?.input).toEqual({ startItems: [{ json: { n: 1 } }] });
  });

  it('checkpoints the start and every finished node, in order, while the execution runs', async () => {
    const workflow = await store.createWorkflow({ name: 'chain', definition: chainWorkflow(['A', 'B', 'C']) });
    nodes.hold.add('C');
    const running = runPersisted({ store, engine, workflow, mode: 'trigger', worker: 'w' });
    await waitFor(() => nodes.held.has('C'), 'C to start');
    const [execution] = await store.listRunningByWorker(['w']);
    expect(execution?.status).toBe('running');
    // Before the end: start, Start, A, B are saved (C is still running).
    await waitFor(async () => (await store.loadCheckpoints(execution!.id)).length === 4, 'four checkpoints');
    nodes.held.get('C')!();
    const { executionId } = await running;

    const checkpoints = await store.loadCheckpoints(executionId);
    expect(checkpoints.map((checkpoint) => checkpoint.event.type)).toEqual(['start', 'nodeSucceeded', 'nodeSucceeded', 'nodeSucceeded']);
    const outputs = checkpoints.map((checkpoint) => (checkpoint.event.type === 'nodeSucceeded' ? checkpoint.event.outputs[0]?.[0]?.json : undefined));
    expect(outputs[3]).toEqual({ A: true, B: true });
    // C finished right before the end: its checkpoint was not written, the recorded success supersedes it.
    expect((await store.getExecution(executionId))?.status).toBe('success');
    expect((await store.getExecutionData(executionId))?.result?.data.resultData.runData.C?.[0]?.data.main[0]?.[0]?.json).toEqual({ A: true, B: true, C: true });
  });

  it('writes the unwritten checkpoints after all when recording the success fails', async () => {
    const workflow = await store.createWorkflow({ name: 'finish fails', definition: chainWorkflow(['A']) });
    const failingFinish: typeof store = Object.create(store) as typeof store;
    failingFinish.finishExecution = async () => {
      throw new Error('database down');
    };
    await expect(runPersisted({ store: failingFinish, engine, workflow, mode: 'trigger', worker: 'w-fail', checkpointFlushMs: 60_000 })).rejects.toThrow('database down');
    const [execution] = await store.listRunningByWorker(['w-fail']);
    expect((await store.loadCheckpoints(execution!.id)).map((checkpoint) => checkpoint.event.type)).toEqual(['start', 'nodeSucceeded', 'nodeSucceeded']);
  });

  it('checkpoints a failed node, then finishes with the error and its message', async () => {
    const workflow = await store.createWorkflow({ name: 'failing', definition: chainWorkflow(['A', 'B']) });
    nodes.fail.add('B');
    const { executionId, result } = await runPersisted({ store, engine, workflow, mode: 'trigger' });
    expect(result.status).toBe('error');
    expect(await store.getExecution(executionId)).toMatchObject({ status: 'error', errorMessage: 'B failed on purpose' });
    expect((await store.loadCheckpoints(executionId)).map((checkpoint) => checkpoint.event.type)).toEqual(['start', 'nodeSucceeded', 'nodeSucceeded', 'nodeFailed']);
    expect((await store.getExecutionData(executionId))?.result?.data.resultData.error?.message).toBe('B failed on purpose');
  });

  it('writes no checkpoints when the workflow does not save progress', async () => {
    const workflow = await store.createWorkflow({ name: 'no progress', definition: chainWorkflow(['A', 'B'], { settings: { saveExecutionProgress: false } }) });
    nodes.hold.add('B');
    const running = runPersisted({ store, engine, workflow, mode: 'trigger', worker: 'w' });
    await waitFor(() => nodes.held.has('B'), 'B to start');
    await new Promise((resolve) => setTimeout(resolve, 30)); // several flush intervals
    const [execution] = await store.listRunningByWorker(['w']);
    expect(await store.loadCheckpoints(execution!.id)).toEqual([]);
    nodes.held.get('B')!();
    const { executionId } = await running;
    expect(await store.loadCheckpoints(executionId)).toEqual([]);
    expect((await store.getExecution(executionId))?.status).toBe('success');
  });

  it('keeps the row but not the data of a success when saveDataSuccessExecution is none', async () => {
    const workflow = await store.createWorkflow({ name: 'no data', definition: chainWorkflow(['A'], { settings: { saveDataSuccessExecution: 'none' } }) });
    const { executionId, result } = await runPersisted({ store, engine, workflow, mode: 'trigger' });
    expect(result.status).toBe('success');
    expect((await store.getExecution(executionId))?.status).toBe('success');
    expect((await store.getExecutionData(executionId))?.result).toBeUndefined();
  });

  it('applies saveDataErrorExecution to failed executions only', async () => {
    nodes.fail.add('A');
    const saving = { ...defaultSavingPolicy, saveDataErrorExecution: 'none' as const };
    const workflow = await store.createWorkflow({ name: 'errors', definition: chainWorkflow(['A']) });
    const failed = await runPersisted({ store, engine, workflow, mode: 'trigger', saving });
    expect(await store.getExecution(failed.executionId)).toMatchObject({ status: 'error', errorMessage: 'A failed on purpose' });
    expect((await store.getExecutionData(failed.executionId))?.result).toBeUndefined();

    nodes.fail.clear();
    const succeeded = await runPersisted({ store, engine, workflow, mode: 'trigger', saving });
    expect((await store.getExecutionData(succeeded.executionId))?.result?.status).toBe('success');
  });

  it('removes a finished manual execution when saveManualExecutions is false, and keeps other modes', async () => {
    const workflow = await store.createWorkflow({ name: 'manual', definition: chainWorkflow(['A'], { settings: { saveManualExecutions: false } }) });
    const manual = await runPersisted({ store, engine, workflow, mode: 'manual' });
    expect(manual.result.status).toBe('success');
    expect(await store.getExecution(manual.executionId)).toBeUndefined();

    const triggered = await runPersisted({ store, engine, workflow, mode: 'trigger' });
    expect((await store.getExecution(triggered.executionId))?.status).toBe('success');
  });

  it('records an execution the engine cannot start as an error, then reports the error', async () => {
    const broken = chainWorkflow(['A']);
    broken.nodes[1]!.type = 'test.unknown';
    const workflow = await store.createWorkflow({ name: 'broken', definition: broken });
    await expect(runPersisted({ store, engine, workflow, mode: 'trigger', worker: 'w' })).rejects.toMatchObject({ code: 'WEFT_E_UNKNOWN_NODE_TYPE' });
    const { data } = await store.listExecutions({ workflowId: workflow.id, limit: 10 });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ status: 'error', errorMessage: expect.stringContaining('test.unknown') });
  });

  it('records a cancel through the signal as canceled', async () => {
    const workflow = await store.createWorkflow({ name: 'cancel', definition: chainWorkflow(['A']) });
    nodes.hold.add('A');
    const controller = new AbortController();
    const running = runPersisted({ store, engine, workflow, mode: 'trigger', signal: controller.signal });
    await waitFor(() => nodes.held.has('A'), 'A to start');
    controller.abort();
    const { executionId, result } = await running;
    expect(result.status).toBe('canceled');
    expect((await store.getExecution(executionId))?.status).toBe('canceled');
  });
});
