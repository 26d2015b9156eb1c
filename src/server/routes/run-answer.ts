import type { FastifyReply } from 'fastify';
import type { Store } from '../../ports/store/index.js';
import type { StartedExecution } from '../executions/runner.js';
import { executionJson } from '../presenters.js';

/**
 * Answers a started run: 202 `{executionId}` right away (the row is already durable), or with `wait` the
 * finished execution (200) as stored, with its run data; when the saving policy kept no row (manual runs with
 * `saveManualExecutions: false`) the engine's result is returned instead.
 */
export async function answerRun(reply: FastifyReply, store: Store, started: StartedExecution, wait: boolean): Promise<unknown> {
  if (!wait) return reply.status(202).send({ executionId: started.executionId });
  const run = await started.done;
  const record = await store.getExecution(started.executionId, { consistency: 'strong' });
  if (!record) {
    return reply.status(200).send({ id: started.executionId, status: run.result.status, mode: run.result.mode, finished: run.result.status === 'success', data: run.result.data });
  }
  return reply.status(200).send(executionJson(record, run.result));
}
