import { afterEach, describe, expect, it } from 'vitest';
import { shardQueue } from '../../core/sharding/index.js';
import { createOrphanSweep } from '../../server/executions/orphan-sweep.js';
import { chainWorkflow, testNodes, waitFor } from '../persistence/persistence.test-util.js';
import type { JobOutcome } from './worker-metrics.js';
import { queueRig, type QueueRig } from './worker.test-util.js';

let rig: QueueRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

/** Outcomes of the jobs a worker handled, in order, through its metrics hook. */
function outcomeLog(): { outcomes: JobOutcome[]; metrics: { jobDone(outcome: JobOutcome): void } } {
  const outcomes: JobOutcome[] = [];
  return { outcomes, metrics: { jobDone: (outcome) => void outcomes.push(outcome) } };
}

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

  it('skips the copy delivered while the first job runs the execution: the live run is not fenced out or disturbed', async () => {
    rig = await queueRig();
    const nodes = testNodes();
    nodes.hold.add('B');
    const log = outcomeLog();
    await rig.worker(nodes, { metrics: log.metrics }).start();
    const workflow = await rig.store.createWorkflow({ name: 'live', definition: chainWorkflow(['A', 'B']) });
    const started = await rig.runner.start({ workflow, mode: 'trigger' });
    await waitFor(() => nodes.held.has('B'), 'the first job to run up to B');
    expect(await rig.store.getExecution(started.executionId)).toMatchObject({ status: 'running', attempt: 2, worker: 'test-worker-1' });

    // The sweep's copy arrives mid-run (a second engine could take it just as well: the claim decides).
    await rig.enqueuer.enqueue(started.executionId, { id: workflow.id }, { kind: 'start', hasCheckpoints: true, recovered: true });
    await waitFor(() => log.outcomes.includes('skipped'), 'the copy to be skipped');
    expect(await rig.store.getExecution(started.executionId)).toMatchObject({ status: 'running', attempt: 2, worker: 'test-worker-1' });
    expect(nodes.runs).toEqual(new Map([['A', 1], ['B', 1]]));

    nodes.held.get('B')!();
    expect((await started.done).result.status).toBe('success');
    expect(await rig.store.getExecution(started.executionId)).toMatchObject({ status: 'success', attempt: 2 });
    expect(nodes.runs).toEqual(new Map([['A', 1], ['B', 1]]));
    await waitFor(async () => (await rig!.queue.depth(shardQueue(0))) === 0 && log.outcomes.length === 2, 'both jobs to be acked');
    expect(log.outcomes.sort()).toEqual(['ran', 'skipped']);
  });

  it('skips the first job when it arrives after the copy started the execution: the copy’s run goes on', async () => {
    rig = await queueRig();
    const nodes = testNodes();
    nodes.hold.add('B');
    const log = outcomeLog();
    await rig.worker(nodes, { metrics: log.metrics }).start();
    const workflow = await rig.store.createWorkflow({ name: 'late-original', definition: chainWorkflow(['A', 'B']) });
    // Recorded `new`; its job is so late that the sweep's copy is delivered first.
    const execution = await rig.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger', shard: 0, input: {} });
    const sweep = createOrphanSweep({ store: rig.store, enqueuer: rig.enqueuer, orphanAfterMs: 60_000, maxPerSweep: 10 });
    expect((await sweep.sweep(Date.now() + 60_001)).requeued).toEqual([execution.id]);
    await waitFor(() => nodes.held.has('B'), 'the copy to run up to B');
    expect(await rig.store.getExecution(execution.id)).toMatchObject({ status: 'running', attempt: 2 });

    // The original job (as queued-runner publishes it) arrives now.
    await rig.enqueuer.enqueue(execution.id, { id: workflow.id }, { kind: 'start', hasCheckpoints: false, input: {} });
    await waitFor(() => log.outcomes.includes('skipped'), 'the original job to be skipped');
    expect(await rig.store.getExecution(execution.id)).toMatchObject({ status: 'running', attempt: 2 });
    expect(nodes.runs).toEqual(new Map([['A', 1], ['B', 1]]));

    nodes.held.get('B')!();
    await waitFor(async () => (await rig!.store.getExecution(execution.id))?.status === 'success', 'the copy’s run to complete');
    expect(await rig.store.getExecution(execution.id)).toMatchObject({ status: 'success', attempt: 2 });
    expect(nodes.runs).toEqual(new Map([['A', 1], ['B', 1]]));
    await waitFor(async () => (await rig!.queue.depth(shardQueue(0))) === 0 && log.outcomes.length === 2, 'both jobs to be acked');
    expect(log.outcomes.sort()).toEqual(['ran', 'skipped']);
  });

  it('keeps deferred copies from taking over: under a concurrency limit, the copy and the first job run the execution once', async () => {
    rig = await queueRig();
    const nodes = testNodes();
    nodes.hold.add('B');
    const log = outcomeLog();
    await rig.worker(nodes, { metrics: log.metrics }).start();
    const workflow = await rig.store.createWorkflow({ name: 'limited', definition: chainWorkflow(['A', 'B'], { settings: { weftConcurrencyLimit: 1 } }) });
    const routed = { id: workflow.id, settings: { weftConcurrencyLimit: 1 } };
    // The one slot is taken by a running execution, so both jobs of the next one are deferred while it is `new`.
    const blocker = await rig.runner.start({ workflow, mode: 'trigger' });
    await waitFor(() => nodes.held.has('B'), 'the blocker to hold the slot');
    const execution = await rig.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger', shard: 0, input: {} });
    await rig.enqueuer.enqueue(execution.id, routed, { kind: 'start', input: {} });
    await rig.enqueuer.enqueue(execution.id, routed, { kind: 'start', hasCheckpoints: true, recovered: true });
    await waitFor(() => log.outcomes.filter((outcome) => outcome === 'deferred').length >= 2, 'both jobs to be deferred');

    // B stays held: the execution's own run holds there too while its other job comes back from deferral.
    nodes.held.get('B')!();
    expect((await blocker.done).result.status).toBe('success');
    await waitFor(() => nodes.runs.get('B') === 2, 'one of the execution’s jobs to run it up to B');
    await waitFor(() => log.outcomes.includes('skipped'), 'its other job to be skipped', 10_000);
    expect(await rig.store.getExecution(execution.id)).toMatchObject({ status: 'running', attempt: 2 });
    nodes.held.get('B')!();
    await waitFor(async () => (await rig!.store.getExecution(execution.id))?.status === 'success', 'the execution to complete');
    await waitFor(async () => (await rig!.queue.depth(shardQueue(0))) === 0 && log.outcomes.filter((outcome) => outcome !== 'deferred').length === 3, 'every job to be acked');
    // Claimed once (attempt 1 → 2), its nodes run once (A and B twice in all: the blocker's and its own).
    expect(await rig.store.getExecution(execution.id)).toMatchObject({ status: 'success', attempt: 2 });
    expect(nodes.runs).toEqual(new Map([['A', 2], ['B', 2]]));
    // The blocker and one of the execution's two jobs ran; the other found it started (or ended) and was skipped.
    expect(log.outcomes.filter((outcome) => outcome !== 'deferred').sort()).toEqual(['ran', 'ran', 'skipped']);
  });
});
