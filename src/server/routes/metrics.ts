import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/**
 * `GET /metrics`: the Prometheus text format of `registry`. It needs an API key like the rest of the API;
 * Prometheus sends one as `Authorization: Bearer <key>` (its `authorization` scrape setting).
 */
export async function metricsRoutes(app: FastifyInstance, deps: { registry: Registry }): Promise<void> {
  app.get('/metrics', { schema: { tags: ['health'], summary: 'Prometheus metrics', produces: ['text/plain'] } }, async (_request, reply) => {
    const text = await deps.registry.metrics();
    return reply.type(deps.registry.contentType).send(text);
  });
}
