import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createMemoryCache } from '../../adapters/memory-cache/index.js';
import { createSqliteQueue } from '../../adapters/sqlite-queue/index.js';
import { createSqliteStore } from '../../adapters/sqlite-store/index.js';
import type { ShardPlan } from '../../core/sharding/index.js';
import { createSilentLogger } from '../../logging/logger.js';
import type { JobQueue } from '../../ports/queue/types.js';
import type { Store } from '../../ports/store/index.js';
import { createQueuedRunner } from '../../server/executions/queued-runner.js';
import type { ExecutionRunner } from '../../server/executions/runner.js';
import { testEngine, type TestNodes } from '../persistence/persistence.test-util.js';
import { createExecutionEnqueuer, type ExecutionEnqueuer } from './execution-enqueuer.js';
import { ExecutionSignals } from './execution-signals.js';
import { createExecutionWorker, type ExecutionWorker, type ExecutionWorkerOptions } from './execution-worker.js';

/** A store, a queue and an orchestrator-side runner on files in a temp folder, plus workers made on demand. */
export interface QueueRig {
  readonly dir: string;
  readonly store: Store;
  readonly queue: JobQueue;
  readonly enqueuer: ExecutionEnqueuer;
  readonly signals: ExecutionSignals;
  readonly runner: ExecutionRunner;
  /** A worker (like another engine process: its own engine and test nodes) on the same store and queue. */
  worker(nodes: TestNodes, overrides?: Partial<ExecutionWorkerOptions>): ExecutionWorker;
  teardown(): Promise<void>;
}

export async function queueRig(options: { plan?: ShardPlan; maxDeliveries?: number; leaseMs?: number; workflowConcurrency?: number } = {}): Promise<QueueRig> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-worker-'));
  const logger = createSilentLogger();
  const store = await createSqliteStore({ file: join(dir, 'weft.db'), encryptionKey: randomBytes(32) });
  const queue = await createSqliteQueue({ file: join(dir, 'queue.db'), maxDeliveries: options.maxDeliveries ?? 5, leaseMs: options.leaseMs ?? 30_000, pollMs: 10 });
  const plan = options.plan ?? { shards: 1 };
  const enqueuer = createExecutionEnqueuer({ queue, store, plan, defaultConcurrency: options.workflowConcurrency ?? 0, messageTtlMs: 0 });
  await enqueuer.declareQueues();
  const signals = new ExecutionSignals(createMemoryCache(), logger);
  await signals.start();
  const workers: ExecutionWorker[] = [];
  let local: ExecutionWorker | undefined;
  const runner = createQueuedRunner({ store, enqueuer, signals, logger, pollFirstMs: 20, get localWorker() { return local; } });
  const engines: Array<{ close(): Promise<void> }> = [];
  return {
    dir,
    store,
    queue,
    enqueuer,
    signals,
    runner,
    worker(nodes, overrides = {}) {
      const engine = testEngine(nodes);
      engines.push(engine);
      const worker = createExecutionWorker({
        store,
        engine,
        queue,
        enqueuer,
        signals,
        logger,
        workerId: `test-worker-${workers.length + 1}`,
        concurrency: 4,
        shards: Array.from({ length: plan.shards }, (_, shard) => shard),
        waitParkThresholdMs: 65_000,
        ...overrides,
      });
      workers.push(worker);
      local ??= worker;
      return worker;
    },
    async teardown() {
      await Promise.all(workers.map((worker) => worker.stop({ deadlineMs: 0 })));
      await signals.close();
      await queue.close();
      await Promise.all(engines.map((engine) => engine.close()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
