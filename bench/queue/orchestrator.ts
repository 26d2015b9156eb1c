import { hostname } from 'node:os';
import { openQueue } from '../../src/adapters/open-queue.js';
import { openStore } from '../../src/adapters/open-store.js';
import { parseShardRanges, parseShardSet } from '../../src/core/sharding/index.js';
import type { WeftConfig } from '../../src/config/config.js';
import type { Logger } from '../../src/logging/logger.js';
import type { Subscription } from '../../src/ports/queue/types.js';
import type { Store } from '../../src/ports/store/index.js';
import { createEngine } from '../../src/runtime/engine.js';
import { createExecutionEnqueuer, createExecutionWorker, ExecutionSignals, recordDeadLetters, type ExecutionWorker } from '../../src/runtime/worker/index.js';
import { createErrorWorkflowRunner } from '../../src/server/error-workflows/error-workflow-runner.js';
import { createQueuedRunner } from '../../src/server/executions/queued-runner.js';
import type { ExecutionRunner } from '../../src/server/executions/runner.js';

/** The benchmark process as an orchestrator, and with `localEngine` also as an engine (`weft start`). */
export interface BenchOrchestrator {
  readonly store: Store;
  /** The queued runner `weft orchestrator` uses: `start` = execution row `new` + confirmed publish. */
  readonly runner: ExecutionRunner;
  /** Closes everything it opened, in reverse order; running executions get `drainMs` to finish. */
  close(drainMs?: number): Promise<void>;
}

/**
 * Opens the store and the queue the configuration names and composes the parts `startWeft` composes for the
 * orchestrator (signals, enqueuer, queued runner), without the HTTP server and triggers: the benchmark calls the
 * runner directly, the same call the run route and the webhooks make. With `localEngine`, the engine worker of
 * role `all` runs in this process too, fed by the same queue instance.
 *
 * @example
 * const orchestrator = await openBenchOrchestrator(config, logger, { localEngine: { concurrency: 64 } });
 * await orchestrator.runner.start({ workflow, mode: 'manual' });
 * await orchestrator.close();
 */
export async function openBenchOrchestrator(config: WeftConfig, logger: Logger, options: { localEngine?: { concurrency: number } } = {}): Promise<BenchOrchestrator> {
  const cleanups: Array<() => Promise<unknown>> = [];
  // How long the local engine's running executions get on close (set by close()).
  let drainDeadlineMs = 5_000;
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => logger.warn({ err: String(error) }, 'closing a benchmark part failed'));
  };
  try {
    const opened = await openStore(config, logger);
    cleanups.push(() => opened.close());
    const { queue } = await openQueue(config, logger);
    cleanups.push(() => queue.close());
    const signals = new ExecutionSignals(opened.cache, logger);
    await signals.start();
    cleanups.push(() => signals.close());
    const plan = { shards: config.queueShards, ...(config.queueShardRanges !== '' ? { ranges: parseShardRanges(config.queueShardRanges, config.queueShards) } : {}) };
    const enqueuer = createExecutionEnqueuer({ queue, store: opened.store, plan, defaultConcurrency: config.workflowConcurrency, messageTtlMs: config.queueMessageTtlMs });
    await enqueuer.declareQueues();

    let worker: ExecutionWorker | undefined;
    const runner = createQueuedRunner({ store: opened.store, enqueuer, signals, logger, get localWorker() { return worker; } });
    if (options.localEngine) {
      const shards = parseShardSet(config.engineShards, config.queueShards);
      if ('error' in shards) throw new Error(`WEFT_ENGINE_SHARDS: ${shards.error}`);
      const engine = createEngine(config, logger);
      cleanups.push(() => engine.close());
      const errorWorkflows = createErrorWorkflowRunner({ store: opened.store, runner, logger });
      const running = createExecutionWorker({
        store: opened.store,
        engine,
        queue,
        enqueuer,
        signals,
        logger,
        workerId: `${hostname()}:${process.pid}`,
        concurrency: options.localEngine.concurrency,
        shards,
        waitParkThresholdMs: config.waitParkThresholdMs,
        checkpointFlushMs: config.checkpointFlushMs,
        onEnded: (ended) => errorWorkflows.handle({ workflow: ended.workflow, mode: ended.mode, ...(ended.retryOf !== undefined ? { retryOf: ended.retryOf } : {}) }, ended.run),
      });
      worker = running;
      await running.start();
      const deadLetters: Subscription = await recordDeadLetters({ queue, store: opened.store, logger });
      cleanups.push(async () => {
        await running.stop({ deadlineMs: drainDeadlineMs });
        await deadLetters.stop();
      });
    }
    return {
      store: opened.store,
      runner,
      close: async (drainMs = 5_000) => {
        drainDeadlineMs = drainMs;
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
