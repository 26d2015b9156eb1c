import type { Server } from 'node:http';
import { LogController, type FastifyBaseLogger, type FastifyHttpOptions } from 'fastify';
import type { Logger } from '../logging/logger.js';
import { schemaController } from './plugins/validation.js';
import { fastifyTrustProxy } from './trust-proxy.js';
import type { ServerDeps } from './types.js';

/**
 * The fastify options every Weft HTTP server shares (the API and an engine's health/metrics server): Weft's
 * logger, its schema compiler, the trusted proxies of WEFT_TRUST_PROXY, and access lines only at debug level
 * (a line per request and per answer costs more than a cached GET itself; 5xx are logged by the error handler).
 *
 * @example
 * const app = fastify(serverOptions({ logger, trustProxy: ['10.0.0.0/8'] }));
 */
export function serverOptions(deps: { readonly logger: Logger; readonly trustProxy?: ServerDeps['trustProxy'] }): FastifyHttpOptions<Server, FastifyBaseLogger> {
  return {
    // pino's Logger is fastify's logger; only the generic parameters differ.
    loggerInstance: deps.logger as FastifyBaseLogger,
    schemaController: schemaController(),
    trustProxy: fastifyTrustProxy(deps.trustProxy),
    logController: new LogController({ disableRequestLogging: !deps.logger.isLevelEnabled('debug') }),
  };
}
