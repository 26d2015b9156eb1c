import type { ExecutionFinish, Store } from '../../ports/store/index.js';
import { createWriteBatcher } from './write-batcher.js';

/** The store with group-committed finishes, telling how many finishes wait for their batch. */
export type BatchedFinishesStore = Store & {
  /** Finishes called and not yet settled: their executions have run and only wait for their end to be recorded. */
  readonly pendingFinishes: number;
};

/**
 * The store as an engine worker's executions see it, with `finishExecution` group-committed: the finishes of
 * executions ending at about the same time are written by one `finishExecutions` transaction (4 statements on
 * PostgreSQL for the whole batch instead of 4 per execution). Each finish still resolves only once its batch
 * committed, so the worker acknowledges a job only after its end is recorded. Every other method is the store's.
 *
 * @example
 * const drivingStore = withBatchedFinishes(store);
 * await driveExecution({ store: drivingStore, … });
 * drivingStore.pendingFinishes; // 0 once every end is recorded
 */
export function withBatchedFinishes(store: Store): BatchedFinishesStore {
  const finishes = createWriteBatcher((batch: Array<{ id: string } & ExecutionFinish>) => store.finishExecutions(batch));
  let pending = 0;
  const finishExecution: Store['finishExecution'] = (id, finish) => {
    pending += 1;
    return finishes.write({ id, ...finish }).finally(() => {
      pending -= 1;
    });
  };
  // A proxy, not a spread copy: stores may be class instances whose methods need their own `this`.
  return new Proxy(store as BatchedFinishesStore, {
    get(target, key) {
      if (key === 'finishExecution') return finishExecution;
      if (key === 'pendingFinishes') return pending;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
