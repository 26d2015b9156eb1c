import fastify, { type FastifyInstance } from 'fastify';
import { createExecutionRunner } from './executions/runner.js';
import { installAuth } from './plugins/auth.js';
import { installErrorHandling } from './plugins/errors.js';
import { installOpenApi, openApiRoutes } from './plugins/openapi.js';
import { credentialRoutes } from './routes/credentials.js';
import { webhookRoutes } from './triggers/webhooks/webhook-routes.js';
import { executionRoutes } from './routes/executions.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { workflowRunRoutes } from './routes/workflow-run.js';
import { workflowRoutes } from './routes/workflows.js';
import { serverOptions } from './fastify-options.js';
import type { ServerDeps } from './types.js';

/**
 * Builds the HTTP API (not yet listening): health, workflows, executions, credentials and the OpenAPI document,
 * behind API-key auth and one error handler. Without `deps.runner`, closing the instance waits for the executions
 * it started.
 *
 * @example
 * const app = await buildServer({ store, engine, authenticate: createApiKeyAuthenticator(store), logger });
 * await app.listen({ host: '127.0.0.1', port: 5678 });
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = fastify(serverOptions(deps));
  const runner = deps.runner ?? createExecutionRunner({ store: deps.store, engine: deps.engine, logger: deps.logger });

  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  installErrorHandling(app);
  installAuth(app, deps.authenticate);
  await installOpenApi(app);

  await app.register(async (scope) => healthRoutes(scope, deps));
  await app.register(async (scope) => workflowRoutes(scope, deps));
  await app.register(async (scope) => workflowRunRoutes(scope, { store: deps.store, runner }));
  await app.register(async (scope) => executionRoutes(scope, { store: deps.store, engine: deps.engine, runner }));
  await app.register(async (scope) => credentialRoutes(scope, deps));
  await app.register(async (scope) =>
    webhookRoutes(scope, {
      store: deps.store,
      runner,
      logger: deps.logger,
      expressions: { evaluator: deps.engine.evaluator, defaultTimezone: deps.engine.defaultTimezone },
      ...(deps.webhookResponseTimeoutMs !== undefined ? { responseTimeoutMs: deps.webhookResponseTimeoutMs } : {}),
      ...(deps.webhookMaxBodyBytes !== undefined ? { maxBodyBytes: deps.webhookMaxBodyBytes } : {}),
    }),
  );
  if (deps.metrics) {
    const registry = deps.metrics;
    await app.register(async (scope) => metricsRoutes(scope, { registry }));
  }
  await app.register(async (scope) => openApiRoutes(scope));

  // A runner built here is owned here: closing waits until its accepted executions finished and were recorded.
  // A runner passed in belongs to the caller, who drains it with its own deadline.
  if (deps.runner === undefined) app.addHook('onClose', async () => runner.drain());
  return app;
}
