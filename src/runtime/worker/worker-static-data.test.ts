import { afterEach, describe, expect, it } from 'vitest';
import { chainWorkflow, testNodes, waitFor } from '../persistence/persistence.test-util.js';
import { queueRig, type QueueRig } from './worker.test-util.js';

let rig: QueueRig | undefined;
afterEach(async () => {
  await rig?.teardown();
  rig = undefined;
});

const count = { type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: 'const g = $getWorkflowStaticData("global"); g.count = (g.count ?? 0) + 1; return [{ json: { count: g.count } }];' } };

describe('queue mode: workflow static data', () => {
  it('is saved when a queued execution parks, and loaded again by the attempt that resumes it', async () => {
    rig = await queueRig();
    await rig.worker(testNodes(), { waitParkThresholdMs: 100 }).start();
    const definition = chainWorkflow(['Before', 'Pause', 'After'], {}, {
      Before: count,
      Pause: { type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'timeInterval', amount: 0.7, unit: 'seconds' } },
      After: count,
    });
    const workflow = await rig.store.createWorkflow({ name: 'parks', definition });
    const started = await rig.runner.start({ workflow, mode: 'trigger' });

    await waitFor(async () => (await rig!.store.getExecution(started.executionId))?.status === 'waiting', 'the execution to park');
    expect(await rig.store.getStaticData(workflow.id)).toEqual({ global: { count: 1 } });

    const run = await started.done;
    expect(run.result.status).toBe('success');
    expect(run.result.data.resultData.runData['After']?.[0]?.data.main[0]?.[0]?.json).toEqual({ count: 2 });
    expect(await rig.store.getStaticData(workflow.id)).toEqual({ global: { count: 2 } });
  });
});
