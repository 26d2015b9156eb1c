import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { apiKeyHeaderName } from './auth.js';

/**
 * Registers @fastify/swagger, which collects every route's JSON schema into an OpenAPI 3 document. Must run
 * before the routes are added (it listens to `onRoute`); `GET /api/v1/openapi.json` serves the result.
 *
 * @example
 * await installOpenApi(app); // then register routes
 */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Weft API', version: '1', description: 'Workflows, executions and credentials of a Weft server (n8n-compatible shapes).' },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: apiKeyHeaderName } } },
      security: [{ apiKey: [] }],
    },
  });
}

/** The route serving the document; registered after swagger so it can read the collected routes. */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
