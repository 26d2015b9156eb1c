import { beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowNode } from '../../core/model/types.js';
import type { Store } from '../../ports/store/index.js';
import { chainWorkflow, useSimulatedProcesses, waitFor } from './persistence.test-util.js';
import { resumeExecution } from './resume-execution.js';
import { runPersisted } from './run-persisted.js';

const threshold = 65_000;
const T0 = Date.parse('2024-03-01T10:00:00Z');
const waitNode: Partial<WorkflowNode> = { type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { amount: 2, unit: 'minutes' } };
/** A Code node counting its runs in the custom data: `runs: '1'` at the end = restored and not run again ('2': it ran again; absent: lost). */
const counter: Partial<WorkflowNode> = {
  type: 'n8n-nodes-base.code',
  typeVersion: 2,
  parameters: { jsCode: `$execution.customData.set('runs', String(Number($execution.customData.get('runs') ?? 0) + 1)); return $input.all();` },
};

describe('custom data of stored executions', () => {
  const sim = useSimulatedProcesses();
  let store: Store;
  beforeEach(() => {
    store = sim.store;
  });

  const metadataOf = async (executionId: string) => (await store.getExecutionData(executionId))?.result?.data.resultData.metadata;

  it.each([
    ['with progress saved', {}],
    ['without progress saved (the park keeps its events anyway)', { saveExecutionProgress: false }],
  ])('survives a park %s', async (_label, settings) => {
    const workflow = await store.createWorkflow({ name: 'park', definition: chainWorkflow(['Count', 'Wait', 'B'], { settings }, { Count: counter, Wait: waitNode }) });
    const first = sim.processAt(T0);
    const parked = await runPersisted({ store, engine: first.engine, workflow, mode: 'trigger', parkWaitsLongerThanMs: threshold });
    expect(parked.result.status).toBe('waiting');

    const later = sim.processAt(T0 + 120_000);
    const resumed = await resumeExecution({ store, engine: later.engine, executionId: parked.executionId, parkWaitsLongerThanMs: threshold });
    expect(resumed.result.status).toBe('success');
    expect(Object.fromEntries(later.nodes.runs)).toEqual({ B: 1 });
    expect(await metadataOf(parked.executionId)).toEqual({ runs: '1' });
  });

  it('survives a crash: the next worker restores it from the checkpoints and does not run the Code node again', async () => {
    const workflow = await store.createWorkflow({ name: 'crash', definition: chainWorkflow(['Count', 'B'], {}, { Count: counter }) });
    const crashing = sim.processAt();
    crashing.nodes.hold.add('B');
    let executionId: string | undefined;
    sim.abandon(runPersisted({ store, engine: crashing.engine, workflow, mode: 'trigger', worker: 'worker-a' }));
    await waitFor(async () => {
      executionId = (await store.listRunningByWorker(['worker-a']))[0]?.id;
      return executionId !== undefined && (await store.loadCheckpoints(executionId)).some((checkpoint) => 'customData' in checkpoint.event);
    }, 'the Code node to be checkpointed');

    const survivor = sim.processAt();
    const resumed = await resumeExecution({ store, engine: survivor.engine, executionId: executionId!, worker: 'worker-b' });
    expect(resumed.result.status).toBe('success');
    expect(Object.fromEntries(survivor.nodes.runs)).toEqual({ B: 1 });
    expect(await metadataOf(executionId!)).toEqual({ runs: '1' });
  });
});
