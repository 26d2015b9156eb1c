import type { RouteOptions } from 'fastify';
import type { TrustProxy } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { Registry } from 'prom-client';
import type { Cache } from '../ports/cache/types.js';
import type { JobQueue } from '../ports/queue/types.js';
import type { Store } from '../ports/store/index.js';
import type { Engine } from '../runtime/engine.js';
import type { ExecutionRunner } from './executions/runner.js';
import type { TriggerRegistrar } from './triggers/types.js';

/**
 * Checks the value of the `X-WEFT-API-KEY` header; resolves to who is calling (any truthy value, e.g. the key's
 * record) or `undefined` when the key is missing or unknown.
 */
export type Authenticate = (headerValue: string | undefined) => Promise<unknown | undefined>;

/** What the HTTP API needs from the rest of Weft. */
export interface ServerDeps {
  readonly store: Store;
  readonly engine: Engine;
  readonly authenticate: Authenticate;
  readonly logger: Logger;
  /** Reported by `GET /readyz`; when absent, readiness only checks the store. */
  readonly cache?: Cache;
  /** Reported by `GET /readyz` when present. */
  readonly queue?: JobQueue;
  /** Served at `GET /metrics` when present. */
  readonly metrics?: Registry;
  /**
   * Runs executions started over HTTP (run, retry) and keeps their AbortControllers for cancel. Default: an
   * in-process runner over `store` and `engine`. The queue work later passes one that enqueues instead.
   */
  readonly runner?: ExecutionRunner;
  /**
   * Start executions for active workflows (webhooks, schedules): activation, deactivation, deletion and updates of
   * active workflows call them. Without any, activation only records the flag.
   */
  readonly triggers?: readonly TriggerRegistrar[];
  /** How long webhook callers in `lastNode` / `responseNode` mode wait for the answer (default 30 s). */
  readonly webhookResponseTimeoutMs?: number;
  /** Largest webhook request body in bytes, after decompression (default 16 MiB); larger ones get 413. */
  readonly webhookMaxBodyBytes?: number;
  /**
   * Reverse proxies whose `X-Forwarded-*` headers are believed (WEFT_TRUST_PROXY; default none): they decide
   * `request.ip` (webhook IP allowlists, logs) and the protocol and host of webhook URLs.
   */
  readonly trustProxy?: TrustProxy;
  /** Told about every route as it is registered (route listings, the auth sweep test). */
  readonly onRoute?: (route: RouteOptions) => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the API key belongs to, as `authenticate` answered; undefined on public routes. */
    principal: unknown;
  }
  interface FastifyContextConfig {
    /** True for routes reachable without an API key (health, readiness). */
    public?: boolean;
  }
}
