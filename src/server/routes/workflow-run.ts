import type { FastifyInstance } from 'fastify';
import type { Item } from '../../core/model/types.js';
import { errorResponses, idParams } from '../schemas/common.js';
import { acceptedSchema, executionSchema } from '../schemas/resources.js';
import type { ExecutionRunner } from '../executions/runner.js';
import type { ServerDeps } from '../types.js';
import { answerRun } from './run-answer.js';
import { requireWorkflow } from './workflows.js';

const runBody = {
  type: ['object', 'null'],
  properties: {
    items: {
      type: 'array',
      description: 'n8n items given to the start node, e.g. [{"json": {"a": 1}}]',
      items: { type: 'object', properties: { json: { type: 'object', additionalProperties: true }, binary: { type: 'object', additionalProperties: true } }, required: ['json'] },
    },
  },
} as const;

/**
 * `POST /api/v1/workflows/:id/run`: runs the current version as a recorded `manual` execution, optionally
 * with input items. Answers 202 `{executionId}` once the execution row is durable; `?wait=true` answers with the
 * finished execution.
 */
export async function workflowRunRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'store'> & { runner: ExecutionRunner }): Promise<void> {
  app.post<{ Params: { id: string }; Querystring: { wait?: boolean }; Body: { items?: Item[] } | null }>(
    '/api/v1/workflows/:id/run',
    {
      schema: {
        tags: ['workflows'],
        summary: 'Run a workflow',
        params: idParams,
        querystring: { type: 'object', properties: { wait: { type: 'boolean', default: false } } },
        body: runBody,
        response: { 200: executionSchema, 202: acceptedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const workflow = await requireWorkflow(deps.store, request.params.id);
      const items = request.body?.items;
      const wait = request.query.wait === true;
      const started = await deps.runner.start({ workflow, mode: 'manual', awaited: wait, ...(items !== undefined ? { startItems: items } : {}) });
      return answerRun(reply, deps.store, started, wait);
    },
  );
}
