import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, WorkflowRecord } from '../../ports/store/index.js';
import type { Engine } from '../engine.js';
import { chainWorkflow, memoryStore, testEngine, testNodes, waitFor, type TestNodes } from './persistence.test-util.js';
import { replayableEvents, resumeExecution } from './resume-execution.js';
import { runPersisted } from './run-persisted.js';

describe('resumeExecution', () => {
  let store: Store;
  /** The process that "crashes": its third node hangs. */
  let crashed: TestNodes;
  let crashedEngine: Engine;
  /** The process that resumes. */
  let survivor: TestNodes;
  let survivorEngine: Engine;
  /** Runs of the crashing process, settled before the store closes. */
  let zombies: Array<Promise<unknown>>;

  beforeEach(async () => {
    zombies = [];
    store = await memoryStore();
    crashed = testNodes();
    crashedEngine = testEngine(crashed);
    survivor = testNodes();
    survivorEngine = testEngine(survivor);
  });

  afterEach(async () => {
    for (const release of crashed.held.values()) release();
    await Promise.allSettled(zombies);
    await crashedEngine.close();
    await survivorEngine.close();
    await store.close();
  });

  /** Runs Start → A → B → C on the crashing process until B hangs and the first two nodes are checkpointed. */
  async function crashAtB(workflow: WorkflowRecord): Promise<{ executionId: string; zombie: ReturnType<typeof runPersisted> }> {
    crashed.hold.add('B');
    const zombie = runPersisted({ store, engine: crashedEngine, workflow, mode: 'trigger', worker: 'worker-a', startItems: [{ json: { n: 7 } }] });
    zombies.push(zombie);
    await waitFor(() => crashed.held.has('B'), 'B to hang');
    const [execution] = await store.listRunningByWorker(['worker-a']);
    await waitFor(async () => (await store.loadCheckpoints(execution!.id)).length === 3, 'the start and two node checkpoints');
    return { executionId: execution!.id, zombie };
  }

  it('continues a crashed execution with a new attempt without running the finished nodes again', async () => {
    const workflow = await store.createWorkflow({ name: 'resume', definition: chainWorkflow(['A', 'B', 'C']) });
    const { executionId } = await crashAtB(workflow);
    expect(Object.fromEntries(crashed.runs)).toEqual({ A: 1, B: 1 });

    const resumed = await resumeExecution({ store, engine: survivorEngine, executionId, worker: 'worker-b' });

    expect(Object.fromEntries(survivor.runs)).toEqual({ B: 1, C: 1 }); // Start and A were not run again
    expect(resumed).toMatchObject({ executionId, attempt: 2, recorded: true, replayedEvents: 3 });
    expect(resumed.result.status).toBe('success');
    const runData = resumed.result.data.resultData.runData;
    expect(Object.keys(runData).sort()).toEqual(['A', 'B', 'C', 'Start']);
    expect(runData.C?.[0]?.data.main[0]?.[0]?.json).toEqual({ n: 7, A: true, B: true, C: true });
    expect(await store.getExecution(executionId)).toMatchObject({ status: 'success', attempt: 2, worker: 'worker-b' });
    expect((await store.getExecutionData(executionId))?.result?.data.resultData.runData.C).toHaveLength(1);
    // The new attempt's checkpoints (if any were written before the success superseded them) follow the replayed ones.
    const sequences = (await store.loadCheckpoints(executionId)).map((checkpoint) => checkpoint.sequence);
    expect(sequences.slice(0, 3)).toEqual([0, 1, 2]);
    expect(sequences).toEqual(sequences.map((_, index) => index));
  });

  it('fences out the crashed attempt: its late checkpoints and finish are refused, the execution finishes once', async () => {
    const workflow = await store.createWorkflow({ name: 'fencing', definition: chainWorkflow(['A', 'B', 'C']) });
    const { executionId, zombie } = await crashAtB(workflow);
    const resumed = await resumeExecution({ store, engine: survivorEngine, executionId, worker: 'worker-b' });
    const stored = await store.getExecutionData(executionId);

    // The "crashed" process was only stuck: it wakes up and tries to go on with attempt 1.
    crashed.held.get('B')!();
    const late = await zombie;
    expect(late.recorded).toBe(false);
    expect(late.attempt).toBe(1);
    expect(await store.getExecution(executionId)).toMatchObject({ status: 'success', attempt: 2, worker: 'worker-b' });
    expect(await store.getExecutionData(executionId)).toEqual(stored);
    expect(resumed.recorded).toBe(true);

    // Finished means finished: no further attempt can take it over.
    await expect(resumeExecution({ store, engine: survivorEngine, executionId })).rejects.toMatchObject({ code: 'WEFT_E_CONFLICT' });
  });

  it('lets only one of two concurrent resumes record the end: each claims its own attempt, the older is fenced out', async () => {
    const workflow = await store.createWorkflow({ name: 'racing resumes', definition: chainWorkflow(['A', 'B', 'C']) });
    const { executionId } = await crashAtB(workflow);
    // A second surviving process; both hold B, so both have taken the execution over before either can finish.
    const rival = testNodes();
    const rivalEngine = testEngine(rival);
    survivor.hold.add('B');
    rival.hold.add('B');
    try {
      const runs = [
        resumeExecution({ store, engine: survivorEngine, executionId, worker: 'worker-b' }),
        resumeExecution({ store, engine: rivalEngine, executionId, worker: 'worker-c' }),
      ];
      await waitFor(() => survivor.held.has('B') && rival.held.has('B'), 'both resumes to reach B');
      survivor.held.get('B')!();
      rival.held.get('B')!();
      const [first, second] = await Promise.all(runs);
      expect([first!.attempt, second!.attempt].sort()).toEqual([2, 3]);
      const winner = first!.attempt === 3 ? first! : second!;
      const loser = winner === first ? second! : first!;
      expect(winner.recorded).toBe(true);
      expect(loser.recorded).toBe(false);
      expect(await store.getExecution(executionId)).toMatchObject({ status: 'success', attempt: 3, worker: winner === first ? 'worker-b' : 'worker-c' });
    } finally {
      for (const release of rival.held.values()) release();
      await rivalEngine.close();
    }
  });

  it('refuses to resume with an attempt older than the stored one', async () => {
    const workflow = await store.createWorkflow({ name: 'old attempt', definition: chainWorkflow(['A', 'B', 'C']) });
    const { executionId } = await crashAtB(workflow);
    await store.updateExecution(executionId, { status: 'running', attempt: 5 });
    await expect(resumeExecution({ store, engine: survivorEngine, executionId, attempt: 3 })).rejects.toMatchObject({
      code: 'WEFT_E_CONFLICT',
      message: expect.stringContaining(executionId),
    });
    expect(survivor.runs.size).toBe(0);
  });

  it('runs the workflow version the execution started with, even after the workflow was saved again', async () => {
    const workflow = await store.createWorkflow({ name: 'versions', definition: chainWorkflow(['A', 'B', 'C'], {}, { C: { parameters: { label: 'v1' } } }) });
    const { executionId } = await crashAtB(workflow);
    await store.updateWorkflow(workflow.id, { definition: chainWorkflow(['A', 'B', 'C'], {}, { C: { parameters: { label: 'v2' } } }) });
    const resumed = await resumeExecution({ store, engine: survivorEngine, executionId });
    expect(resumed.result.data.resultData.runData.C?.[0]?.data.main[0]?.[0]?.json.C).toBe('v1');
    expect((await store.getExecution(executionId))?.workflowVersion).toBe(1);
  });

  it('starts over when the execution saved no progress', async () => {
    const workflow = await store.createWorkflow({ name: 'no progress', definition: chainWorkflow(['A', 'B', 'C'], { settings: { saveExecutionProgress: false } }) });
    crashed.hold.add('B');
    zombies.push(runPersisted({ store, engine: crashedEngine, workflow, mode: 'trigger', worker: 'worker-a' }));
    await waitFor(() => crashed.held.has('B'), 'B to hang');
    const [execution] = await store.listRunningByWorker(['worker-a']);
    const resumed = await resumeExecution({ store, engine: survivorEngine, executionId: execution!.id });
    expect(resumed.replayedEvents).toBe(0);
    expect(Object.fromEntries(survivor.runs)).toEqual({ A: 1, B: 1, C: 1 });
    expect(resumed.result.status).toBe('success');
  });

  it('reports an unknown execution by its id', async () => {
    await expect(resumeExecution({ store, engine: survivorEngine, executionId: 'no-such-execution' })).rejects.toMatchObject({
      code: 'WEFT_E_NOT_FOUND',
      message: expect.stringContaining('no-such-execution'),
    });
  });
});

describe('replayableEvents', () => {
  it('orders checkpoints by sequence and stops at the first gap', () => {
    const event = (at: number) => ({ type: 'start' as const, at });
    expect(replayableEvents([{ sequence: 1, event: event(1) }, { sequence: 0, event: event(0) }, { sequence: 3, event: event(3) }])).toEqual([event(0), event(1)]);
    expect(replayableEvents([{ sequence: 1, event: event(1) }])).toEqual([]);
  });
});
