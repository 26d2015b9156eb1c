import { beforeEach, describe, expect, it } from 'vitest';
import type { Store, WorkflowRecord } from '../../ports/store/index.js';
import { chainWorkflow, useSimulatedProcesses, waitFor, type TestNodes } from './persistence.test-util.js';
import { resumeExecution } from './resume-execution.js';
import { runPersisted } from './run-persisted.js';

const threshold = 65_000;
const T0 = Date.parse('2024-03-01T10:00:00Z');
const waitNode = { type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { amount: 2, unit: 'minutes' } };

describe('parked executions (long waits leave the worker)', () => {
  const sim = useSimulatedProcesses();
  let store: Store;
  beforeEach(() => {
    store = sim.store;
  });

  /** Start → A → Wait (2 minutes) → B, run at T0 until it parks. */
  async function parkedExecution(settings: Record<string, unknown> = {}): Promise<{ workflow: WorkflowRecord; executionId: string; first: TestNodes }> {
    const workflow = await store.createWorkflow({ name: 'park', definition: chainWorkflow(['A', 'Wait', 'B'], { settings }, { Wait: waitNode }) });
    const first = sim.processAt(T0);
    const run = await runPersisted({ store, engine: first.engine, workflow, mode: 'trigger', worker: 'worker-a', startItems: [{ json: { n: 1 } }], parkWaitsLongerThanMs: threshold });
    expect(run.result.status).toBe('waiting');
    expect(run.recorded).toBe(true);
    return { workflow, executionId: run.executionId, first: first.nodes };
  }

  it('records the park as a waiting row with waitTill; resumed then, it runs only the nodes after the Wait', async () => {
    const { executionId, first } = await parkedExecution();
    expect(Object.fromEntries(first.runs)).toEqual({ A: 1 });
    expect(await store.getExecution(executionId)).toMatchObject({ status: 'waiting', attempt: 1, waitTill: T0 + 120_000 });

    const later = sim.processAt(T0 + 120_000);
    const resumed = await resumeExecution({ store, engine: later.engine, executionId, worker: 'worker-b', parkWaitsLongerThanMs: threshold });

    expect(Object.fromEntries(later.nodes.runs)).toEqual({ B: 1 }); // neither A nor the Wait ran again
    expect(resumed).toMatchObject({ attempt: 2, recorded: true });
    expect(resumed.result.status).toBe('success');
    expect(await store.getExecution(executionId)).toMatchObject({ status: 'success', attempt: 2, waitTill: undefined });
    const runData = (await store.getExecutionData(executionId))?.result?.data.resultData.runData;
    expect(Object.fromEntries(Object.entries(runData ?? {}).map(([node, tasks]) => [node, tasks.length]))).toEqual({ Start: 1, A: 1, Wait: 1, B: 1 });
    expect(runData?.B?.[0]?.data.main[0]?.[0]?.json).toEqual({ n: 1, A: true, B: true });
  });

  it('parks again with the same waitTill when resumed too early, running nothing', async () => {
    const { executionId } = await parkedExecution();
    const early = sim.processAt(T0 + 10_000);
    const again = await resumeExecution({ store, engine: early.engine, executionId, parkWaitsLongerThanMs: threshold });
    expect(again.result.status).toBe('waiting');
    expect(early.nodes.runs.size).toBe(0);
    expect(await store.getExecution(executionId)).toMatchObject({ status: 'waiting', attempt: 2, waitTill: T0 + 120_000 });

    const onTime = sim.processAt(T0 + 120_000);
    const done = await resumeExecution({ store, engine: onTime.engine, executionId, parkWaitsLongerThanMs: threshold });
    expect(done.result.status).toBe('success');
    expect(Object.fromEntries(onTime.nodes.runs)).toEqual({ B: 1 });
  });

  it('keeps the park even when the workflow saves no progress', async () => {
    const { executionId, first } = await parkedExecution({ saveExecutionProgress: false });
    expect(Object.fromEntries(first.runs)).toEqual({ A: 1 });
    const later = sim.processAt(T0 + 120_000);
    const resumed = await resumeExecution({ store, engine: later.engine, executionId, parkWaitsLongerThanMs: threshold });
    expect(resumed.result.status).toBe('success');
    expect(Object.fromEntries(later.nodes.runs)).toEqual({ B: 1 });
  });

  it('survives a crash after the resume: the next attempt runs again only what had not finished', async () => {
    const { executionId } = await parkedExecution();
    const crashing = sim.processAt(T0 + 120_000);
    crashing.nodes.hold.add('B');
    sim.abandon(resumeExecution({ store, engine: crashing.engine, executionId, worker: 'worker-b', parkWaitsLongerThanMs: threshold }));
    await waitFor(() => crashing.nodes.held.has('B'), 'B to hang');
    await waitFor(async () => (await store.loadCheckpoints(executionId)).some((checkpoint) => checkpoint.event.type === 'resumed'), 'the resume checkpoint');

    const survivor = sim.processAt(T0 + 130_000);
    const resumed = await resumeExecution({ store, engine: survivor.engine, executionId, worker: 'worker-c', parkWaitsLongerThanMs: threshold });
    expect(resumed.result.status).toBe('success');
    expect(Object.fromEntries(survivor.nodes.runs)).toEqual({ B: 1 });
    expect(await store.getExecution(executionId)).toMatchObject({ status: 'success', attempt: 3, worker: 'worker-c' });
  });

  it('does not park unless asked to (waits are slept in memory)', async () => {
    const workflow = await store.createWorkflow({ name: 'no park', definition: chainWorkflow(['A', 'Wait', 'B'], {}, { Wait: waitNode }) });
    const only = sim.processAt(T0);
    const run = await runPersisted({ store, engine: only.engine, workflow, mode: 'trigger' });
    expect(run.result.status).toBe('success');
    expect(Object.fromEntries(only.nodes.runs)).toEqual({ A: 1, B: 1 });
  });
});
