import { WeftError } from '../../core/errors/index.js';
import type { ExecutionRunner } from '../executions/runner.js';

/** How a drain ended: executions that finished on their own, and those canceled at the deadline. */
export interface DrainReport {
  readonly finished: number;
  readonly canceled: number;
  /** Still not settled after the cancel grace period (their rows stay `running`; crash recovery resumes them). */
  readonly abandoned: number;
}

/** A runner that shutdown can drain: it refuses new executions, waits for running ones, cancels the rest at a deadline. */
export interface DrainableRunner extends ExecutionRunner {
  /** Executions started through this runner that have not ended yet. */
  readonly active: number;
  /**
   * Refuses new executions (WEFT_E_SHUTTING_DOWN, 503, retryable), waits up to `deadlineMs` for the running ones,
   * then cancels what is left and waits up to `cancelGraceMs` more for them to record their end (`canceled`).
   * Idempotent: later calls return the first drain's report.
   */
  drainWithin(options: { deadlineMs: number; cancelGraceMs?: number }): Promise<DrainReport>;
  /** Cancels every running execution now (a second shutdown signal); returns how many. */
  cancelAll(): number;
}

/**
 * Wraps a runner so graceful shutdown can account for its executions. An execution's row is created (durable)
 * before `start` resolves, and a canceled one records itself `canceled`: an accepted execution is never lost.
 *
 * @example
 * const runner = makeDrainable(createExecutionRunner({ store, engine, logger }));
 * const report = await runner.drainWithin({ deadlineMs: 25_000 });
 */
export function makeDrainable(inner: ExecutionRunner): DrainableRunner {
  const active = new Map<string, Promise<unknown>>();
  let draining: Promise<DrainReport> | undefined;

  const settledAll = (): Promise<void> => Promise.allSettled([...active.values()]).then(() => undefined);
  const cancelAll = (): number => {
    let canceled = 0;
    for (const id of active.keys()) if (inner.cancel(id)) canceled += 1;
    return canceled;
  };

  return {
    async start(request) {
      if (draining) {
        throw new WeftError('WEFT_E_SHUTTING_DOWN', 'Weft is shutting down and takes no new executions; retry after the restart', {});
      }
      const started = await inner.start(request);
      const settled = started.done.then(
        () => undefined,
        () => undefined,
      );
      active.set(started.executionId, settled);
      void settled.then(() => active.delete(started.executionId));
      return started;
    },
    cancel: (executionId) => inner.cancel(executionId),
    running: (executionId) => inner.running(executionId),
    drain: () => inner.drain(),
    get active() {
      return active.size;
    },
    cancelAll,
    drainWithin({ deadlineMs, cancelGraceMs = 5_000 }) {
      draining ??= (async () => {
        const atStart = active.size;
        if (await settlesWithin(settledAll(), deadlineMs)) return { finished: atStart, canceled: 0, abandoned: 0 };
        const left = active.size;
        cancelAll();
        await settlesWithin(settledAll(), cancelGraceMs);
        const abandoned = active.size;
        return { finished: atStart - left, canceled: left - abandoned, abandoned };
      })();
      return draining;
    },
  };
}

/** True when `promise` settles within `ms`. */
function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
