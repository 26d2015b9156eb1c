import { describe, expect, it } from 'vitest';
import { buildPlan } from '../graph/index.js';
import type { WorkflowNode } from '../model/types.js';
import { replayProgress } from './progress.js';
import { Scheduler } from './scheduler.js';
import { Driver, items, testRegistry, workflow } from './scheduler-harness.test-util.js';

/** Start → A → Wait → After; `extra` goes on A. */
const chain = (extra: Partial<WorkflowNode> = {}) =>
  workflow([['Start', 'trigger'], ['A', 'pass', extra], ['Wait', 'pass'], ['After', 'pass']], [['Start', 'A'], ['A', 'Wait'], ['Wait', 'After']]);

const replayOf = (driver: Driver, events = driver.events) => Scheduler.replay(buildPlan(driver.doc, testRegistry), { startNode: 'Start', ...driver.options }, events);
const progressOf = (driver: Driver, events = driver.events) => replayProgress(buildPlan(driver.doc, testRegistry), { startNode: 'Start', ...driver.options }, events);

describe('Scheduler: execution custom data', () => {
  it('records none while no event carries any', () => {
    const driver = new Driver(chain());
    driver.start();
    driver.passAll();
    expect(driver.result.status).toBe('success');
    expect(driver.scheduler.currentCustomData).toBeUndefined();
    expect(driver.result.data.resultData).not.toHaveProperty('metadata');
  });

  it('keeps the latest custom data an event carried and puts a copy in the result as metadata', () => {
    const driver = new Driver(chain());
    driver.start();
    driver.passWith('Start', { customData: { source: 'start' } });
    driver.passWith('A', { customData: { source: 'start', order: '42' } });
    driver.pass('Wait'); // carries none: the custom data stays as it was
    driver.pass('After');
    expect(driver.result.data.resultData.metadata).toEqual({ source: 'start', order: '42' });
    expect(driver.result.data.resultData.metadata).not.toBe(driver.scheduler.currentCustomData);
  });

  it('takes the custom data of a failed attempt that is retried', () => {
    const driver = new Driver(chain({ retryOnFail: true, waitBetweenTries: 0 }));
    driver.start();
    driver.pass('Start');
    const [timer] = driver.failWith('A', { customData: { tried: '1' } }).filter((command) => command.type === 'setTimer');
    if (timer?.type !== 'setTimer') throw new Error('expected a retry timer');
    driver.fireTimer(timer.timerId, timer.at);
    driver.passAll();
    expect(driver.result.data.resultData.metadata).toEqual({ tried: '1' });
    expect(replayOf(driver).finalResult?.data.resultData.metadata).toEqual({ tried: '1' });
  });

  it('is restored by a replay of a parked execution, and kept through its resume', () => {
    const driver = new Driver(chain());
    driver.start();
    driver.pass('Start');
    driver.passWith('A', { customData: { order: '42' } });
    driver.park('Wait', driver.now + 100_000);
    expect(driver.result).toMatchObject({ status: 'waiting', data: { resultData: { metadata: { order: '42' } } } });

    const replayed = replayOf(driver);
    expect(replayed.currentCustomData).toEqual({ order: '42' });
    expect(replayed.finalResult?.data.resultData.metadata).toEqual({ order: '42' });

    driver.resume(driver.now + 100_000);
    driver.passWith('After', { customData: { order: '42', shipped: 'yes' } });
    expect(driver.result).toMatchObject({ status: 'success', data: { resultData: { metadata: { order: '42', shipped: 'yes' } } } });
  });
});

describe('replayProgress', () => {
  it('shows a parked execution as waiting, with the runs up to the Wait, its waitTill and custom data', () => {
    const driver = new Driver(chain());
    driver.start();
    driver.pass('Start');
    driver.passWith('A', { customData: { order: '42' } });
    const until = driver.now + 100_000;
    driver.park('Wait', until);

    const progress = progressOf(driver);
    expect(progress.status).toBe('waiting');
    expect(progress.waitTill).toBe(new Date(until).toISOString());
    expect(Object.keys(progress.data.resultData.runData).sort()).toEqual(['A', 'Start', 'Wait']);
    expect(progress.data.resultData).toMatchObject({ lastNodeExecuted: 'Wait', metadata: { order: '42' } });
    expect(progress.data.resultData.runData).toEqual(driver.result.data.resultData.runData);
  });

  it('shows a log that stops mid-run as running, with the runs that finished', () => {
    const driver = new Driver(chain());
    driver.start();
    driver.succeed('Start', items({ n: 1 }));
    driver.passWith('A', { customData: { step: 'A' } });

    const progress = progressOf(driver);
    expect(progress.status).toBe('running');
    expect(progress.waitTill).toBeUndefined();
    expect(Object.keys(progress.data.resultData.runData).sort()).toEqual(['A', 'Start']);
    expect(progress.data.resultData.runData.A![0]!.data.main[0]).toEqual([{ json: { n: 1 }, pairedItem: { item: 0 } }]);
    expect(progress.data.resultData).toMatchObject({ lastNodeExecuted: 'A', metadata: { step: 'A' } });
  });

  it('shows an empty log as new, with no run data', () => {
    const driver = new Driver(chain());
    expect(progressOf(driver, [])).toEqual({ status: 'new', data: { resultData: { runData: {} } } });
  });
});
