import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../core/model/types.js';
import { NodeRegistry, type NodeTypeSpec } from '../core/node-api/index.js';
import type { SchedulerEvent } from '../core/scheduler/index.js';
import { builtinNodes } from '../nodes/index.js';
import { createVirtualClock } from './clock.js';
import { executeWorkflow, type ExecuteOptions } from './execute-workflow.js';

const T0 = Date.parse('2024-03-01T10:00:00Z');
const threshold = 65_000;

/** `test.count`: counts its runs per node name and passes its input on. */
function countingNode(runs: Map<string, number>): NodeTypeSpec {
  return {
    type: 'test.count',
    versions: [1],
    displayName: 'Count',
    inputs: 1,
    outputs: 1,
    execute(ctx, inputs) {
      runs.set(ctx.node.name, (runs.get(ctx.node.name) ?? 0) + 1);
      return [(inputs[0] ?? []).map((item) => ({ json: { ...item.json, [ctx.node.name]: ctx.clock.now() } }))];
    },
  };
}

/** Start → Before → Wait (`amount` seconds) → After. */
function waitWorkflow(seconds: number): WorkflowDocument {
  const link = (node: string) => ({ main: [[{ node, type: 'main' as const, index: 0 }]] });
  return {
    name: 'park test',
    nodes: [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
      { name: 'Before', type: 'test.count', typeVersion: 1, parameters: {} },
      { name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { amount: seconds, unit: 'seconds' } },
      { name: 'After', type: 'test.count', typeVersion: 1, parameters: {} },
    ],
    connections: { Start: link('Before'), Before: link('Wait'), Wait: link('After') },
  };
}

/** Runs (or resumes) with a virtual clock at `at`, counting node runs and recording the new events. */
async function runAt(workflow: WorkflowDocument, at: number, options: Partial<ExecuteOptions> = {}) {
  const runs = new Map<string, number>();
  const events: SchedulerEvent[] = [];
  const clock = createVirtualClock(at);
  const result = await executeWorkflow(workflow, {
    registry: NodeRegistry.of([...builtinNodes, countingNode(runs)]),
    clock,
    onEvent: (event) => events.push(structuredClone(event)),
    ...options,
  });
  return { result, runs: Object.fromEntries(runs), events, clock };
}

describe('executeWorkflow: parking long waits', () => {
  it('parks a wait at or above the threshold: ends waiting with waitTill, the Wait run recorded, nothing after it run', async () => {
    const { result, runs, events } = await runAt(waitWorkflow(120), T0, { parkWaitsLongerThanMs: threshold });
    expect(result.status).toBe('waiting');
    expect(result.waitTill).toBe(new Date(T0 + 120_000).toISOString());
    expect(runs).toEqual({ Before: 1 });
    expect(result.data.resultData.runData.Wait).toHaveLength(1);
    expect(result.data.resultData.runData.After).toBeUndefined();
    expect(events.find((event) => event.type === 'nodeSucceeded' && event.waitTill !== undefined)).toMatchObject({ waitTill: T0 + 120_000 });
  });

  it('resumed at waitTill, runs only the nodes after the Wait and succeeds with n8n-shaped run data', async () => {
    const parked = await runAt(waitWorkflow(120), T0, { parkWaitsLongerThanMs: threshold });
    const resumed = await runAt(waitWorkflow(120), T0 + 120_000, { parkWaitsLongerThanMs: threshold, resumeFrom: parked.events });

    expect(resumed.result.status).toBe('success');
    expect(resumed.runs).toEqual({ After: 1 });
    const runData = resumed.result.data.resultData.runData;
    expect(Object.fromEntries(Object.entries(runData).map(([node, tasks]) => [node, tasks.length]))).toEqual({ Start: 1, Before: 1, Wait: 1, After: 1 });
    expect(runData.After![0]!.data.main[0]![0]!.json).toEqual({ Before: T0, After: T0 + 120_000 });
    expect(resumed.result.startedAt).toBe(parked.result.startedAt);
    expect(resumed.events.map((event) => event.type)).toEqual(['resumed', 'nodeSucceeded']);
  });

  it('resumed early with a park-sized rest left, parks again with the same waitTill and runs nothing', async () => {
    const parked = await runAt(waitWorkflow(300), T0, { parkWaitsLongerThanMs: threshold });
    const early = await runAt(waitWorkflow(300), T0 + 10_000, { parkWaitsLongerThanMs: threshold, resumeFrom: parked.events });
    expect(early.result.status).toBe('waiting');
    expect(early.result.waitTill).toBe(parked.result.waitTill);
    expect(early.runs).toEqual({});

    // The early attempt's events are part of the log; a later resume still goes on after the Wait.
    const log = [...parked.events, ...early.events];
    const late = await runAt(waitWorkflow(300), T0 + 300_000, { parkWaitsLongerThanMs: threshold, resumeFrom: log });
    expect(late.result.status).toBe('success');
    expect(late.runs).toEqual({ After: 1 });
  });

  it('resumed a little early (less than the threshold left), waits the rest in memory and goes on', async () => {
    const parked = await runAt(waitWorkflow(120), T0, { parkWaitsLongerThanMs: threshold });
    const resumed = await runAt(waitWorkflow(120), T0 + 100_000, { parkWaitsLongerThanMs: threshold, resumeFrom: parked.events });
    expect(resumed.result.status).toBe('success');
    expect(resumed.runs).toEqual({ After: 1 });
    expect(resumed.result.data.resultData.runData.After![0]!.data.main[0]![0]!.json.After).toBe(T0 + 120_000);
  });

  it('sleeps a wait below the threshold, and every wait when parking is off', async () => {
    const short = await runAt(waitWorkflow(64), T0, { parkWaitsLongerThanMs: threshold });
    expect(short.result.status).toBe('success');
    expect(short.clock.now()).toBe(T0 + 64_000);

    const off = await runAt(waitWorkflow(3_600), T0);
    expect(off.result.status).toBe('success');
    expect(off.runs).toEqual({ Before: 1, After: 1 });
    expect(off.events.some((event) => event.type === 'nodeSucceeded' && event.waitTill !== undefined)).toBe(false);
  });

  it('is canceled while it sleeps the rest of a park', async () => {
    const parked = await runAt(waitWorkflow(120), T0, { parkWaitsLongerThanMs: threshold });
    const controller = new AbortController();
    controller.abort();
    const resumed = await runAt(waitWorkflow(120), T0 + 100_000, { parkWaitsLongerThanMs: threshold, resumeFrom: parked.events, signal: controller.signal });
    expect(resumed.result.status).toBe('canceled');
    expect(resumed.runs).toEqual({});
  });
});
