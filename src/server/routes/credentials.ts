import type { FastifyInstance } from 'fastify';
import { WeftError } from '../../core/errors/index.js';
import { credentialJson } from '../presenters.js';
import { anyObject, errorResponses, idParams, pageSchema, pagingQuery } from '../schemas/common.js';
import { credentialSchema } from '../schemas/resources.js';
import type { ServerDeps } from '../types.js';

const tags = ['credentials'];

/**
 * Credentials under `/api/v1/credentials`, with n8n's public API body `{name, type, data}`. The store seals
 * `data` at rest; answers carry metadata only, and request bodies are never logged.
 */
export async function credentialRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'store'>): Promise<void> {
  const { store } = deps;

  app.post<{ Body: { name: string; type: string; data: Record<string, unknown> } }>(
    '/api/v1/credentials',
    {
      schema: {
        tags,
        summary: 'Create a credential',
        body: {
          type: 'object',
          required: ['name', 'type', 'data'],
          properties: { name: { type: 'string', minLength: 1 }, type: { type: 'string', minLength: 1 }, data: anyObject },
        },
        response: { 200: credentialSchema, ...errorResponses },
      },
    },
    async (request) => credentialJson(await store.createCredential({ name: request.body.name, type: request.body.type, data: request.body.data })),
  );

  app.patch<{ Params: { id: string }; Body: { name?: string; data?: Record<string, unknown> } }>(
    '/api/v1/credentials/:id',
    {
      schema: {
        tags,
        summary: 'Update a credential (name and/or data)',
        params: idParams,
        body: { type: 'object', minProperties: 1, additionalProperties: false, properties: { name: { type: 'string', minLength: 1 }, data: anyObject } },
        response: { 200: credentialSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { name, data } = request.body;
      return credentialJson(await store.updateCredential(request.params.id, { ...(name !== undefined ? { name } : {}), ...(data !== undefined ? { data } : {}) }));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/credentials/:id',
    { schema: { tags, summary: 'Delete a credential', params: idParams, response: { 200: credentialSchema, ...errorResponses } } },
    async (request) => {
      const record = await store.getCredential(request.params.id);
      if (!record || !(await store.deleteCredential(record.id))) {
        throw new WeftError('WEFT_E_NOT_FOUND', `Credential ${request.params.id} does not exist`, { credentialId: request.params.id });
      }
      return credentialJson(record);
    },
  );

  app.get<{ Querystring: { type?: string; limit: number; cursor?: string } }>(
    '/api/v1/credentials',
    {
      schema: {
        tags,
        summary: 'List credentials (metadata only)',
        querystring: { type: 'object', properties: { type: { type: 'string' }, ...pagingQuery } },
        response: { 200: pageSchema(credentialSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { type, limit, cursor } = request.query;
      const page = await store.listCredentials({ limit, ...(type !== undefined ? { type } : {}), ...(cursor !== undefined ? { cursor } : {}) });
      return { data: page.data.map(credentialJson), nextCursor: page.nextCursor ?? null };
    },
  );
}
