import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { openStore, type OpenedStore } from '../../adapters/open-store.js';
import { WeftError } from '../../core/errors/index.js';
import type { WeftConfig } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import { createEngine, type Engine } from '../../runtime/engine.js';
import { createApiKeyAuthenticator } from '../auth/api-keys.js';
import { buildServer } from '../build-server.js';
import { createErrorWorkflowRunner } from '../error-workflows/error-workflow-runner.js';
import { createExecutionRunner } from '../executions/runner.js';
import { restoreTriggers } from '../triggers/restore-triggers.js';
import type { TriggerRegistrar } from '../triggers/types.js';
import { createWebhookRegistrar } from '../triggers/webhooks/registrar.js';
import { createScheduleRegistrar } from '../triggers/schedules/index.js';
import { openLeaderLock } from '../../adapters/leader-lock/index.js';
import type { LeaderLock } from '../../ports/lock/types.js';
import { makeDrainable, type DrainReport } from './execution-tracker.js';
import { ensureFirstApiKey } from './first-api-key.js';

/** Default time running executions get to finish on shutdown before they are canceled (below Docker's 30 s kill). */
export const DEFAULT_DRAIN_DEADLINE_MS = 25_000;

export interface StartWeftOptions {
  /** Time running executions get to finish on shutdown (default {@link DEFAULT_DRAIN_DEADLINE_MS}). */
  readonly drainDeadlineMs?: number;
}

/** A running Weft server. */
export interface RunningWeft {
  /** Where the API listens, e.g. `http://127.0.0.1:5678`. */
  readonly url: string;
  /** The API key made on this (first) start, to be shown once; undefined when keys existed already. */
  readonly firstApiKey: string | undefined;
  /** Which store it uses, safe to print (no password). */
  readonly storeLocation: string;
  /** Graceful shutdown (idempotent): stop accepting, drain executions, close engine, store and cache. */
  shutdown(): Promise<DrainReport>;
  /** Cancels every running execution now (a second signal while shutting down). */
  cancelAll(): number;
}

/**
 * Starts Weft in this process: opens the store (embedded SQLite, or PostgreSQL and Redis when configured), creates
 * the engine and the HTTP API, makes the first API key when none exists, and listens on `config.host:config.port`.
 * Whatever was opened is closed again when a step fails.
 *
 * @example
 * const weft = await startWeft(loadConfig(process.env), createLogger());
 * console.log(weft.url);
 * await weft.shutdown();
 */
export async function startWeft(config: WeftConfig, logger: Logger, options: StartWeftOptions = {}): Promise<RunningWeft> {
  const drainDeadlineMs = options.drainDeadlineMs ?? config.shutdownTimeoutMs ?? DEFAULT_DRAIN_DEADLINE_MS;
  let opened: OpenedStore | undefined;
  let engine: Engine | undefined;
  let lock: LeaderLock | undefined;
  let schedules: TriggerRegistrar | undefined;
  try {
    opened = await openStore(config, logger);
    const store = opened.store;
    engine = createEngine(config, logger);
    // Error workflows start through the drainable runner (so shutdown accounts for them too), and that runner tells
    // the service about every ended execution: the service reaches the runner late, once it exists.
    const publicUrl = config.publicUrl.replace(/\/+$/, '');
    const errorWorkflows = createErrorWorkflowRunner({
      store,
      runner: { start: (request) => runner.start(request) },
      logger,
      ...(publicUrl !== '' ? { executionUrl: (executionId: string) => `${publicUrl}/api/v1/executions/${executionId}` } : {}),
    });
    const runner = makeDrainable(
      createExecutionRunner({ store, engine, logger, worker: `${hostname()}:${process.pid}`, onEnded: (request, run) => errorWorkflows.handle(request, run) }),
    );
    const auth = createApiKeyAuthenticator(store, { logger, cacheTtlMs: config.apiKeyCacheTtlMs });
    // Schedules fire in one orchestrator at a time: the holder of this lock (PostgreSQL, Redis or in-process).
    lock = openLeaderLock(config);
    schedules = createScheduleRegistrar({
      store,
      runner,
      lock,
      logger,
      defaultTimezone: config.defaultTimezone,
      lockTtlMs: config.schedulerLockTtlMs,
      resyncMs: config.schedulerResyncMs,
    });
    const triggers: TriggerRegistrar[] = [createWebhookRegistrar({ store, logger }), schedules];
    const app = await buildServer({
      store,
      engine,
      authenticate: (value) => auth.authenticate(value),
      logger,
      cache: opened.cache,
      runner,
      triggers,
      webhookResponseTimeoutMs: config.webhookResponseTimeoutMs,
    });
    try {
      // Registered before listening, so the first requests already find the active workflows' webhooks.
      await restoreTriggers(store, triggers);
      await app.listen({ host: config.host, port: config.port });
    } catch (error) {
      await app.close();
      throw listenError(error, config);
    }
    // Made only once listening worked: a key created by a start that then failed would never be shown, and the
    // next start would not make another one.
    let firstApiKey: string | undefined;
    try {
      firstApiKey = await ensureFirstApiKey(store);
    } catch (error) {
      await app.close();
      throw error;
    }
    const url = addressUrl(app.server.address(), config);
    logger.info({ url, store: opened.kind, location: opened.location }, 'weft started');

    const storeHandle = opened;
    const engineHandle = engine;
    const lockHandle = lock;
    let stopping: Promise<DrainReport> | undefined;
    return {
      url,
      firstApiKey,
      storeLocation: opened.location,
      cancelAll: () => runner.cancelAll(),
      shutdown: () =>
        (stopping ??= (async () => {
          logger.info({ running: runner.active, deadlineMs: drainDeadlineMs }, 'shutting down: no new requests, waiting for running executions');
          // Closing the server and draining run together: a `?wait=true` request stays open until its execution
          // ends, so the server only finishes closing once the drain let it finish or canceled it.
          // Triggers stop first: nothing new should start while the running executions drain.
          await Promise.all(triggers.map((registrar) => registrar.close()));
          await lockHandle.close();
          const [report] = await Promise.all([runner.drainWithin({ deadlineMs: drainDeadlineMs }), app.close()]);
          await auth.drain();
          await engineHandle.close();
          await storeHandle.close();
          logger.info(report, 'weft stopped');
          return report;
        })()),
    };
  } catch (error) {
    await schedules?.close();
    await lock?.close();
    await engine?.close();
    await opened?.close();
    throw error;
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
