import { afterEach, describe, expect, it } from 'vitest';
import { shardQueue } from '../../core/sharding/index.js';
import { createOrphanSweep } from '../../server/executions/orphan-sweep.js';
import { chainWorkflow, testNodes, waitFor } from '../persistence/persistence.test-util.js';
import { queueRig, type QueueRig } from './worker.test-util.js';

let rig: QueueRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

const waitNode = (ms: number) => ({ type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'timeInterval', amount: ms / 1000, unit: 'seconds' } });

describe('jobs queued again by the orphan sweep', () => {
  it('runs an execution stranded in new without a job, with the start input it was recorded with', async () => {
    rig = await queueRig();
    const nodes = testNodes();
    await rig.worker(nodes).start();
    const workflow = await rig.store.createWorkflow({ name: 'stranded', definition: chainWorkflow(['A', 'B']) });
    // What an orchestrator killed between writing the row and publishing its job leaves behind. The input is
    // larger than a job carries inline, so the engine must read it from the store.
    const big = 'x'.repeat(20_000);
    const stranded = await rig.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'webhook', shard: 0, input: { startItems: [{ json: { big } }] } });
    const sweep = createOrphanSweep({ store: rig.store, enqueuer: rig.enqueuer, orphanAfterMs: 60_000, maxPerSweep: 10 });
    expect((await sweep.sweep(Date.now() + 60_001)).requeued).toEqual([stranded.id]);

    await waitFor(async () => (await rig!.store.getExecution(stranded.id))?.status === 'success', 'the stranded execution to complete');
    const data = await rig.store.getExecutionData(stranded.id);
    expect(data?.result?.data.resultData.runData.B?.[0]?.data.main[0]?.[0]?.json).toEqual({ big, A: true, B: true });
    expect(nodes.runs).toEqual(new Map([['A', 1], ['B', 1]]));
    await waitFor(async () => (await rig!.queue.depth(shardQueue(0))) === 0, 'the job to be acked');
  });

  it('skips the copy when the first job was only slow: a running execution is not taken over, a finished one not rerun', async () => {
    rig = await queueRig();
    const nodes = testNodes();
    await rig.worker(nodes).start();
    const workflow = await rig.store.createWorkflow({ name: 'slow', definition: chainWorkflow(['A', 'Pause'], {}, { Pause: waitNode(1_000) }) });
    const started = await rig.runner.start({ workflow, mode: 'trigger' });
    await waitFor(async () => (await rig!.store.getExecution(started.executionId))?.status === 'running', 'the first job to be claimed');
    const copy = { kind: 'start' as const, hasCheckpoints: true, recovered: true };
    await rig.enqueuer.enqueue(started.executionId, { id: workflow.id }, copy);

    expect((await started.done).result.status).toBe('success');
    await waitFor(async () => (await rig!.queue.depth(shardQueue(0))) === 0, 'the copy to be acked');
    // One claim only (attempt 1 → 2): the copy did not fence the running attempt out and run it again.
    expect(await rig.store.getExecution(started.executionId)).toMatchObject({ status: 'success', attempt: 2 });
    expect(nodes.runs.get('A')).toBe(1);

    await rig.enqueuer.enqueue(started.executionId, { id: workflow.id }, copy);
    await waitFor(async () => (await rig!.queue.depth(shardQueue(0))) === 0, 'the late copy to be acked');
    expect(await rig.store.getExecution(started.executionId)).toMatchObject({ status: 'success', attempt: 2 });
    expect(nodes.runs.get('A')).toBe(1);
  });
});
