import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { openQueue, type OpenedQueue } from '../../adapters/open-queue.js';
import { openStore, type OpenedStore } from '../../adapters/open-store.js';
import { openLeaderLock } from '../../adapters/leader-lock/index.js';
import { WeftError } from '../../core/errors/index.js';
import { parseShardRanges, parseShardSet, shardQueue } from '../../core/sharding/index.js';
import type { WeftConfig } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import type { LeaderLock } from '../../ports/lock/types.js';
import type { Subscription } from '../../ports/queue/types.js';
import { createEngine, type Engine } from '../../runtime/engine.js';
import { createMetricsRegistry } from '../../runtime/metrics/registry.js';
import {
  createExecutionEnqueuer,
  createExecutionWorker,
  createWorkerMetrics,
  ExecutionSignals,
  recordDeadLetters,
  recoverDirectRuns,
  type ExecutionWorker,
  type WorkerStopReport,
} from '../../runtime/worker/index.js';
import { createApiKeyAuthenticator } from '../auth/api-keys.js';
import { buildEngineServer } from '../build-engine-server.js';
import { buildServer } from '../build-server.js';
import { createErrorWorkflowRunner } from '../error-workflows/error-workflow-runner.js';
import { createOrphanSweeper, type OrphanSweeper } from '../executions/orphan-sweeper.js';
import { createQueuedRunner } from '../executions/queued-runner.js';
import { restoreTriggers } from '../triggers/restore-triggers.js';
import { createScheduleRegistrar } from '../triggers/schedules/index.js';
import type { TriggerRegistrar } from '../triggers/types.js';
import { createWebhookRegistrar } from '../triggers/webhooks/registrar.js';
import { ensureFirstApiKey } from './first-api-key.js';

/** Default time running executions get to finish on shutdown before they are handed back (below Docker's 30 s kill). */
export const DEFAULT_DRAIN_DEADLINE_MS = 25_000;

/**
 * What a process does: `orchestrator` (HTTP API and triggers; enqueues executions), `engine` (runs queued
 * executions; serves health and metrics) or `all` (both: `weft start`, the default).
 */
export type WeftRole = 'all' | 'orchestrator' | 'engine';

export interface StartWeftOptions {
  readonly role?: WeftRole;
  /** Executions the engine runs at once (default `config.engineConcurrency`). */
  readonly concurrency?: number;
  /** Time running executions get to finish on shutdown (default `config.shutdownTimeoutMs`). */
  readonly drainDeadlineMs?: number;
  /** Aborts a start that waits (for a broker that is down). */
  readonly signal?: AbortSignal;
}

/** How a shutdown went: executions that finished within the deadline, and those handed back to the queue. */
export type DrainReport = WorkerStopReport;

/** A running Weft process. */
export interface RunningWeft {
  readonly role: WeftRole;
  /** Where the HTTP server listens, e.g. `http://127.0.0.1:5678`. */
  readonly url: string;
  /** The API key made on this (first) start, to be shown once; undefined when keys existed already. */
  readonly firstApiKey: string | undefined;
  /** Which store it uses, safe to print (no password). */
  readonly storeLocation: string;
  /** Which queue it uses, safe to print (no password). */
  readonly queueLocation: string;
  /** The engine worker (roles `all` and `engine`). */
  readonly worker: ExecutionWorker | undefined;
  /**
   * Graceful shutdown (idempotent): triggers stop, the engine takes no more jobs, running executions get the
   * deadline to finish and are then handed back to the queue (another engine, or this one after a restart,
   * resumes them from their checkpoints); then everything opened is closed.
   */
  shutdown(): Promise<DrainReport>;
}

/**
 * Starts Weft in this process in the given role: opens the store (embedded SQLite, or PostgreSQL and Redis when
 * configured) and the queue (embedded `queue.db`, or RabbitMQ), then the orchestrator (API, webhooks, schedules)
 * and/or the engine worker. Whatever was opened is closed again when a step fails.
 *
 * @example
 * const weft = await startWeft(loadConfig(process.env), createLogger(), { role: 'all' });
 * console.log(weft.url);
 * await weft.shutdown();
 */
export async function startWeft(config: WeftConfig, logger: Logger, options: StartWeftOptions = {}): Promise<RunningWeft> {
  const role = options.role ?? 'all';
  const runsEngine = role !== 'orchestrator';
  const runsApi = role !== 'engine';
  const drainDeadlineMs = options.drainDeadlineMs ?? config.shutdownTimeoutMs ?? DEFAULT_DRAIN_DEADLINE_MS;
  const cleanups: Array<() => Promise<unknown>> = [];
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'closing a part failed');
      }
    }
  };
  try {
    const opened: OpenedStore = await openStore(config, logger);
    cleanups.push(() => opened.close());
    const store = opened.store;
    const openedQueue: OpenedQueue = await openQueue(config, logger, options.signal);
    const queue = openedQueue.queue;
    cleanups.push(() => queue.close());
    const engine: Engine = createEngine(config, logger);
    cleanups.push(() => engine.close());
    const signals = new ExecutionSignals(opened.cache, logger);
    await signals.start();
    cleanups.push(() => signals.close());

    const plan = { shards: config.queueShards, ...(config.queueShardRanges !== '' ? { ranges: parseShardRanges(config.queueShardRanges, config.queueShards) } : {}) };
    const enqueuer = createExecutionEnqueuer({ queue, store, plan, defaultConcurrency: config.workflowConcurrency, messageTtlMs: config.queueMessageTtlMs });
    await enqueuer.declareQueues();
    const registry = createMetricsRegistry({ role });
    const auth = createApiKeyAuthenticator(store, { logger, cacheTtlMs: config.apiKeyCacheTtlMs });
    cleanups.push(() => auth.drain());
    const workerId = `${hostname()}:${process.pid}`;

    // The runner enqueues; `localWorker` lets it hand results and cancels over without a round trip.
    let worker: ExecutionWorker | undefined;
    // Embedded (one machine): a caller that waits for its result is served by this process's engine at once when it
    // has a free slot. Servers with PostgreSQL queue everything, so any engine of the fleet can take it over.
    const embedded = opened.kind === 'sqlite';
    const runAwaitedLocally = embedded && role === 'all' && config.workflowConcurrency === 0;
    const runner = createQueuedRunner({ store, enqueuer, signals, logger, runAwaitedLocally, get localWorker() { return worker; } });
    const publicUrl = config.publicUrl.replace(/\/+$/, '');
    const errorWorkflows = createErrorWorkflowRunner({
      store,
      runner,
      logger,
      ...(publicUrl !== '' ? { executionUrl: (executionId: string) => `${publicUrl}/api/v1/executions/${executionId}` } : {}),
    });

    let deadLetters: Subscription | undefined;
    if (runsEngine) {
      const shards = parseShardSet(config.engineShards, config.queueShards);
      if ('error' in shards) throw new WeftError('WEFT_E_INVALID_CONFIG', `WEFT_ENGINE_SHARDS: ${shards.error}`, { env: 'WEFT_ENGINE_SHARDS' });
      const metrics = createWorkerMetrics(registry, { running: () => worker?.active ?? 0, depth: (name) => queue.depth(name), queues: shards.map(shardQueue) });
      worker = createExecutionWorker({
        store,
        engine,
        queue,
        enqueuer,
        signals,
        logger,
        workerId,
        concurrency: options.concurrency ?? config.engineConcurrency,
        // Callers waiting for a result are served at once up to the process-wide node bound.
        directConcurrency: Math.max(options.concurrency ?? config.engineConcurrency, config.processNodeSlots),
        shards,
        waitParkThresholdMs: config.waitParkThresholdMs,
        checkpointFlushMs: config.checkpointFlushMs,
        metrics,
        onEnded: (ended) => errorWorkflows.handle({ workflow: ended.workflow, mode: ended.mode, ...(ended.retryOf !== undefined ? { retryOf: ended.retryOf } : {}) }, ended.run),
      });
    }

    const triggers: TriggerRegistrar[] = [];
    let lock: LeaderLock | undefined;
    let orphans: OrphanSweeper | undefined;
    let app: FastifyInstance;
    if (runsApi) {
      // Schedules fire in one orchestrator at a time: the holder of this lock (PostgreSQL, Redis or in-process).
      lock = openLeaderLock(config);
      const heldLock = lock;
      cleanups.push(() => heldLock.close());
      triggers.push(
        createWebhookRegistrar({ store, logger }),
        createScheduleRegistrar({
          store,
          runner,
          lock,
          logger,
          defaultTimezone: config.defaultTimezone,
          lockTtlMs: config.schedulerLockTtlMs,
          resyncMs: config.schedulerResyncMs,
        }),
      );
      cleanups.push(() => Promise.all(triggers.map((registrar) => registrar.close())));
      // Executions recorded `new` whose job was never published (an orchestrator died in between, or the publish
      // failed): one orchestrator at a time queues them again, elected on the schedules' lock under its own name.
      if (config.queueOrphanAfterMs > 0) {
        const sweeper = createOrphanSweeper({ store, enqueuer, lock, logger, metrics: registry, orphanAfterMs: config.queueOrphanAfterMs, lockTtlMs: config.schedulerLockTtlMs });
        orphans = sweeper;
        cleanups.push(() => sweeper.close());
      }
      app = await buildServer({
        store,
        engine,
        authenticate: (value) => auth.authenticate(value),
        logger,
        cache: opened.cache,
        queue,
        metrics: registry,
        runner,
        triggers,
        webhookResponseTimeoutMs: config.webhookResponseTimeoutMs,
        webhookMaxBodyBytes: config.webhookMaxBodyMb * 1024 * 1024,
        trustProxy: config.trustProxy,
      });
    } else {
      app = await buildEngineServer({ store, queue, cache: opened.cache, authenticate: (value) => auth.authenticate(value), logger, metrics: registry, trustProxy: config.trustProxy });
    }
    const server = app;
    try {
      // Registered before listening, so the first requests already find the active workflows' webhooks.
      if (runsApi) await restoreTriggers(store, triggers);
      await server.listen({ host: config.host, port: config.port });
    } catch (error) {
      await server.close();
      throw listenError(error, config);
    }
    cleanups.push(() => server.close());
    // Made only once listening worked: a key created by a start that then failed would never be shown, and the
    // next start would not make another one.
    const firstApiKey = runsApi ? await ensureFirstApiKey(store) : undefined;
    if (worker) {
      // Direct runs of a process of this machine that died have no job to be redelivered: queue them again.
      if (embedded) await recoverDirectRuns({ store, enqueuer, logger, host: hostname(), pid: process.pid });
      await worker.start();
      deadLetters = await recordDeadLetters({ queue, store, logger });
    }
    orphans?.start();
    const url = addressUrl(server.server.address(), config);
    logger.info({ role, url, store: opened.kind, storeLocation: opened.location, queue: openedQueue.kind, queueLocation: openedQueue.location }, 'weft started');

    let stopping: Promise<DrainReport> | undefined;
    const runningWorker = worker;
    const runningDeadLetters = deadLetters;
    return {
      role,
      url,
      firstApiKey,
      storeLocation: opened.location,
      queueLocation: openedQueue.location,
      worker,
      shutdown: () =>
        (stopping ??= (async () => {
          logger.info({ role, running: runningWorker?.active ?? 0, deadlineMs: drainDeadlineMs }, 'shutting down: no new work, waiting for running executions');
          // Triggers first: nothing new should start while the running executions drain. The HTTP server closes
          // while the engine drains: a `?wait=true` request stays open until its execution ends or is handed back.
          await Promise.all(triggers.map((registrar) => registrar.close()));
          await orphans?.close();
          await lock?.close();
          const stopWorker = runningWorker?.stop({ deadlineMs: drainDeadlineMs }) ?? Promise.resolve({ finished: 0, handedBack: 0 });
          const [report] = await Promise.all([stopWorker, closeServerWithin(server, drainDeadlineMs + 5_000)]);
          await runner.drain();
          await runningDeadLetters?.stop();
          await closeAll();
          logger.info(report, 'weft stopped');
          return report;
        })()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Closes the HTTP server; requests still open at the deadline (waiting for an execution) are cut. */
async function closeServerWithin(server: FastifyInstance, ms: number): Promise<void> {
  const timer = setTimeout(() => server.server.closeAllConnections(), ms);
  try {
    await server.close();
  } finally {
    clearTimeout(timer);
  }
}

function addressUrl(address: AddressInfo | string | null, config: WeftConfig): string {
  if (address === null || typeof address === 'string') return `http://${config.host}:${config.port}`;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** The operating system's listen errors, in words an operator acts on. */
function listenError(error: unknown, config: WeftConfig): unknown {
  const code = (error as { code?: unknown }).code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE') return new WeftError('WEFT_E_INVALID_CONFIG', `Port ${config.port} is already in use on ${config.host}: stop the other program or set WEFT_PORT`, { where });
  if (code === 'EACCES') return new WeftError('WEFT_E_INVALID_CONFIG', `Not allowed to listen on ${where} (ports below 1024 need privileges): set WEFT_PORT`, { where });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new WeftError('WEFT_E_INVALID_CONFIG', `WEFT_HOST ${config.host} is not an address of this machine`, { where });
  return error;
}
