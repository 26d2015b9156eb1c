import { describe, expect, it } from 'vitest';
import type { Item, WorkflowDocument, WorkflowNode } from '../core/model/types.js';
import { NodeRegistry, type NodeTypeSpec } from '../core/node-api/index.js';
import type { SchedulerEvent } from '../core/scheduler/index.js';
import { builtinNodes } from '../nodes/index.js';
import { createVirtualClock } from './clock.js';
import { executeWorkflow } from './execute-workflow.js';

/** Counts runs per node name; each run adds `{ [node]: runIndex }` to every item and records what it saw. */
function countingNode(runs: Map<string, number>, seenInputs: Map<string, unknown>): NodeTypeSpec {
  return {
    type: 'test.count',
    versions: [1],
    displayName: 'Count',
    inputs: 1,
    outputs: 1,
    execute(ctx, inputs) {
      runs.set(ctx.node.name, (runs.get(ctx.node.name) ?? 0) + 1);
      const previous = ctx.source[0]?.previousNode;
      if (previous !== undefined) seenInputs.set(ctx.node.name, ctx.runData.getInput(previous)?.map((item) => item.json));
      return [(inputs[0] ?? []).map((item) => ({ json: { ...item.json, [ctx.node.name]: true } }))];
    },
  };
}

/** Fails its first `failures` runs in total (across executions sharing the counter), then passes items on. */
function flakyNode(state: { failures: number; runs: number }): NodeTypeSpec {
  return {
    type: 'test.flaky',
    versions: [1],
    displayName: 'Flaky',
    inputs: 1,
    outputs: 1,
    execute(_ctx, inputs) {
      state.runs += 1;
      if (state.runs <= state.failures) throw new Error(`flaky failure ${state.runs}`);
      return [[...(inputs[0] ?? [])]];
    },
  };
}

function chain(names: Array<[string, string, Partial<WorkflowNode>?]>): WorkflowDocument {
  const connections: WorkflowDocument['connections'] = {};
  for (let index = 0; index + 1 < names.length; index++) {
    connections[names[index]![0]] = { main: [[{ node: names[index + 1]![0], type: 'main', index: 0 }]] };
  }
  return {
    name: 'resume test',
    nodes: names.map(([name, type, extra = {}]) => ({ name, type, typeVersion: 1, parameters: {}, ...extra })),
    connections,
  };
}

const trigger = 'n8n-nodes-base.manualTrigger';
const startItems: Item[] = [{ json: { n: 1 } }, { json: { n: 2 } }];

async function recordRun(workflow: WorkflowDocument, registry: NodeRegistry): Promise<{ events: SchedulerEvent[]; result: Awaited<ReturnType<typeof executeWorkflow>> }> {
  const events: SchedulerEvent[] = [];
  const result = await executeWorkflow(workflow, { registry, startItems, onEvent: (event) => events.push(structuredClone(event)) });
  return { events, result };
}

describe('executeWorkflow with resumeFrom', () => {
  const workflow = chain([['Start', trigger], ['A', 'test.count'], ['B', 'test.count'], ['C', 'test.count']]);

  it('does not run again the nodes whose completion is in the log, and ends with the same result', async () => {
    const firstRuns = new Map<string, number>();
    const registry = NodeRegistry.of([...builtinNodes, countingNode(firstRuns, new Map())]);
    const fresh = await recordRun(workflow, registry);
    // start, Start done, A done: B was dispatched when the process died.
    const prefix = fresh.events.slice(0, 3);
    expect(prefix.map((event) => event.type)).toEqual(['start', 'nodeSucceeded', 'nodeSucceeded']);

    const resumedRuns = new Map<string, number>();
    const seen = new Map<string, unknown>();
    const resumedRegistry = NodeRegistry.of([...builtinNodes, countingNode(resumedRuns, seen)]);
    const newEvents: SchedulerEvent[] = [];
    const resumed = await executeWorkflow(workflow, { registry: resumedRegistry, startItems, resumeFrom: prefix, onEvent: (event) => newEvents.push(event) });

    expect(Object.fromEntries(resumedRuns)).toEqual({ B: 1, C: 1 });
    expect(resumed.status).toBe('success');
    expect(resumed.startedAt).toBe(fresh.result.startedAt);
    const outputs = (result: typeof resumed) => Object.fromEntries(Object.entries(result.data.resultData.runData).map(([node, runs]) => [node, runs.map((run) => run.data.main)]));
    expect(outputs(resumed)).toEqual(outputs(fresh.result));
    // onEvent reports only what happened after the resume.
    expect(newEvents.map((event) => event.type)).toEqual(['nodeSucceeded', 'nodeSucceeded']);
    // The inputs of runs that finished before the crash are known again (paired-item lookups need them).
    expect(seen.get('B')).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('resolves at once, running nothing, when the log already ends the execution', async () => {
    const runs = new Map<string, number>();
    const registry = NodeRegistry.of([...builtinNodes, countingNode(runs, new Map())]);
    const fresh = await recordRun(workflow, registry);
    runs.clear();
    const resumed = await executeWorkflow(workflow, { registry, startItems, resumeFrom: fresh.events });
    expect(runs.size).toBe(0);
    expect(resumed).toEqual(fresh.result);
  });

  it('sets a pending retry timer again and retries the node with its next attempt', async () => {
    const flaky = { failures: 1, runs: 0 };
    const registry = NodeRegistry.of([...builtinNodes, flakyNode(flaky)]);
    const retrying = chain([['Start', trigger], ['F', 'test.flaky', { retryOnFail: true, maxTries: 2, waitBetweenTries: 1000 }]]);
    const clock = createVirtualClock(0);
    const fresh: SchedulerEvent[] = [];
    await executeWorkflow(retrying, { registry, clock, startItems, onEvent: (event) => fresh.push(structuredClone(event)) });
    // start, Start done, F failed (retry timer set): the crash came before the timer fired.
    const prefix = fresh.slice(0, 3);
    expect(prefix[2]?.type).toBe('nodeFailed');

    const resumed = await executeWorkflow(retrying, { registry, clock: createVirtualClock(0), startItems, resumeFrom: prefix });
    expect(resumed.status).toBe('success');
    expect(flaky.runs).toBe(3); // two in the recorded run (fail, retry) and the retry after the resume
    expect(resumed.data.resultData.runData.F).toHaveLength(1);
  });

  it('keeps the execution timeout of the recorded start', async () => {
    const registry = NodeRegistry.of(builtinNodes);
    const waiting = chain([['Start', trigger], ['Wait', 'n8n-nodes-base.wait', { parameters: { amount: 1, unit: 'hours' } }]]);
    const log: SchedulerEvent[] = [{ type: 'start', at: 0 }];
    const result = await executeWorkflow(waiting, { registry, clock: createVirtualClock(500), timeoutMs: 1_000, resumeFrom: log });
    expect(result.status).toBe('canceled');
    expect(result.data.resultData.error).toMatchObject({ code: 'WEFT_E_EXECUTION_TIMEOUT' });
  });

  it('rejects a log that does not begin with the start event', async () => {
    const registry = NodeRegistry.of([...builtinNodes, countingNode(new Map(), new Map())]);
    const log: SchedulerEvent[] = [{ type: 'nodeSucceeded', runId: 1, at: 0, outputs: [[]] }];
    await expect(executeWorkflow(workflow, { registry, resumeFrom: log, executionId: 'ex-42' })).rejects.toMatchObject({
      code: 'WEFT_E_INVALID_ARGUMENT',
      message: expect.stringContaining('ex-42'),
    });
  });

  it('starts afresh from an empty log', async () => {
    const runs = new Map<string, number>();
    const registry = NodeRegistry.of([...builtinNodes, countingNode(runs, new Map())]);
    const result = await executeWorkflow(workflow, { registry, startItems, resumeFrom: [] });
    expect(result.status).toBe('success');
    expect(Object.fromEntries(runs)).toEqual({ A: 1, B: 1, C: 1 });
  });
});
