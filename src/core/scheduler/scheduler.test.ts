import { describe, expect, it } from 'vitest';
import { buildPlan } from '../graph/index.js';
import type { Item } from '../model/types.js';
import { Scheduler } from './scheduler.js';
import { Driver, items, testRegistry, workflow } from './scheduler-harness.test-util.js';

/** Inputs without the pairedItem the scheduler adds, to compare with plain items. */
const withoutPairing = (inputs: Item[][]): Item[][] => inputs.map((list) => list.map(({ json }) => ({ json })));
const runNames = (driver: Driver) => driver.open().map((command) => command.nodeName).sort();

describe('Scheduler: data flow', () => {
  it('runs a chain node after node and finishes with n8n-shaped run data', () => {
    const driver = new Driver(workflow([['Start', 'trigger'], ['A', 'pass'], ['B', 'pass']], [['Start', 'A'], ['A', 'B']]));
    driver.start();
    expect(runNames(driver)).toEqual(['Start']);
    expect(withoutPairing(driver.run('Start').inputs)).toEqual([[{ json: {} }]]);
    driver.succeed('Start', items({ n: 1 }));
    expect(runNames(driver)).toEqual(['A']);
    expect(driver.run('A').source).toEqual([{ previousNode: 'Start' }]);
    driver.pass('A');
    driver.pass('B');
    const result = driver.result;
    expect(result.status).toBe('success');
    expect(result.data.resultData.lastNodeExecuted).toBe('B');
    const taskB = result.data.resultData.runData.B![0]!;
    expect(taskB).toMatchObject({ executionStatus: 'success', source: [{ previousNode: 'A' }], executionIndex: 2, data: { main: [[{ json: { n: 1 } }]] } });
    expect(taskB.executionTime).toBe(5);
    expect(result.startedAt).toBe(new Date(1_000).toISOString());
  });

  it('starts every ready branch at once', () => {
    const driver = new Driver(
      workflow([['Start', 'trigger'], ['A', 'pass'], ['B', 'pass'], ['C', 'pass']], [['Start', 'A'], ['Start', 'B'], ['Start', 'C']]),
    );
    driver.start();
    driver.succeed('Start', items({}));
    expect(runNames(driver)).toEqual(['A', 'B', 'C']);
  });

  it('bounds parallel nodes with maxParallelNodes', () => {
    const driver = new Driver(
      workflow([['Start', 'trigger'], ['A', 'pass'], ['B', 'pass'], ['C', 'pass']], [['Start', 'A'], ['Start', 'B'], ['Start', 'C']]),
      { maxParallelNodes: 2 },
    );
    driver.start();
    driver.succeed('Start', items({}));
    expect(runNames(driver)).toEqual(['A', 'B']);
    driver.pass('A');
    expect(runNames(driver)).toEqual(['B', 'C']);
    driver.passAll();
    expect(driver.result.status).toBe('success');
  });

  it('ends a branch on an empty output', () => {
    const driver = new Driver(workflow([['Start', 'trigger'], ['A', 'pass'], ['B', 'pass']], [['Start', 'A'], ['A', 'B']]));
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('A', []);
    expect(driver.result.status).toBe('success');
    expect(driver.result.data.resultData.runData.B).toBeUndefined();
  });

  it('runs a single-input node once per arriving delivery (two parents on one input)', () => {
    const driver = new Driver(workflow([['Start', 'trigger'], ['A', 'pass'], ['B', 'pass'], ['C', 'pass']], [['Start', 'A'], ['Start', 'B'], ['A', 'C'], ['B', 'C']]));
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('A', items({ from: 'A' }));
    driver.succeed('B', items({ from: 'B' }));
    driver.passAll();
    expect(driver.outputOf('C', 0)).toEqual([{ from: 'A' }]);
    expect(driver.outputOf('C', 1)).toEqual([{ from: 'B' }]);
    expect(driver.result.data.resultData.runData.C![1]!.source).toEqual([{ previousNode: 'B' }]);
  });

  it('runs one run of a node at a time, queueing the next', () => {
    const driver = new Driver(workflow([['Start', 'trigger'], ['A', 'pass'], ['B', 'pass'], ['C', 'pass']], [['Start', 'A'], ['Start', 'B'], ['A', 'C'], ['B', 'C']]));
    driver.start();
    driver.succeed('Start', items({}));
    driver.pass('A');
    driver.pass('B');
    expect(driver.open().filter((command) => command.nodeName === 'C')).toHaveLength(1);
    driver.pass('C');
    expect(driver.run('C').runIndex).toBe(1);
  });
});

describe('Scheduler: multi-input nodes', () => {
  const diamond = (type: 'join' | 'joinAll', order: 'v0' | 'v1') =>
    workflow(
      [['Start', 'trigger'], ['If', 'branch'], ['T', 'pass'], ['F', 'pass'], ['Join', type]],
      [['Start', 'If'], ['If', 'T', 0], ['If', 'F', 1], ['T', 'Join', 0, 0], ['F', 'Join', 0, 1]],
      order,
    );

  it('waits until every input has data', () => {
    const driver = new Driver(diamond('join', 'v1'));
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('If', items({ t: 1 }), items({ f: 1 }));
    driver.pass('T');
    expect(runNames(driver)).toEqual(['F']);
    driver.pass('F');
    expect(withoutPairing(driver.run('Join').inputs)).toEqual([items({ t: 1 }), items({ f: 1 })]);
    expect(driver.run('Join').source).toEqual([{ previousNode: 'T' }, { previousNode: 'F' }]);
  });

  it('v1: runs with the starved input empty when the required inputs are met', () => {
    const driver = new Driver(diamond('join', 'v1'));
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('If', items({ t: 1 }), []);
    driver.pass('T');
    expect(withoutPairing(driver.run('Join').inputs)).toEqual([items({ t: 1 }), []]);
    expect(driver.run('Join').source).toEqual([{ previousNode: 'T' }, null]);
  });

  it('v1: skips the node when a required input never gets data', () => {
    const driver = new Driver(diamond('joinAll', 'v1'));
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('If', items({ t: 1 }), []);
    driver.pass('T');
    expect(driver.result.status).toBe('success');
    expect(driver.result.data.resultData.runData.Join).toBeUndefined();
  });

  it('v1: waits for a slow upstream branch before deciding an input is starved', () => {
    const driver = new Driver(
      workflow(
        [['Start', 'trigger'], ['Slow', 'pass'], ['Fast', 'pass'], ['Join', 'join']],
        [['Start', 'Slow'], ['Start', 'Fast'], ['Fast', 'Join', 0, 0], ['Slow', 'Join', 0, 1]],
        'v1',
      ),
    );
    driver.start();
    driver.succeed('Start', items({}));
    driver.pass('Fast');
    expect(runNames(driver)).toEqual(['Slow']); // Join still waits: Slow may deliver
    driver.succeed('Slow', items({ slow: true }));
    expect(withoutPairing(driver.run('Join').inputs)[1]).toEqual(items({ slow: true }));
  });

  it('v0: an empty output still reaches a second input', () => {
    const driver = new Driver(diamond('joinAll', 'v0'));
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('If', items({ t: 1 }), items({ f: 1 }));
    driver.pass('T');
    driver.succeed('F', []);
    expect(withoutPairing(driver.run('Join').inputs)).toEqual([items({ t: 1 }), []]);
  });

  it('v0: forces a node feeding a starved input to run with one empty item', () => {
    const driver = new Driver(
      workflow(
        [['Start', 'trigger'], ['A', 'pass'], ['Orphan', 'pass'], ['Join', 'joinAll']],
        [['Start', 'A'], ['A', 'Join', 0, 0], ['Orphan', 'Join', 0, 1]],
        'v0',
      ),
    );
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('A', items({ a: 1 }));
    expect(withoutPairing(driver.run('Orphan').inputs)).toEqual([[{ json: {} }]]);
    driver.succeed('Orphan', items({ orphan: 1 }));
    expect(withoutPairing(driver.run('Join').inputs)).toEqual([items({ a: 1 }), items({ orphan: 1 })]);
  });

  it('v0: forces the highest not-yet-run node of an unconnected chain', () => {
    const driver = new Driver(
      workflow(
        [['Start', 'trigger'], ['A', 'pass'], ['Top', 'pass'], ['Mid', 'pass'], ['Join', 'joinAll']],
        [['Start', 'A'], ['A', 'Join', 0, 0], ['Top', 'Mid'], ['Mid', 'Join', 0, 1]],
        'v0',
      ),
    );
    driver.start();
    driver.succeed('Start', items({}));
    driver.pass('A');
    expect(runNames(driver)).toEqual(['Top']);
    driver.succeed('Top', items({ top: 1 }));
    driver.pass('Mid');
    expect(withoutPairing(driver.run('Join').inputs)[1]).toEqual(items({ top: 1 }));
  });

  it('v1: does not force unconnected input nodes', () => {
    const driver = new Driver(
      workflow(
        [['Start', 'trigger'], ['A', 'pass'], ['Orphan', 'pass'], ['Join', 'join']],
        [['Start', 'A'], ['A', 'Join', 0, 0], ['Orphan', 'Join', 0, 1]],
        'v1',
      ),
    );
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('A', items({ a: 1 }));
    expect(runNames(driver)).toEqual(['Join']);
    expect(withoutPairing(driver.run('Join').inputs)).toEqual([items({ a: 1 }), []]);
  });
});

describe('Scheduler: loops', () => {
  const loop = workflow(
    [['Start', 'trigger'], ['Body', 'pass'], ['Check', 'branch'], ['Done', 'pass']],
    [['Start', 'Body'], ['Body', 'Check'], ['Check', 'Done', 0], ['Check', 'Body', 1]],
  );

  it('runs a conditional loop until the condition sends items out, counting run indexes', () => {
    const driver = new Driver(loop);
    driver.start();
    driver.succeed('Start', items({ i: 0 }));
    for (let i = 0; i < 3; i++) {
      expect(driver.run('Body').runIndex).toBe(i);
      driver.pass('Body');
      driver.succeed('Check', [], items({ i: i + 1 }));
    }
    driver.pass('Body');
    driver.succeed('Check', items({ done: true }), []);
    driver.pass('Done');
    expect(driver.result.status).toBe('success');
    expect(driver.result.data.resultData.runData.Body).toHaveLength(4);
    expect(driver.result.data.resultData.runData.Body![1]!.source).toEqual([{ previousNode: 'Check', previousNodeOutput: 1 }]);
  });

  it('stops a runaway loop at maxNodeRuns with a clear error', () => {
    const driver = new Driver(loop, { maxNodeRuns: 10 });
    driver.start();
    driver.succeed('Start', items({}));
    for (let step = 0; step < 20 && driver.scheduler.currentStatus === 'running'; step++) {
      const next = driver.open()[0]!;
      if (next.nodeName === 'Check') driver.succeed('Check', [], items({}));
      else driver.pass(next.nodeName);
    }
    expect(driver.result.status).toBe('error');
    expect(driver.result.data.resultData.error).toMatchObject({ code: 'WEFT_E_NODE_RUN_LIMIT' });
    expect(driver.result.data.resultData.error!.message).toContain('10 nodes');
  });
});

describe('Scheduler: failures', () => {
  const chain = (extra: Parameters<typeof workflow>[0][number][2] = {}) =>
    workflow([['Start', 'trigger'], ['A', 'pass', extra], ['B', 'pass']], [['Start', 'A'], ['A', 'B']]);

  it('stops the workflow on a node error and records it', () => {
    const driver = new Driver(chain());
    driver.start();
    driver.succeed('Start', items({}));
    driver.fail('A', 'boom');
    const result = driver.result;
    expect(result.status).toBe('error');
    expect(result.data.resultData.error).toMatchObject({ message: 'boom', node: 'A' });
    expect(result.data.resultData.lastNodeExecuted).toBe('A');
    expect(result.data.resultData.runData.A![0]).toMatchObject({ executionStatus: 'error', error: { message: 'boom' } });
    expect(result.data.resultData.runData.B).toBeUndefined();
  });

  it('aborts the other running nodes when one fails', () => {
    const driver = new Driver(workflow([['Start', 'trigger'], ['A', 'pass'], ['B', 'pass']], [['Start', 'A'], ['Start', 'B']]));
    driver.start();
    driver.succeed('Start', items({}));
    const runB = driver.run('B').runId;
    const commands = driver.fail('A');
    expect(commands).toContainEqual({ type: 'abortRun', runId: runB });
    expect(driver.scheduler.handle({ type: 'nodeSucceeded', runId: runB, at: 2_000, outputs: [] })).toEqual([]);
  });

  it('retries with n8n clamping: maxTries 2-5, waitBetweenTries up to 5000 ms', () => {
    const driver = new Driver(chain({ retryOnFail: true, maxTries: 9, waitBetweenTries: 9_000 }));
    driver.start();
    driver.succeed('Start', items({}));
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(driver.run('A').attempt).toBe(attempt);
      const commands = driver.fail('A');
      if (attempt === 5) break;
      const timer = commands.find((command) => command.type === 'setTimer');
      expect(timer).toEqual({ type: 'setTimer', timerId: expect.any(Number), at: driver.now + 5_000 });
      if (timer?.type === 'setTimer') driver.fireTimer(timer.timerId, timer.at);
    }
    expect(driver.result.status).toBe('error');
  });

  it('a retry that succeeds keeps one run with the first start time', () => {
    const driver = new Driver(chain({ retryOnFail: true, waitBetweenTries: 10 }));
    driver.start();
    driver.succeed('Start', items({}));
    const started = driver.now;
    const [timer] = driver.fail('A').filter((command) => command.type === 'setTimer');
    if (timer?.type !== 'setTimer') throw new Error('expected a retry timer');
    expect(timer.at).toBe(driver.now + 10);
    driver.fireTimer(timer.timerId, timer.at);
    driver.succeed('A', items({ ok: 1 }));
    driver.pass('B');
    expect(driver.result.status).toBe('success');
    expect(driver.result.data.resultData.runData.A).toHaveLength(1);
    expect(driver.result.data.resultData.runData.A![0]!.startTime).toBe(started);
  });

  it('continueOnFail passes the input through and goes on', () => {
    const driver = new Driver(chain({ continueOnFail: true }));
    driver.start();
    driver.succeed('Start', items({ keep: 1 }));
    driver.fail('A');
    expect(withoutPairing(driver.run('B').inputs)).toEqual([items({ keep: 1 })]);
    driver.pass('B');
    expect(driver.result.status).toBe('success');
    expect(driver.result.data.resultData.runData.A![0]!.executionStatus).toBe('error');
  });

  it('continueErrorOutput routes error items to the extra last output', () => {
    const doc = workflow(
      [['Start', 'trigger'], ['A', 'pass', { onError: 'continueErrorOutput' }], ['Ok', 'pass'], ['Bad', 'pass']],
      [['Start', 'A'], ['A', 'Ok', 0], ['A', 'Bad', 1]],
    );
    const driver = new Driver(doc);
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('A', [{ json: { fine: 1 } }, { json: { error: 'bad item' } }, { json: { error: 'x', message: 'm' } }]);
    expect(withoutPairing(driver.run('Ok').inputs)[0]!.map((item) => item.json)).toEqual([{ fine: 1 }]);
    expect(withoutPairing(driver.run('Bad').inputs)[0]!.map((item) => item.json)).toEqual([{ error: 'bad item' }, { error: 'x', message: 'm' }]);
  });

  it('continueErrorOutput enriches an error item with its paired input item', () => {
    const doc = workflow(
      [['Start', 'trigger'], ['A', 'pass', { onError: 'continueErrorOutput' }], ['Ok', 'pass'], ['Bad', 'pass']],
      [['Start', 'A'], ['A', 'Ok', 0], ['A', 'Bad', 1]],
    );
    const driver = new Driver(doc);
    driver.start();
    driver.succeed('Start', items({ id: 1, name: 'one' }, { id: 2, name: 'two' }));
    driver.succeed('A', [{ json: { id: 1, extra: true }, pairedItem: { item: 0 } }, { json: { error: 'failed' }, pairedItem: { item: 1 } }], [{ json: { ignored: true } }]);
    expect(withoutPairing(driver.run('Bad').inputs)).toEqual([items({ id: 2, name: 'two', error: 'failed' })]);
    expect(withoutPairing(driver.run('Ok').inputs)).toEqual([items({ id: 1, extra: true })]);
  });

  it('pairs outputs by position when one output has as many items as the one input', () => {
    const driver = new Driver(workflow([['Start', 'trigger'], ['A', 'pass']], [['Start', 'A']]));
    driver.start();
    driver.succeed('Start', items({}, {}));
    driver.succeed('A', items({ x: 1 }, { x: 2 }));
    expect(driver.result.data.resultData.runData.A![0]!.data.main[0]!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('alwaysOutputData turns an empty output into one empty item', () => {
    const driver = new Driver(chain({ alwaysOutputData: true }));
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('A', []);
    expect(withoutPairing(driver.run('B').inputs)[0]!.map((item) => item.json)).toEqual([{}]);
  });
});

describe('Scheduler: node settings', () => {
  it('passes input 0 through a disabled node without running it', () => {
    const driver = new Driver(workflow([['Start', 'trigger'], ['A', 'pass', { disabled: true }], ['B', 'pass']], [['Start', 'A'], ['A', 'B']]));
    driver.start();
    driver.succeed('Start', items({ v: 1 }));
    expect(runNames(driver)).toEqual(['B']);
    driver.pass('B');
    expect(driver.outputOf('A')).toEqual([{ v: 1 }]);
  });

  it('uses pinned data instead of running the node', () => {
    const driver = new Driver(workflow([['Start', 'trigger'], ['A', 'pass'], ['B', 'pass']], [['Start', 'A'], ['A', 'B']]), {
      pinData: { A: items({ pinned: true }) },
    });
    driver.start();
    driver.succeed('Start', items({}));
    expect(withoutPairing(driver.run('B').inputs)).toEqual([items({ pinned: true })]);
  });

  it('executeOnce gives the node only the first item', () => {
    const driver = new Driver(workflow([['Start', 'trigger'], ['A', 'pass', { executeOnce: true }]], [['Start', 'A']]));
    driver.start();
    driver.succeed('Start', items({ n: 1 }, { n: 2 }));
    expect(withoutPairing(driver.run('A').inputs)).toEqual([items({ n: 1 })]);
  });

  it('pairs output items to a single input item', () => {
    const driver = new Driver(workflow([['Start', 'trigger'], ['A', 'pass']], [['Start', 'A']]));
    driver.start();
    driver.succeed('Start', items({}));
    driver.succeed('A', items({ x: 1 }, { x: 2 }));
    expect(driver.result.data.resultData.runData.A![0]!.data.main[0]!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
  });
});

describe('Scheduler: cancellation, timeout, replay', () => {
  const parallel = workflow([['Start', 'trigger'], ['A', 'pass'], ['B', 'pass']], [['Start', 'A'], ['Start', 'B']]);

  it('cancel aborts running nodes and ends as canceled', () => {
    const driver = new Driver(parallel);
    driver.start();
    driver.succeed('Start', items({}));
    const commands = driver.cancel();
    expect(commands.filter((command) => command.type === 'abortRun')).toHaveLength(2);
    expect(driver.result.status).toBe('canceled');
    expect(driver.result.data.resultData.error!.message).toBe('The execution was cancelled');
  });

  it('a timeout sets a timer at start and cancels when it fires', () => {
    const driver = new Driver(parallel, { timeoutMs: 500 });
    const [timer] = driver.start().filter((command) => command.type === 'setTimer');
    if (timer?.type !== 'setTimer') throw new Error('expected the timeout timer');
    expect(timer.at).toBe(1_500);
    driver.succeed('Start', items({}));
    driver.fireTimer(timer.timerId, timer.at);
    expect(driver.result.status).toBe('canceled');
    expect(driver.result.data.resultData.error).toMatchObject({ code: 'WEFT_E_EXECUTION_TIMEOUT' });
  });

  it('replaying the event log rebuilds the same state and outstanding runs', () => {
    const doc = workflow([['Start', 'trigger'], ['A', 'pass'], ['B', 'pass'], ['C', 'pass']], [['Start', 'A'], ['Start', 'B'], ['A', 'C']]);
    const driver = new Driver(doc);
    driver.start();
    driver.succeed('Start', items({ s: 1 }));
    driver.pass('A');
    const replayed = Scheduler.replay(buildPlan(doc, testRegistry), { startNode: 'Start' }, driver.events);
    expect(replayed.currentRunData).toEqual(driver.scheduler.currentRunData);
    expect(replayed.outstandingRuns().map((command) => (command.type === 'runNode' ? command.nodeName : '')).sort()).toEqual(['B', 'C']);
  });

  it('treats limits passed as undefined as "use the default"', () => {
    const driver = new Driver(parallel, { maxParallelNodes: undefined, maxNodeRuns: undefined });
    driver.start();
    expect(runNames(driver)).toEqual(['Start']);
  });

  it('reports a missing start node as an error result', () => {
    const driver = new Driver(parallel, { startNode: 'Nope' });
    driver.start();
    expect(driver.result.status).toBe('error');
    expect(driver.result.data.resultData.error!.message).toContain('"Nope"');
  });
});
