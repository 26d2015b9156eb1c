import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shardOf, shardQueue } from '../../core/sharding/index.js';
import { chainWorkflow, testNodes, waitFor } from '../persistence/persistence.test-util.js';
import { queueRig, type QueueRig } from './worker.test-util.js';

let rig: QueueRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

const waitNode = (ms: number) => ({ type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'timeInterval', amount: ms / 1000, unit: 'seconds' } });

describe('queue mode: orchestrator runner → queue → engine worker', () => {
  it('runs a queued execution to its end, records it once and leaves the queue empty', async () => {
    rig = await queueRig();
    const nodes = testNodes();
    await rig.worker(nodes).start();
    const workflow = await rig.store.createWorkflow({ name: 'chain', definition: chainWorkflow(['A', 'B']) });
    const started = await rig.runner.start({ workflow, mode: 'manual', startItems: [{ json: { n: 1 } }] });
    expect((await rig.store.getExecution(started.executionId))?.status).toMatch(/new|running|success/);
    const run = await started.done;
    expect(run.result.status).toBe('success');
    expect(run.result.data.resultData.runData.B?.[0]?.data.main[0]).toEqual([{ json: { n: 1, A: true, B: true }, pairedItem: { item: 0 } }]);
    const row = await rig.store.getExecution(started.executionId);
    expect(row).toMatchObject({ status: 'success', worker: 'test-worker-1', shard: 0 });
    expect(nodes.runs).toEqual(new Map([['A', 1], ['B', 1]]));
    await waitFor(async () => (await rig!.queue.depth(shardQueue(0))) === 0, 'the job to be acked');
  });

  it('serves a workflow concurrency limit first in, first out', async () => {
    rig = await queueRig();
    const nodes = testNodes();
    await rig.worker(nodes, { concurrency: 8 }).start();
    const definition = chainWorkflow(['A', 'Pause'], { settings: { weftConcurrencyLimit: 1 } }, { Pause: waitNode(60) });
    const workflow = await rig.store.createWorkflow({ name: 'limited', definition });
    const started = [];
    for (let index = 0; index < 4; index++) started.push(await rig.runner.start({ workflow, mode: 'trigger' }));
    await Promise.all(started.map((execution) => execution.done));
    const rows = await Promise.all(started.map(async (execution) => (await rig!.store.getExecution(execution.executionId))!));
    for (const row of rows) expect(row.status).toBe('success');
    // One at a time, in the order they were queued.
    for (let index = 1; index < rows.length; index++) {
      expect(rows[index]!.startedAt!).toBeGreaterThanOrEqual(rows[index - 1]!.stoppedAt!);
    }
  });

  it('parks a long Wait (status waiting, no worker slot held) and resumes it by a delayed job', async () => {
    rig = await queueRig();
    const nodes = testNodes();
    const worker = rig.worker(nodes, { waitParkThresholdMs: 100 });
    await worker.start();
    const definition = chainWorkflow(['A', 'Pause', 'B'], {}, { Pause: waitNode(700) });
    const workflow = await rig.store.createWorkflow({ name: 'parks', definition });
    const started = await rig.runner.start({ workflow, mode: 'trigger' });
    await waitFor(async () => (await rig!.store.getExecution(started.executionId))?.status === 'waiting', 'the execution to park', 5_000);
    expect(worker.active).toBe(0);
    const parked = await rig.store.getExecution(started.executionId);
    expect(parked?.waitTill).toBeGreaterThan(Date.now());
    const run = await started.done;
    expect(run.result.status).toBe('success');
    expect(nodes.runs).toEqual(new Map([['A', 1], ['B', 1]]));
    expect(Date.now()).toBeGreaterThanOrEqual(parked!.waitTill!);
  });

  it('resumes a parked execution from its park when the workflow does not save progress', async () => {
    rig = await queueRig();
    const nodes = testNodes();
    await rig.worker(nodes, { waitParkThresholdMs: 100 }).start();
    // Without progress saving only the park's own events are stored; the resume must still replay them rather
    // than start over (which would run A again and park again, for ever).
    const definition = chainWorkflow(['A', 'Pause', 'B'], { settings: { saveExecutionProgress: false } }, { Pause: waitNode(500) });
    const workflow = await rig.store.createWorkflow({ name: 'parks without progress', definition });
    const started = await rig.runner.start({ workflow, mode: 'trigger' });
    const run = await started.done;
    expect(run.result.status).toBe('success');
    expect(nodes.runs).toEqual(new Map([['A', 1], ['B', 1]]));
  });

  it('hands running executions back on stop; another worker resumes without re-running finished nodes', async () => {
    rig = await queueRig();
    const first = testNodes();
    first.hold.add('B');
    const worker = rig.worker(first);
    await worker.start();
    const workflow = await rig.store.createWorkflow({ name: 'handback', definition: chainWorkflow(['A', 'B', 'C']) });
    const started = await rig.runner.start({ workflow, mode: 'trigger' });
    await waitFor(() => first.held.has('B'), 'B to start on the first worker');
    const report = await worker.stop({ deadlineMs: 50 });
    expect(report).toEqual({ finished: 0, handedBack: 1 });
    expect((await rig.store.getExecution(started.executionId))?.status).toBe('running');

    const second = testNodes();
    await rig.worker(second).start();
    const run = await started.done;
    expect(run.result.status).toBe('success');
    expect(first.runs.get('A')).toBe(1);
    expect(second.runs.has('A')).toBe(false);
    expect(second.runs.get('B')).toBe(1);
    expect(second.runs.get('C')).toBe(1);
    const row = await rig.store.getExecution(started.executionId);
    expect(row?.worker).toBe('test-worker-2');
  });

  it('dead-letters a poison job after the maximum deliveries and marks its execution failed with the reason', async () => {
    rig = await queueRig({ maxDeliveries: 2 });
    const { recordDeadLetters } = await import('./dead-letter-recorder.js');
    const { createSilentLogger } = await import('../../logging/logger.js');
    const workflow = await rig.store.createWorkflow({ name: 'poison', definition: chainWorkflow(['A']) });
    // An input too large to travel in the job, so the engine reads it from the store.
    const started = await rig.runner.start({ workflow, mode: 'trigger', startItems: [{ json: { pad: 'x'.repeat(20_000) } }] });
    // Damage the execution's stored input, so every attempt fails reading it.
    const raw = new Database(join(rig.dir, 'weft.db'));
    raw.prepare('update execution_data set input = ? where execution_id = ?').run(Buffer.from('not brotli'), started.executionId);
    raw.close();
    const nodes = testNodes();
    await rig.worker(nodes).start();
    const subscription = await recordDeadLetters({ queue: rig.queue, store: rig.store, logger: createSilentLogger() });
    try {
      await waitFor(async () => (await rig!.store.getExecution(started.executionId))?.status === 'error', 'the dead-lettered execution to be marked failed', 10_000);
      const row = await rig.store.getExecution(started.executionId);
      expect(row?.errorMessage).toMatch(/dead-lettered after 2 deliveries/);
      expect(nodes.runs.size).toBe(0);
    } finally {
      await subscription.stop();
    }
  });

  it('cancels a queued execution before any engine took it', async () => {
    rig = await queueRig();
    const workflow = await rig.store.createWorkflow({ name: 'queued', definition: chainWorkflow(['A']) });
    const started = await rig.runner.start({ workflow, mode: 'trigger' });
    expect(await rig.runner.requestCancel?.(started.executionId)).toBe(true);
    expect((await rig.store.getExecution(started.executionId))?.status).toBe('canceled');
    const nodes = testNodes();
    await rig.worker(nodes).start();
    await waitFor(async () => (await rig!.queue.depth(shardQueue(0))) === 0, 'the canceled job to be dropped');
    expect(nodes.runs.size).toBe(0);
  });

  it('keeps a stateful workflow on its first shard when shards are added; others move by consistent hashing', async () => {
    rig = await queueRig({ plan: { shards: 2 } });
    // A workflow id whose hash moves when a third shard is added.
    let id = 'wf-0';
    for (let n = 0; shardOf(id, { shards: 2 }) === shardOf(id, { shards: 3 }); n++) id = `wf-${n}`;
    const statefulBefore = await rig.enqueuer.shardFor({ id, settings: { weftStateful: true } });
    expect(statefulBefore).toBe(shardOf(id, { shards: 2 }));
    const { createExecutionEnqueuer } = await import('./execution-enqueuer.js');
    const grown = createExecutionEnqueuer({ queue: rig.queue, store: rig.store, plan: { shards: 3 }, defaultConcurrency: 0, messageTtlMs: 0 });
    expect(await grown.shardFor({ id, settings: { weftStateful: true } })).toBe(statefulBefore);
    expect(await grown.shardFor({ id })).toBe(shardOf(id, { shards: 3 }));
    expect(await grown.shardFor({ id })).not.toBe(statefulBefore);
  });

  it('runs an awaited execution directly when a slot is free, and queues it when the engine is full', async () => {
    rig = await queueRig();
    const nodes = testNodes();
    nodes.hold.add('A');
    const worker = rig.worker(nodes, { concurrency: 1 });
    await worker.start();
    const workflow = await rig.store.createWorkflow({ name: 'direct', definition: chainWorkflow(['A']) });
    const first = await worker.runDirect({ workflow, mode: 'webhook', start: { startItems: [{ json: { n: 1 } }] } });
    expect(first).toBeDefined();
    // Recorded running by this worker before it started, and no job in the queue.
    expect(await rig.store.getExecution(first!.executionId)).toMatchObject({ status: 'running', worker: 'test-worker-1', attempt: 1 });
    expect(await rig.queue.depth(shardQueue(0))).toBe(0);
    await waitFor(() => nodes.held.has('A'), 'A to start');
    // The only slot is taken: a second direct run is refused (the runner queues it instead).
    expect(await worker.runDirect({ workflow, mode: 'webhook', start: {} })).toBeUndefined();
    nodes.hold.delete('A');
    nodes.held.get('A')!();
    const run = await first!.done;
    expect(run.result.status).toBe('success');
    expect((await rig.store.getExecution(first!.executionId))?.status).toBe('success');
  });

  it('re-queues executions left running by a dead process of this machine, and they complete', async () => {
    rig = await queueRig();
    const { recoverDirectRuns } = await import('./recover-direct-runs.js');
    const { createSilentLogger } = await import('../../logging/logger.js');
    const workflow = await rig.store.createWorkflow({ name: 'orphan', definition: chainWorkflow(['A', 'B']) });
    const orphan = await rig.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'webhook', status: 'running', worker: 'this-host:111', startedAt: Date.now(), input: {} });
    const alive = await rig.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'webhook', status: 'running', worker: 'this-host:222', startedAt: Date.now(), input: {} });
    const elsewhere = await rig.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'webhook', status: 'running', worker: 'other-host:111', startedAt: Date.now(), input: {} });
    const requeued = await recoverDirectRuns({ store: rig.store, enqueuer: rig.enqueuer, logger: createSilentLogger(), host: 'this-host', pid: 333, isAlive: (pid) => pid === 222 });
    expect(requeued).toBe(1);
    const nodes = testNodes();
    await rig.worker(nodes).start();
    await waitFor(async () => (await rig!.store.getExecution(orphan.id))?.status === 'success', 'the orphan to complete');
    expect((await rig.store.getExecution(alive.id))?.status).toBe('running');
    expect((await rig.store.getExecution(elsewhere.id))?.status).toBe('running');
  });

  it('retries a failed execution through the queue, replaying the nodes that succeeded', async () => {
    rig = await queueRig();
    const { retryEvents } = await import('../../server/executions/retry-plan.js');
    const nodes = testNodes();
    nodes.fail.add('B');
    await rig.worker(nodes).start();
    const workflow = await rig.store.createWorkflow({ name: 'retry', definition: chainWorkflow(['A', 'B']) });
    const failed = await rig.runner.start({ workflow, mode: 'trigger', startItems: [{ json: { n: 3 } }] });
    expect((await failed.done).result.status).toBe('error');
    nodes.fail.delete('B');
    const retried = await rig.runner.start({ workflow, mode: 'retry', retryOf: failed.executionId, resumeFrom: retryEvents(await rig.store.loadCheckpoints(failed.executionId)), startItems: [{ json: { n: 3 } }] });
    const run = await retried.done;
    expect(run.result.status).toBe('success');
    expect(nodes.runs).toEqual(new Map([['A', 1], ['B', 2]]));
    expect(run.result.data.resultData.runData.B?.[0]?.data.main[0]?.[0]?.json).toEqual({ n: 3, A: true, B: true });
    expect(await rig.store.getExecution(retried.executionId)).toMatchObject({ status: 'success', retryOf: failed.executionId });
  });
});
