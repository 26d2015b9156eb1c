import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import type { Clock } from '../../core/node-api/index.js';
import { wait } from './wait.js';

/** Runs Wait with a recording clock and returns the total time it slept plus its output. */
async function runWait(parameters: Record<string, unknown>): Promise<{ slept: number; out: Record<string, unknown>[] }> {
  let slept = 0;
  const clock: Clock = { now: () => Date.parse('2024-01-15T12:00:00Z') + slept, sleep: async (ms) => { slept += ms; } };
  const output = await runNodeForTest({ ...wait, execute: (ctx, inputs) => wait.execute({ ...ctx, clock }, inputs) }, { parameters, json: [{ a: 1 }] });
  return { slept, out: jsonOf(output[0]) };
}

describe('Wait', () => {
  it('sleeps the time interval (default one hour) and passes its input on', async () => {
    expect(await runWait({})).toEqual({ slept: 3_600_000, out: [{ a: 1 }] });
    expect((await runWait({ amount: 2, unit: 'seconds' })).slept).toBe(2000);
  });

  it('waits until a specific time', async () => {
    expect((await runWait({ resume: 'specificTime', dateTime: '2024-01-15T12:00:30Z' })).slept).toBe(30_000);
  });

  it('ends a webhook wait at its time limit, as no call can arrive in this run', async () => {
    expect(await runWait({ resume: 'webhook', limitWaitTime: true, resumeAmount: 7, resumeUnit: 'seconds' })).toEqual({ slept: 7000, out: [{ a: 1 }] });
    const atTime = { resume: 'form', limitWaitTime: true, limitType: 'atSpecifiedTime', maxDateAndTime: '2024-01-15T12:01:00Z' };
    expect((await runWait(atTime)).slept).toBe(60_000);
  });

  it('refuses a webhook wait without a limit', async () => {
    await expect(runWait({ resume: 'webhook' })).rejects.toThrow('Wait mode "webhook" is not available in this run');
  });
});

describe('Wait, where the execution may park', () => {
  const now = Date.parse('2024-01-15T12:00:00Z');

  /** Runs Wait in an execution that parks waits of `thresholdMs` and more; records what it asked for and slept. */
  async function runParking(parameters: Record<string, unknown>, thresholdMs: number) {
    let slept = 0;
    const parkedUntil: number[] = [];
    const clock: Clock = { now: () => now + slept, sleep: async (ms) => { slept += ms; } };
    const output = await runNodeForTest(
      {
        ...wait,
        execute: (ctx, inputs) =>
          wait.execute(
            {
              ...ctx,
              clock,
              putExecutionToWait: (until) => {
                if (until - clock.now() < thresholdMs) return false;
                parkedUntil.push(until);
                return true;
              },
            },
            inputs,
          ),
      },
      { parameters, json: [{ a: 1 }] },
    );
    return { slept, parkedUntil, out: jsonOf(output[0]) };
  }

  it('parks a long wait until its end instead of sleeping, passing its input on', async () => {
    expect(await runParking({ amount: 2, unit: 'minutes' }, 65_000)).toEqual({ slept: 0, parkedUntil: [now + 120_000], out: [{ a: 1 }] });
    expect((await runParking({ resume: 'specificTime', dateTime: '2024-01-16T12:00:00Z' }, 65_000)).parkedUntil).toEqual([now + 86_400_000]);
    expect((await runParking({ resume: 'webhook', limitWaitTime: true, resumeAmount: 3, resumeUnit: 'hours' }, 65_000)).parkedUntil).toEqual([now + 10_800_000]);
  });

  it('sleeps a wait the execution does not park', async () => {
    expect(await runParking({ amount: 64, unit: 'seconds' }, 65_000)).toEqual({ slept: 64_000, parkedUntil: [], out: [{ a: 1 }] });
  });

  it('asks nothing for a time already past', async () => {
    expect(await runParking({ resume: 'specificTime', dateTime: '2024-01-15T11:00:00Z' }, 0)).toEqual({ slept: 0, parkedUntil: [], out: [{ a: 1 }] });
  });
});
