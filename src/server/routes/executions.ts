import type { FastifyInstance } from 'fastify';
import { WeftError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { ExecutionRecord, Store, StoredExecutionStatus } from '../../ports/store/index.js';
import { progressData, showsProgress } from '../executions/execution-progress.js';
import type { ExecutionRunner } from '../executions/runner.js';
import { retryEvents } from '../executions/retry-plan.js';
import { executionJson } from '../presenters.js';
import { errorResponses, idParams, pageSchema, pagingQuery } from '../schemas/common.js';
import { acceptedSchema, executionSchema } from '../schemas/resources.js';
import type { ServerDeps } from '../types.js';
import { answerRun } from './run-answer.js';
import { requireWorkflow } from './workflows.js';

const tags = ['executions'];
const statuses: readonly StoredExecutionStatus[] = ['new', 'running', 'waiting', 'success', 'error', 'canceled', 'crashed'];
/** Only an execution that ended badly can be retried (as in n8n). */
const retryable = new Set<StoredExecutionStatus>(['error', 'crashed', 'canceled']);

async function requireExecution(store: Store, id: string): Promise<ExecutionRecord> {
  const record = await store.getExecution(id, { consistency: 'strong' });
  if (!record) throw new WeftError('WEFT_E_NOT_FOUND', `Execution ${id} does not exist`, { executionId: id });
  return record;
}

function parseStatuses(value: string | undefined): StoredExecutionStatus[] | undefined {
  if (value === undefined) return undefined;
  const wanted = value.split(',').map((status) => status.trim()).filter((status) => status !== '');
  const unknown = wanted.filter((status) => !statuses.includes(status as StoredExecutionStatus));
  if (unknown.length > 0) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `querystring/status has unknown status ${unknown.join(', ')} (known: ${statuses.join(', ')})`, { status: unknown });
  }
  return wanted as StoredExecutionStatus[];
}

/**
 * Executions under `/api/v1/executions`: list (workflow, status, time range, cursor), get (with `includeData`;
 * a waiting or running execution's data is rebuilt from its checkpoints), delete, retry and cancel. Cancel
 * reaches executions this process runs (the runner's AbortControllers).
 */
export async function executionRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'store' | 'engine'> & { runner: ExecutionRunner }): Promise<void> {
  const { store, engine, runner } = deps;

  app.get<{ Querystring: { workflowId?: string; status?: string; startedAfter?: string; startedBefore?: string; limit: number; cursor?: string } }>(
    '/api/v1/executions',
    {
      schema: {
        tags,
        summary: 'List executions, newest first',
        querystring: {
          type: 'object',
          properties: {
            workflowId: { type: 'string' },
            status: { type: 'string', description: `Comma-separated, of: ${statuses.join(', ')}` },
            startedAfter: { type: 'string', format: 'date-time', description: 'Created at or after this time' },
            startedBefore: { type: 'string', format: 'date-time', description: 'Created before this time' },
            ...pagingQuery,
          },
        },
        response: { 200: pageSchema(executionSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { workflowId, startedAfter, startedBefore, limit, cursor } = request.query;
      const status = parseStatuses(request.query.status);
      const page = await store.listExecutions({
        limit,
        ...(workflowId !== undefined ? { workflowId } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(startedAfter !== undefined ? { startedAfter: Date.parse(startedAfter) } : {}),
        ...(startedBefore !== undefined ? { startedBefore: Date.parse(startedBefore) } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      return { data: page.data.map((record) => executionJson(record)), nextCursor: page.nextCursor ?? null };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { includeData?: boolean } }>(
    '/api/v1/executions/:id',
    {
      schema: {
        tags,
        summary: 'Get an execution (with ?includeData=true: data.resultData.runData, so far for a waiting or running one)',
        params: idParams,
        querystring: { type: 'object', properties: { includeData: { type: 'boolean', default: false } } },
        response: { 200: executionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const record = await requireExecution(store, request.params.id);
      if (request.query.includeData !== true) return executionJson(record);
      const data = await store.getExecutionData(record.id);
      if (data?.result !== undefined || !showsProgress(record)) return executionJson(record, data?.result);
      return executionJson(record, await progressData({ store, engine, logger: request.log }, record, data?.input));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/executions/:id',
    { schema: { tags, summary: 'Delete an execution with its data', params: idParams, response: { 200: executionSchema, ...errorResponses } } },
    async (request) => {
      const record = await requireExecution(store, request.params.id);
      if (runner.running(record.id) !== undefined) {
        throw new WeftError('WEFT_E_CONFLICT', `Execution ${record.id} is still running; cancel it first`, { executionId: record.id });
      }
      if (!(await store.deleteExecution(record.id))) throw new WeftError('WEFT_E_NOT_FOUND', `Execution ${record.id} does not exist`, { executionId: record.id });
      return executionJson(record);
    },
  );

  app.post<{ Params: { id: string }; Querystring: { wait?: boolean }; Body: { loadWorkflow?: boolean } | null }>(
    '/api/v1/executions/:id/retry',
    {
      schema: {
        tags,
        summary: 'Retry a failed execution from its failed node, keeping the outputs of the nodes before it',
        params: idParams,
        querystring: { type: 'object', properties: { wait: { type: 'boolean', default: false } } },
        body: {
          type: ['object', 'null'],
          properties: { loadWorkflow: { type: 'boolean', description: 'Run the current workflow version from its start instead of the version that failed' } },
        },
        response: { 200: executionSchema, 202: acceptedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const failed = await requireExecution(store, request.params.id);
      if (!retryable.has(failed.status)) {
        throw new WeftError('WEFT_E_CONFLICT', `Execution ${failed.id} has status ${failed.status}; only failed, crashed or canceled executions can be retried`, {
          executionId: failed.id,
          status: failed.status,
        });
      }
      const latest = request.body?.loadWorkflow === true;
      const workflow = await requireWorkflow(store, failed.workflowId, latest ? undefined : failed.workflowVersion);
      const input = (await store.getExecutionData(failed.id))?.input as { startItems?: unknown[]; startNode?: string } | undefined;
      // The recorded events only fit the version they were recorded on; with the latest version, start over.
      const resumeFrom = latest ? [] : retryEvents(await store.loadCheckpoints(failed.id));
      const started = await runner.start({
        workflow,
        mode: 'retry',
        retryOf: failed.id,
        resumeFrom,
        awaited: request.query.wait === true,
        ...(Array.isArray(input?.startItems) ? { startItems: input.startItems as Item[] } : {}),
        ...(typeof input?.startNode === 'string' ? { startNode: input.startNode } : {}),
      });
      return answerRun(reply, store, started, request.query.wait === true);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/executions/:id/cancel',
    { schema: { tags, summary: 'Cancel a running execution', params: idParams, response: { 200: executionSchema, ...errorResponses } } },
    async (request) => {
      const record = await requireExecution(store, request.params.id);
      if (runner.requestCancel) {
        if (!(await runner.requestCancel(record.id))) {
          throw new WeftError('WEFT_E_CONFLICT', `Execution ${record.id} already ended with status ${record.status}`, { executionId: record.id, status: record.status });
        }
        return executionJson(await requireExecution(store, record.id));
      }
      const done = runner.running(record.id);
      if (done === undefined || !runner.cancel(record.id)) {
        throw new WeftError('WEFT_E_CONFLICT', `Execution ${record.id} (status ${record.status}) is not running in this server`, { executionId: record.id, status: record.status });
      }
      // Wait for the engine to stop and the store to record it, so the answer shows the final status.
      await done.catch(() => undefined);
      return executionJson(await requireExecution(store, record.id));
    },
  );
}
