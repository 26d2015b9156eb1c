import { afterEach, describe, expect, it, vi } from 'vitest';
import { shardQueue } from '../../core/sharding/index.js';
import { chainWorkflow, testNodes, waitFor } from '../persistence/persistence.test-util.js';
import { queueRig, type QueueRig } from './worker.test-util.js';

let rig: QueueRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

describe('queue mode: group commit of execution rows', () => {
  it('creates concurrently accepted executions and records their ends in shared transactions, each exactly once', async () => {
    rig = await queueRig();
    const createMany = vi.spyOn(rig.store, 'createExecutions');
    const createOne = vi.spyOn(rig.store, 'createExecution');
    const finishMany = vi.spyOn(rig.store, 'finishExecutions');
    const finishOne = vi.spyOn(rig.store, 'finishExecution');
    const workflow = await rig.store.createWorkflow({ name: 'chain', definition: chainWorkflow(['A', 'B']) });
    const count = 40;
    // Accepted while no engine runs, so the ends below also come in a burst (the worker takes 16 at once).
    const started = await Promise.all(Array.from({ length: count }, (_, n) => rig!.runner.start({ workflow, mode: 'trigger', startItems: [{ json: { n } }] })));
    expect(createOne).not.toHaveBeenCalled();
    expect(createMany.mock.calls.flatMap(([inputs]) => inputs)).toHaveLength(count);
    expect(createMany.mock.calls.length).toBeLessThan(count);

    const queuedAttempt = (await rig.store.getExecution(started[0]!.executionId))!.attempt;
    await rig.worker(testNodes(), { concurrency: 16 }).start();
    const runs = await Promise.all(started.map((execution) => execution.done));
    expect(runs.map((run) => run.result.status)).toEqual(Array.from({ length: count }, () => 'success'));
    for (const [n, execution] of started.entries()) {
      const row = await rig.store.getExecution(execution.executionId);
      // One claim each: nothing was run twice.
      expect(row).toMatchObject({ status: 'success', attempt: queuedAttempt + 1 });
      const data = await rig.store.getExecutionData(execution.executionId);
      expect(data?.result?.data.resultData.runData.B?.[0]?.data.main[0]).toEqual([{ json: { n, A: true, B: true }, pairedItem: { item: 0 } }]);
    }
    expect(finishOne).not.toHaveBeenCalled();
    const finished = finishMany.mock.calls.flatMap(([finishes]) => finishes.map((finish) => finish.id));
    // Each end recorded once, through the batch call (how many share a transaction depends on timing: SQLite
    // writes complete within the tick, so ends that arrive in different ticks go alone).
    expect(finished.sort()).toEqual(started.map((execution) => execution.executionId).sort());
    expect(finishMany.mock.calls.length).toBeLessThanOrEqual(count);
    await waitFor(async () => (await rig!.queue.depth(shardQueue(0))) === 0, 'every job to be acked');
  });

  it('does not acknowledge a job before its end is recorded: a failed finish gives the job back and a later attempt records it', async () => {
    rig = await queueRig({ maxDeliveries: 5 });
    const finishMany = vi.spyOn(rig.store, 'finishExecutions');
    finishMany.mockRejectedValueOnce(new Error('store down for a moment'));
    const workflow = await rig.store.createWorkflow({ name: 'chain', definition: chainWorkflow(['A']) });
    const started = await rig.runner.start({ workflow, mode: 'trigger' });
    const queuedAttempt = (await rig.store.getExecution(started.executionId))!.attempt;
    await rig.worker(testNodes()).start();
    await waitFor(async () => (await rig!.store.getExecution(started.executionId))?.status === 'success', 'the execution to end after the retry');
    const row = await rig.store.getExecution(started.executionId);
    // The first attempt's finish failed, so its job went back to the queue; the second attempt recorded the end.
    expect(row).toMatchObject({ status: 'success', attempt: queuedAttempt + 2 });
    expect(finishMany).toHaveBeenCalledTimes(2);
    await waitFor(async () => (await rig!.queue.depth(shardQueue(0))) === 0, 'the job to be acked');
  });
});

describe('direct runs: group commit of execution rows', () => {
  it('writes the rows and the ends of direct runs started in one event-loop turn in one transaction each', async () => {
    rig = await queueRig();
    const worker = rig.worker(testNodes(), { concurrency: 16 });
    await worker.start();
    const workflow = await rig.store.createWorkflow({ name: 'chain', definition: chainWorkflow(['A', 'B']) });
    const createMany = vi.spyOn(rig.store, 'createExecutions');
    const finishMany = vi.spyOn(rig.store, 'finishExecutions');
    const count = 10;
    // Like the webhook requests read in one poll of the event loop: each starts its own direct run.
    const started = await Promise.all(Array.from({ length: count }, (_, n) => worker.runDirect({ workflow, mode: 'webhook', start: { startItems: [{ json: { n } }] } })));
    const runs = await Promise.all(started.map((direct) => direct!.done));
    expect(runs.map((run) => [run.recorded, run.result.status])).toEqual(Array.from({ length: count }, () => [true, 'success']));
    expect(createMany.mock.calls.map(([inputs]) => inputs.length)).toEqual([count]);
    expect(finishMany.mock.calls.map(([finishes]) => finishes.length)).toEqual([count]);
    for (const [n, direct] of started.entries()) {
      const data = await rig.store.getExecutionData(direct!.executionId);
      expect(data?.result?.data.resultData.runData.B?.[0]?.data.main[0]).toEqual([{ json: { n, A: true, B: true }, pairedItem: { item: 0 } }]);
    }
  });

  it('does not count an execution that only waits for its end to be recorded against the direct-run bound', async () => {
    rig = await queueRig();
    const worker = rig.worker(testNodes(), { concurrency: 1 });
    await worker.start();
    const workflow = await rig.store.createWorkflow({ name: 'chain', definition: chainWorkflow(['A']) });
    const finishMany = vi.spyOn(rig.store, 'finishExecutions');
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const store = rig.store;
    const original = finishMany.getMockImplementation() ?? store.finishExecutions.bind(store);
    finishMany.mockImplementationOnce(async (finishes) => {
      await gate;
      return original(finishes);
    });
    const first = await worker.runDirect({ workflow, mode: 'webhook', start: {} });
    await waitFor(() => finishMany.mock.calls.length === 1, 'the first end to be written');
    // Its nodes are done and its end is being written: the one slot is free for the next caller.
    const second = await worker.runDirect({ workflow, mode: 'webhook', start: {} });
    expect(second).toBeDefined();
    openGate();
    expect((await first!.done).recorded).toBe(true);
    expect((await second!.done).recorded).toBe(true);
    expect((await rig.store.getExecution(first!.executionId))?.status).toBe('success');
  });
});
