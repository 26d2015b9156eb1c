import { describe, expect, it } from 'vitest';
import { buildPlan } from '../graph/index.js';
import { Scheduler } from './scheduler.js';
import { Driver, items, testRegistry, workflow } from './scheduler-harness.test-util.js';
import type { SchedulerCommand } from './types.js';

const runNames = (driver: Driver) => driver.open().map((command) => command.nodeName).sort();
const commandTypes = (commands: SchedulerCommand[]) => commands.map((command) => command.type);
const iso = (ms: number) => new Date(ms).toISOString();

/** Start → Wait → After, plus Start → B → C as a second branch. */
const twoBranches = () =>
  workflow(
    [['Start', 'trigger'], ['Wait', 'pass'], ['After', 'pass'], ['B', 'pass'], ['C', 'pass']],
    [['Start', 'Wait'], ['Wait', 'After'], ['Start', 'B'], ['B', 'C']],
  );

const chain = () => workflow([['Start', 'trigger'], ['Wait', 'pass'], ['After', 'pass']], [['Start', 'Wait'], ['Wait', 'After']]);

/** Rebuilds the driver's execution from its events, as a resuming attempt does. */
const replayOf = (driver: Driver) => Scheduler.replay(buildPlan(driver.doc, testRegistry), { startNode: 'Start', ...driver.options }, driver.events);

describe('Scheduler: parking long waits', () => {
  it('ends waiting with the park time once the parked node finished, its run recorded and its successors not started', () => {
    const driver = new Driver(chain());
    driver.start();
    driver.succeed('Start', items({ n: 1 }));
    const until = driver.now + 100_000;
    const commands = driver.park('Wait', until);

    expect(commandTypes(commands)).toEqual(['finished']);
    expect(driver.open()).toEqual([]);
    const result = driver.result;
    expect(result).toMatchObject({ status: 'waiting', waitTill: iso(until), stoppedAt: iso(driver.now) });
    expect(result.data.resultData.lastNodeExecuted).toBe('Wait');
    expect(result.data.resultData.runData.Wait).toHaveLength(1);
    expect(result.data.resultData.runData.Wait![0]!.data.main).toEqual([[{ json: { n: 1 }, pairedItem: { item: 0 } }]]);
    expect(result.data.resultData.runData.After).toBeUndefined();
  });

  it('lets the branches in flight finish (and go on) before it parks; only the parked branch is held', () => {
    const driver = new Driver(twoBranches());
    driver.start();
    driver.succeed('Start', items({}));
    expect(runNames(driver)).toEqual(['B', 'Wait']);
    const parkCommands = driver.park('Wait', driver.now + 100_000);
    expect(commandTypes(parkCommands)).toEqual([]); // B still runs
    expect(driver.scheduler.currentStatus).toBe('running');
    driver.pass('B');
    expect(runNames(driver)).toEqual(['C']); // the other branch goes on, as it would while a Wait sleeps
    const last = driver.pass('C');
    expect(commandTypes(last)).toEqual(['finished']);
    expect(driver.result.status).toBe('waiting');
    expect(Object.keys(driver.result.data.resultData.runData).sort()).toEqual(['B', 'C', 'Start', 'Wait']);
  });

  it('replayed before waitTill, parks again at once with the same waitTill and starts nothing', () => {
    const driver = new Driver(chain());
    driver.start();
    driver.succeed('Start', items({}));
    const until = driver.now + 100_000;
    driver.park('Wait', until);

    const replayed = replayOf(driver);
    expect(replayed.finalResult).toMatchObject({ status: 'waiting', waitTill: iso(until) });
    const early = replayed.handle({ type: 'resumed', at: until - 1 });
    expect(commandTypes(early)).toEqual(['finished']);
    expect(replayed.finalResult).toMatchObject({ status: 'waiting', waitTill: iso(until), stoppedAt: iso(until - 1) });
  });

  it('replayed at or after waitTill, lifts the park: the parked node does not run again, its successors run', () => {
    const driver = new Driver(chain());
    driver.start();
    driver.succeed('Start', items({ n: 1 }));
    const until = driver.now + 100_000;
    driver.park('Wait', until);
    driver.resume(until - 50); // an early redelivery: recorded, and harmless on replay

    const replayed = replayOf(driver);
    const commands = replayed.handle({ type: 'resumed', at: until });
    expect(commands).toEqual([expect.objectContaining({ type: 'runNode', nodeName: 'After', runIndex: 0, source: [{ previousNode: 'Wait' }] })]);
    const run = commands[0] as Extract<SchedulerCommand, { type: 'runNode' }>;
    expect(run.inputs[0]!.map((item) => item.json)).toEqual([{ n: 1 }]);
    const end = replayed.handle({ type: 'nodeSucceeded', runId: run.runId, at: until + 5, outputs: [run.inputs[0]!] });
    expect(commandTypes(end)).toEqual(['finished']);
    const result = replayed.finalResult!;
    expect(result.status).toBe('success');
    expect(result.waitTill).toBeUndefined();
    expect(result.data.resultData.runData.Wait).toHaveLength(1);
    expect(result.data.resultData.runData.After).toHaveLength(1);
  });

  it('parks parallel waits each until its own time: the execution waits till the earliest, then parks for the next', () => {
    const doc = workflow(
      [['Start', 'trigger'], ['W1', 'pass'], ['A1', 'pass'], ['W2', 'pass'], ['A2', 'pass']],
      [['Start', 'W1'], ['W1', 'A1'], ['Start', 'W2'], ['W2', 'A2']],
    );
    const driver = new Driver(doc);
    driver.start();
    driver.succeed('Start', items({}));
    const t0 = driver.now;
    driver.park('W2', t0 + 200_000);
    driver.park('W1', t0 + 100_000);
    expect(driver.result).toMatchObject({ status: 'waiting', waitTill: iso(t0 + 100_000) });

    driver.resume(t0 + 100_000);
    expect(runNames(driver)).toEqual(['A1']);
    driver.pass('A1');
    expect(driver.result).toMatchObject({ status: 'waiting', waitTill: iso(t0 + 200_000) });

    driver.resume(t0 + 250_000); // late: everything due runs
    expect(runNames(driver)).toEqual(['A2']);
    driver.pass('A2');
    expect(driver.result.status).toBe('success');
  });

  it('keeps a Merge fed by a parked branch waiting for it instead of running it with the input missing', () => {
    const doc = workflow(
      [['Start', 'trigger'], ['Wait', 'pass'], ['B', 'pass'], ['Join', 'join']],
      [['Start', 'Wait'], ['Start', 'B'], ['Wait', 'Join', 0, 0], ['B', 'Join', 0, 1]],
      'v1',
    );
    const driver = new Driver(doc);
    driver.start();
    driver.succeed('Start', items({ n: 1 }));
    const until = driver.now + 100_000;
    driver.park('Wait', until);
    driver.succeed('B', items({ from: 'B' }));
    expect(driver.result.status).toBe('waiting');
    expect(driver.result.data.resultData.runData.Join).toBeUndefined();

    driver.resume(until);
    const join = driver.run('Join');
    expect(join.inputs.map((list) => list.map((item) => item.json))).toEqual([[{ n: 1 }], [{ from: 'B' }]]);
  });

  it('does not park for a waitTill not after the event, and lifts a park once any later event reaches its time', () => {
    const driver = new Driver(twoBranches());
    driver.start();
    driver.succeed('Start', items({}));
    driver.park('Wait', driver.now); // already over
    expect(runNames(driver)).toEqual(['After', 'B']);

    const second = new Driver(twoBranches());
    second.start();
    second.succeed('Start', items({}));
    second.park('Wait', second.now + 20);
    second.now += 100; // B takes longer than the wait
    second.pass('B');
    expect(runNames(second)).toEqual(['After', 'C']);
    second.passAll();
    expect(second.result.status).toBe('success');
  });

  it('gives each attempt the whole execution timeout: parking clears it, lifting the park sets it anew', () => {
    const driver = new Driver(chain(), { timeoutMs: 60_000 });
    const [timeout] = driver.start();
    expect(timeout).toMatchObject({ type: 'setTimer', at: 1_000 + 60_000 });
    driver.succeed('Start', items({}));
    const until = driver.now + 3_600_000;
    const parked = driver.park('Wait', until);
    expect(parked).toContainEqual({ type: 'clearTimer', timerId: (timeout as { timerId: number }).timerId });

    expect(commandTypes(driver.resume(until - 10))).toEqual(['finished']); // early: no timer
    const lifted = driver.resume(until);
    expect(lifted).toContainEqual(expect.objectContaining({ type: 'setTimer', at: until + 60_000 }));
    expect(runNames(driver)).toEqual(['After']);
  });

  it('takes only a resume or a cancel while waiting', () => {
    const driver = new Driver(chain());
    driver.start();
    driver.succeed('Start', items({}));
    driver.park('Wait', driver.now + 100_000);
    expect(driver.scheduler.handle({ type: 'timerFired', timerId: 1, at: driver.now + 200_000 })).toEqual([]);
    expect(driver.scheduler.handle({ type: 'start', at: driver.now })).toEqual([]);
    expect(driver.result.status).toBe('waiting');

    driver.cancel();
    expect(driver.result.status).toBe('canceled');
    expect(driver.result.waitTill).toBeUndefined();
    expect(driver.resume(driver.now + 200_000)).toEqual([]);
  });

  it('ignores a resume of an execution that is not waiting', () => {
    const driver = new Driver(chain());
    driver.start();
    expect(driver.resume(5_000)).toEqual([]);
    expect(runNames(driver)).toEqual(['Start']);
  });
});
