import { describe, expect, it } from 'vitest';
import type { WorkflowDocument, WorkflowNode } from '../core/model/types.js';
import { NodeRegistry, type NodeTypeSpec } from '../core/node-api/index.js';
import type { SchedulerEvent } from '../core/scheduler/index.js';
import { builtinNodes } from '../nodes/index.js';
import { createVirtualClock } from './clock.js';
import { executeWorkflow, type ExecuteOptions } from './execute-workflow.js';

const T0 = Date.parse('2024-03-01T10:00:00Z');
const threshold = 65_000;

/** How the test nodes behave: runs counted per node; `test.hold` runs wait until their signal aborts. */
interface Control {
  readonly runs: Map<string, number>;
  readonly holding: Set<string>;
}

/**
 * `test.tag` sets custom data `key` = `value` from its parameters (as a Code node's `$execution.customData.set`
 * does), `test.hold` hangs until aborted, `test.fail` sets custom data and throws; all count their runs.
 */
function testNodes(control: Control): NodeTypeSpec[] {
  const counted = (type: string, run: NodeTypeSpec['execute']): NodeTypeSpec => ({
    type,
    versions: [1],
    displayName: type,
    inputs: 1,
    outputs: 1,
    execute(ctx, inputs) {
      control.runs.set(ctx.node.name, (control.runs.get(ctx.node.name) ?? 0) + 1);
      return run(ctx, inputs);
    },
  });
  return [
    counted('test.tag', (ctx, inputs) => {
      ctx.customData[String(ctx.node.parameters.key)] = String(ctx.node.parameters.value);
      return [[...(inputs[0] ?? [])]];
    }),
    counted('test.hold', (ctx) => {
      control.holding.add(ctx.node.name);
      return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    }),
    counted('test.fail', (ctx) => {
      ctx.customData.failedAt = ctx.node.name;
      throw new Error('failed on purpose');
    }),
  ];
}

type NodeShorthand = [name: string, type: string, extra?: Partial<WorkflowNode>];

/** The nodes in a chain, in the order given. */
function chain(nodes: NodeShorthand[]): WorkflowDocument {
  const connections: WorkflowDocument['connections'] = {};
  nodes.slice(0, -1).forEach(([name], index) => {
    connections[name] = { main: [[{ node: nodes[index + 1]![0], type: 'main', index: 0 }]] };
  });
  return {
    name: 'custom data test',
    nodes: nodes.map(([name, type, extra]) => ({ name, type, typeVersion: 1, parameters: {}, ...extra })),
    connections,
  };
}

const code = (jsCode: string): Partial<WorkflowNode> => ({ typeVersion: 2, parameters: { jsCode } });
const tag = (key: string, value: string): Partial<WorkflowNode> => ({ parameters: { key, value } });

/** Runs (or resumes) on a virtual clock at `at`, counting node runs and recording the new events as a store would. */
function runAt(workflow: WorkflowDocument, at: number, options: Partial<ExecuteOptions> = {}) {
  const control: Control = { runs: new Map(), holding: new Set() };
  const events: SchedulerEvent[] = [];
  const done = executeWorkflow(workflow, {
    registry: NodeRegistry.of([...builtinNodes, ...testNodes(control)]),
    clock: createVirtualClock(at),
    onEvent: (event) => events.push(structuredClone(event)),
    ...options,
  });
  return { done, control, events };
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 1_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const withCustomData = (events: SchedulerEvent[]) => events.filter((event) => 'customData' in event);

describe('executeWorkflow: custom data in the event log', () => {
  it('keeps custom data set before a park: the resumed nodes read it and the result has all of it', async () => {
    const workflow = chain([
      ['Start', 'n8n-nodes-base.manualTrigger'],
      ['Set', 'n8n-nodes-base.code', code(`$execution.customData.set('order', '42'); return $input.all();`)],
      ['Wait', 'n8n-nodes-base.wait', { typeVersion: 1.1, parameters: { amount: 2, unit: 'minutes' } }],
      ['After', 'n8n-nodes-base.code', code(`$execution.customData.set('shipped', 'yes'); return [{ json: { order: $execution.customData.get('order') } }];`)],
    ]);
    const parked = runAt(workflow, T0, { parkWaitsLongerThanMs: threshold });
    const parkedResult = await parked.done;
    expect(parkedResult.status).toBe('waiting');
    expect(parkedResult.data.resultData.metadata).toEqual({ order: '42' });
    // Only the run that changed the custom data carries it.
    expect(withCustomData(parked.events)).toEqual([expect.objectContaining({ type: 'nodeSucceeded', customData: { order: '42' } })]);

    const resumed = runAt(workflow, T0 + 120_000, { parkWaitsLongerThanMs: threshold, resumeFrom: parked.events });
    const result = await resumed.done;
    expect(result.status).toBe('success');
    expect(result.data.resultData.runData.After![0]!.data.main[0]![0]!.json).toEqual({ order: '42' });
    expect(result.data.resultData.metadata).toEqual({ order: '42', shipped: 'yes' });
  });

  it('restores custom data when a crashed execution resumes from its events, without re-running the node that set it', async () => {
    const workflow = chain([['Start', 'n8n-nodes-base.manualTrigger'], ['Tag', 'test.tag', tag('order', '42')], ['Hang', 'test.hold'], ['Tag2', 'test.tag', tag('done', 'yes')]]);
    const crashed = new AbortController();
    const first = runAt(workflow, T0, { signal: crashed.signal });
    await until(() => first.control.holding.has('Hang'));
    // The process "dies" here: all that survives is the events recorded so far.
    const survived = [...first.events];
    crashed.abort();
    await first.done;

    const second = runAt(chain([['Start', 'n8n-nodes-base.manualTrigger'], ['Tag', 'test.tag', tag('order', '42')], ['Hang', 'test.tag', tag('hung', 'no')], ['Tag2', 'test.tag', tag('done', 'yes')]]), T0 + 1_000, {
      resumeFrom: survived,
    });
    const result = await second.done;
    expect(result.status).toBe('success');
    expect(Object.fromEntries(second.control.runs)).toEqual({ Hang: 1, Tag2: 1 });
    expect(result.data.resultData.metadata).toEqual({ order: '42', hung: 'no', done: 'yes' });
  });

  it('records custom data set by a run that failed, so a replay of a continued failure keeps it', async () => {
    const workflow = chain([['Start', 'n8n-nodes-base.manualTrigger'], ['Fail', 'test.fail', { continueOnFail: true }], ['Hang', 'test.hold']]);
    const stop = new AbortController();
    const first = runAt(workflow, T0, { signal: stop.signal });
    await until(() => first.control.holding.has('Hang'));
    expect(withCustomData(first.events)).toEqual([expect.objectContaining({ type: 'nodeFailed', customData: { failedAt: 'Fail' } })]);
    const survived = [...first.events];
    stop.abort();
    await first.done;

    const cancel = new AbortController();
    const second = runAt(workflow, T0, { resumeFrom: survived, signal: cancel.signal });
    await until(() => second.control.holding.has('Hang'));
    cancel.abort();
    const result = await second.done;
    expect(second.control.runs.get('Fail')).toBeUndefined();
    expect(result.data.resultData.metadata).toEqual({ failedAt: 'Fail' });
  });

  it('adds nothing to the events of runs that leave the custom data alone', async () => {
    const workflow = chain([['Start', 'n8n-nodes-base.manualTrigger'], ['Wait', 'n8n-nodes-base.wait', { typeVersion: 1.1, parameters: { amount: 1, unit: 'seconds' } }]]);
    const run = runAt(workflow, T0);
    const result = await run.done;
    expect(result.status).toBe('success');
    expect(withCustomData(run.events)).toEqual([]);
    expect(result.data.resultData).not.toHaveProperty('metadata');
  });
});
