import type { FastifyInstance } from 'fastify';
import { WeftError } from '../../core/errors/index.js';
import type { Store, WorkflowRecord } from '../../ports/store/index.js';
import { exportJson, summaryJson, workflowJson } from '../presenters.js';
import { anyObject, errorResponses, idParams, pageSchema, pagingQuery } from '../schemas/common.js';
import { workflowBody, workflowSchema, workflowSummarySchema } from '../schemas/resources.js';
import { activateTriggers, deactivateTriggers } from '../triggers/activation.js';
import type { ServerDeps } from '../types.js';
import { hasEventTrigger, workflowFromBody, type WorkflowBody } from './workflow-input.js';

const tags = ['workflows'];

/**
 * Reads a workflow or answers 404. Plain reads (`consistency: 'cached'`, the GET route) may be served by the cache,
 * which every write invalidates across processes; reads that precede a write or a run go to the primary.
 */
export async function requireWorkflow(store: Store, id: string, version?: number, consistency: 'strong' | 'cached' = 'strong'): Promise<WorkflowRecord> {
  const record = await store.getWorkflow(id, { ...(consistency === 'strong' ? { consistency } : {}), ...(version !== undefined ? { version } : {}) });
  if (!record) {
    const what = version === undefined ? `Workflow ${id}` : `Workflow ${id} version ${version}`;
    throw new WeftError('WEFT_E_NOT_FOUND', `${what} does not exist`, { workflowId: id, ...(version !== undefined ? { version } : {}) });
  }
  return record;
}

/** Serialized GET answers of frozen (cached, shared) workflow records. */
const servedBodies = new WeakMap<WorkflowRecord, string>();

/**
 * Workflow CRUD, activation and export under `/api/v1/workflows` (running them is in `workflow-run.ts`).
 *
 * Activation registers the workflow's triggers with every `deps.triggers` registrar (webhooks, schedules) before
 * recording `active`; a refusal (a taken webhook path) leaves it inactive. Lists return summaries without the
 * definition (fetch one by id for it).
 */
export async function workflowRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'store' | 'engine' | 'triggers'>): Promise<void> {
  const { store, engine } = deps;
  const triggers = deps.triggers ?? [];

  app.post<{ Body: WorkflowBody }>(
    '/api/v1/workflows',
    { schema: { tags, summary: 'Create a workflow from n8n workflow JSON', body: workflowBody, response: { 200: workflowSchema, ...errorResponses } } },
    async (request) => {
      const input = workflowFromBody(request.body, engine.registry);
      const record = await store.createWorkflow({ name: input.name, definition: input.definition, active: false, ...(input.tags ? { tags: input.tags } : {}) });
      return workflowJson(record);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { version?: number } }>(
    '/api/v1/workflows/:id',
    {
      schema: {
        tags,
        summary: 'Get a workflow (its current version, or ?version=)',
        params: idParams,
        querystring: { type: 'object', properties: { version: { type: 'integer', minimum: 1 } } },
        response: { 200: workflowSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const record = await requireWorkflow(store, request.params.id, request.query.version, 'cached');
      // A cached record is frozen and shared until it changes: its JSON answer is made once (the most frequent read).
      let body = servedBodies.get(record);
      if (body === undefined) {
        // The route's schema serializer (fast-json-stringify) makes text.
        body = reply.serialize(workflowJson(record)) as string;
        if (Object.isFrozen(record)) servedBodies.set(record, body);
      }
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get<{ Querystring: { name?: string; active?: boolean; tags?: string; limit: number; cursor?: string } }>(
    '/api/v1/workflows',
    {
      schema: {
        tags,
        summary: 'List workflows, newest first',
        querystring: {
          type: 'object',
          properties: { name: { type: 'string' }, active: { type: 'boolean' }, tags: { type: 'string', description: 'Comma-separated; a workflow must have all of them' }, ...pagingQuery },
        },
        response: { 200: pageSchema(workflowSummarySchema), ...errorResponses },
      },
    },
    async (request) => {
      const { name, active, limit, cursor } = request.query;
      const wanted = (request.query.tags ?? '').split(',').map((tag) => tag.trim()).filter((tag) => tag !== '');
      const page = await store.listWorkflows({
        limit,
        ...(name !== undefined ? { name } : {}),
        ...(active !== undefined ? { active } : {}),
        ...(wanted[0] !== undefined ? { tag: wanted[0] } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      // The store filters by one tag; further tags narrow the page here. Pages may then hold fewer than
      // `limit` entries, but the keyset cursor still continues where the store stopped.
      const data = page.data.filter((workflow) => wanted.every((tag) => workflow.tags.includes(tag)));
      return { data: data.map(summaryJson), nextCursor: page.nextCursor ?? null };
    },
  );

  app.put<{ Params: { id: string }; Body: WorkflowBody }>(
    '/api/v1/workflows/:id',
    { schema: { tags, summary: 'Update a workflow (saves a new version; earlier ones stay readable)', params: idParams, body: workflowBody, response: { 200: workflowSchema, ...errorResponses } } },
    async (request) => {
      const input = workflowFromBody(request.body, engine.registry);
      const before = await requireWorkflow(store, request.params.id);
      // An active workflow's triggers follow the new version: the old ones go first, so a path it keeps is not a conflict with itself.
      if (before.active) await deactivateTriggers(triggers, before.id);
      let record: WorkflowRecord;
      try {
        record = await store.updateWorkflow(before.id, { name: input.name, definition: input.definition, ...(input.tags ? { tags: input.tags } : {}) });
      } catch (error) {
        if (before.active) await activateTriggers(triggers, before);
        throw error;
      }
      if (!record.active) return workflowJson(record);
      try {
        await activateTriggers(triggers, record);
      } catch (error) {
        // The new version is saved, but it cannot listen: it stays saved and inactive rather than half active.
        await store.updateWorkflow(record.id, { active: false });
        throw error;
      }
      return workflowJson(record);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/workflows/:id',
    { schema: { tags, summary: 'Delete a workflow with its versions', params: idParams, response: { 200: workflowSchema, ...errorResponses } } },
    async (request) => {
      const record = await requireWorkflow(store, request.params.id);
      await deactivateTriggers(triggers, record.id);
      if (!(await store.deleteWorkflow(record.id))) throw new WeftError('WEFT_E_NOT_FOUND', `Workflow ${record.id} does not exist`, { workflowId: record.id });
      return workflowJson(record);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/workflows/:id/activate',
    { schema: { tags, summary: 'Activate a workflow (it must have a trigger node)', params: idParams, response: { 200: workflowSchema, ...errorResponses } } },
    async (request) => {
      const record = await requireWorkflow(store, request.params.id);
      if (!hasEventTrigger(record.definition, engine.registry)) {
        throw new WeftError('WEFT_E_INVALID_WORKFLOW', `Workflow ${record.id} has no trigger node (webhook, schedule…) that could start it, so it cannot be activated`, {
          workflowId: record.id,
        });
      }
      // Registered even when already active, so that a workflow whose registrations were lost gets them back.
      await activateTriggers(triggers, record);
      return workflowJson(record.active ? record : await store.updateWorkflow(record.id, { active: true }));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/workflows/:id/deactivate',
    { schema: { tags, summary: 'Deactivate a workflow', params: idParams, response: { 200: workflowSchema, ...errorResponses } } },
    async (request) => {
      const record = await requireWorkflow(store, request.params.id);
      await deactivateTriggers(triggers, record.id);
      return workflowJson(record.active ? await store.updateWorkflow(record.id, { active: false }) : record);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/workflows/:id/export',
    { schema: { tags, summary: 'Export a workflow as n8n JSON', params: idParams, response: { 200: anyObject, ...errorResponses } } },
    async (request) => exportJson(await requireWorkflow(store, request.params.id)),
  );
}
