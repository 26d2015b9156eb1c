import fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { installAuth } from './plugins/auth.js';
import { installErrorHandling } from './plugins/errors.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { serverOptions } from './fastify-options.js';
import type { ServerDeps } from './types.js';

/**
 * The HTTP face of a `weft engine` process: `GET /healthz`, `GET /readyz` (store, queue, cache) and `GET /metrics`
 * (API key required, as everywhere but health and webhooks). No workflow API: engines only run jobs.
 *
 * @example
 * const app = await buildEngineServer({ store, queue, cache, authenticate, logger, metrics: registry });
 * await app.listen({ host: '127.0.0.1', port: 5679 });
 */
export async function buildEngineServer(deps: Pick<ServerDeps, 'store' | 'queue' | 'cache' | 'authenticate' | 'logger' | 'trustProxy'> & { metrics: Registry }): Promise<FastifyInstance> {
  const app = fastify(serverOptions(deps));
  installErrorHandling(app);
  installAuth(app, deps.authenticate);
  await app.register(async (scope) => healthRoutes(scope, deps));
  await app.register(async (scope) => metricsRoutes(scope, { registry: deps.metrics }));
  return app;
}
