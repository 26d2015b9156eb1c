import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { PersistedRun } from '../../runtime/persistence/index.js';
import type { ExecutionRunner, StartRequest } from '../executions/runner.js';
import { makeDrainable } from './execution-tracker.js';
import { handleShutdownSignals, type SignalTarget } from './shutdown-signals.js';

/** A runner whose executions end when the test says (finish) or when canceled. */
function fakeRunner(): ExecutionRunner & { finish(id: string): void; canceled: string[] } {
  const runs = new Map<string, { done: Promise<PersistedRun>; end: (status: 'success' | 'canceled') => void }>();
  const canceled: string[] = [];
  let counter = 0;
  return {
    canceled,
    start(_request: StartRequest) {
      const executionId = `e${++counter}`;
      let end!: (status: 'success' | 'canceled') => void;
      const done = new Promise<PersistedRun>((resolve) => {
        end = (status) => resolve({ executionId, attempt: 1, recorded: true, result: { status } as unknown as PersistedRun['result'] });
      });
      runs.set(executionId, { done, end });
      void done.then(() => runs.delete(executionId));
      return Promise.resolve({ executionId, done });
    },
    cancel(id) {
      const run = runs.get(id);
      if (!run) return false;
      canceled.push(id);
      run.end('canceled');
      return true;
    },
    running: (id) => runs.get(id)?.done,
    drain: async () => {
      await Promise.all([...runs.values()].map((r) => r.done));
    },
    finish(id) {
      runs.get(id)?.end('success');
    },
  };
}

const request = { workflow: {}, mode: 'manual' } as unknown as StartRequest;

describe('makeDrainable', () => {
  it('waits for running executions that finish before the deadline, cancels none', async () => {
    const inner = fakeRunner();
    const runner = makeDrainable(inner);
    const a = await runner.start(request);
    await runner.start(request);
    expect(runner.active).toBe(2);
    const drained = runner.drainWithin({ deadlineMs: 5_000 });
    inner.finish(a.executionId);
    inner.finish('e2');
    expect(await drained).toEqual({ finished: 2, canceled: 0, abandoned: 0 });
    expect(inner.canceled).toEqual([]);
    expect(runner.active).toBe(0);
  });

  it('cancels the executions still running at the deadline and refuses new ones while draining', async () => {
    const inner = fakeRunner();
    const runner = makeDrainable(inner);
    await runner.start(request);
    await runner.start(request);
    const drained = runner.drainWithin({ deadlineMs: 30 });
    inner.finish('e1');
    await expect(runner.start(request)).rejects.toMatchObject({ code: 'WEFT_E_SHUTTING_DOWN' });
    expect(await drained).toEqual({ finished: 1, canceled: 1, abandoned: 0 });
    expect(inner.canceled).toEqual(['e2']);
    // Idempotent: the same report again.
    expect(await runner.drainWithin({ deadlineMs: 1 })).toEqual({ finished: 1, canceled: 1, abandoned: 0 });
  });

  it('reports executions that ignore the cancel as abandoned after the grace period', async () => {
    const runner = makeDrainable({
      start: () => Promise.resolve({ executionId: 'stuck', done: new Promise<PersistedRun>(() => undefined) }),
      cancel: () => true,
      running: () => undefined,
      drain: () => Promise.resolve(),
    });
    await runner.start(request);
    expect(await runner.drainWithin({ deadlineMs: 10, cancelGraceMs: 10 })).toEqual({ finished: 0, canceled: 0, abandoned: 1 });
  });
});

describe('handleShutdownSignals', () => {
  it('calls onFirst on the first SIGTERM/SIGINT and onSecond on the next, and removes its handlers', () => {
    const target = new EventEmitter() as EventEmitter & SignalTarget;
    const calls: string[] = [];
    const dispose = handleShutdownSignals(target, { onFirst: (s) => calls.push(`first:${s}`), onSecond: (s) => calls.push(`second:${s}`) });
    target.emit('SIGTERM', 'SIGTERM');
    target.emit('SIGINT', 'SIGINT');
    target.emit('SIGTERM', 'SIGTERM');
    expect(calls).toEqual(['first:SIGTERM', 'second:SIGINT', 'second:SIGTERM']);
    dispose();
    expect(target.listenerCount('SIGTERM') + target.listenerCount('SIGINT')).toBe(0);
  });
});
