import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/sqlite-store/index.js';
import { loadConfig } from '../../config/config.js';
import type { WorkflowDocument, WorkflowNode } from '../../core/model/types.js';
import { createSilentLogger } from '../../logging/logger.js';
import type { Store } from '../../ports/store/index.js';
import { createEngine, type Engine } from '../../runtime/engine.js';
import { createExecutionRunner, type ExecutionRunner } from '../executions/runner.js';
import { createErrorWorkflowRunner, type ErrorWorkflowRunner } from './error-workflow-runner.js';

const logger = createSilentLogger();

function workflow(name: string, nodes: WorkflowNode[], settings: WorkflowDocument['settings'] = {}): WorkflowDocument {
  const connections: WorkflowDocument['connections'] = {};
  for (let index = 0; index + 1 < nodes.length; index++) {
    connections[nodes[index]!.name] = { main: [[{ node: nodes[index + 1]!.name, type: 'main', index: 0 }]] };
  }
  return { name, nodes, connections, settings };
}

const node = (name: string, type: string, parameters: Record<string, unknown> = {}, typeVersion = 1): WorkflowNode => ({
  id: `id-${name}`,
  name,
  type: `n8n-nodes-base.${type}`,
  typeVersion,
  parameters,
});
const fail = node('Boom', 'stopAndError', { errorMessage: 'it broke' });

let store: Store;
let engine: Engine;
let runner: ExecutionRunner;
let errorWorkflows: ErrorWorkflowRunner;

beforeEach(async () => {
  store = await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
  engine = createEngine(loadConfig({}), logger);
  runner = createExecutionRunner({ store, engine, logger, onEnded: (request, run) => errorWorkflows.handle(request, run) });
  errorWorkflows = createErrorWorkflowRunner({ store, runner, logger, executionUrl: (id) => `http://127.0.0.1:5678/executions/${id}` });
});

afterEach(async () => {
  await runner.drain();
  await engine.close();
  await store.close();
});

/** Items the named node output in a stored execution. */
async function outputOf(executionId: string, nodeName: string): Promise<unknown[]> {
  const data = await store.getExecutionData(executionId);
  const runs = data?.result?.data.resultData.runData[nodeName];
  return (runs?.[0]?.data.main[0] ?? []).map((item) => item.json);
}

describe('error workflows', () => {
  it("runs the failed workflow's error workflow from its Error Trigger with n8n's error data", async () => {
    const handler = await store.createWorkflow({ name: 'on error', definition: workflow('on error', [node('Err', 'errorTrigger'), node('Got', 'noOp')]) });
    const failing = await store.createWorkflow({
      name: 'failing',
      definition: workflow('failing', [node('Start', 'manualTrigger'), fail], { errorWorkflow: handler.id }),
    });

    const started = await runner.start({ workflow: failing, mode: 'webhook', retryOf: 'r-1' });
    expect((await started.done).result.status).toBe('error');
    await runner.drain();

    const errorRuns = await store.listExecutions({ workflowId: handler.id, limit: 10 });
    expect(errorRuns.data.map((row) => [row.mode, row.status])).toEqual([['error', 'success']]);
    expect(await outputOf(errorRuns.data[0]!.id, 'Got')).toEqual([
      {
        execution: {
          id: started.executionId,
          url: `http://127.0.0.1:5678/executions/${started.executionId}`,
          retryOf: 'r-1',
          error: { message: 'it broke', name: expect.any(String) as unknown, node: { id: 'id-Boom', name: 'Boom', type: 'n8n-nodes-base.stopAndError', typeVersion: 1 } },
          lastNodeExecuted: 'Boom',
          mode: 'webhook',
        },
        workflow: { id: failing.id, name: 'failing' },
      },
    ]);
  });

  it('starts nothing for successful runs, unknown error workflows or ones without an Error Trigger', async () => {
    const noTrigger = await store.createWorkflow({ name: 'plain', definition: workflow('plain', [node('Start', 'manualTrigger')]) });
    const ok = await store.createWorkflow({ name: 'ok', definition: workflow('ok', [node('Start', 'manualTrigger')], { errorWorkflow: noTrigger.id }) });
    await (await runner.start({ workflow: ok, mode: 'trigger' })).done;
    for (const target of [noTrigger.id, 'missing']) {
      const failing = await store.createWorkflow({ name: 'f', definition: workflow('f', [node('Start', 'manualTrigger'), fail], { errorWorkflow: target }) });
      await (await runner.start({ workflow: failing, mode: 'trigger' })).done;
    }
    await runner.drain();
    expect((await store.listExecutions({ workflowId: noTrigger.id, limit: 10 })).data).toEqual([]);
  });

  it('does not start an error workflow for a failed manual run, as n8n', async () => {
    const handler = await store.createWorkflow({ name: 'on error', definition: workflow('on error', [node('Err', 'errorTrigger'), node('Got', 'noOp')]) });
    const failing = await store.createWorkflow({ name: 'failing', definition: workflow('failing', [node('Start', 'manualTrigger'), fail], { errorWorkflow: handler.id }) });
    expect((await (await runner.start({ workflow: failing, mode: 'manual' })).done).result.status).toBe('error');
    await runner.drain();
    expect((await store.listExecutions({ workflowId: handler.id, limit: 10 })).data).toEqual([]);
  });

  it('never recurses: a failing error workflow does not trigger itself', async () => {
    const selfHandling = await store.createWorkflow({ name: 'loop', definition: workflow('loop', [node('Err', 'errorTrigger'), fail]) });
    // Name itself as its own error workflow, as n8n allows.
    const looping = await store.updateWorkflow(selfHandling.id, { definition: workflow('loop', [node('Err', 'errorTrigger'), fail], { errorWorkflow: selfHandling.id }) });
    const failing = await store.createWorkflow({ name: 'f', definition: workflow('f', [node('Start', 'manualTrigger'), fail], { errorWorkflow: looping.id }) });

    await (await runner.start({ workflow: failing, mode: 'trigger' })).done;
    await runner.drain();

    const errorRuns = await store.listExecutions({ workflowId: looping.id, limit: 10 });
    expect(errorRuns.data.map((row) => [row.mode, row.status])).toEqual([['error', 'error']]);
  });
});

describe('sub-workflows by id through the server runner', () => {
  const child = (): WorkflowDocument => workflow('child', [node('In', 'executeWorkflowTrigger'), node('Last', 'noOp')]);
  const parent = (workflowId: unknown): WorkflowDocument =>
    workflow('parent', [node('Start', 'manualTrigger'), node('Call', 'executeWorkflow', { source: 'database', workflowId }, 1.2)]);

  it('loads the stored workflow named by a plain id or a resource locator', async () => {
    const stored = await store.createWorkflow({ name: 'child', definition: child() });
    for (const workflowId of [stored.id, { __rl: true, value: stored.id, mode: 'id' }]) {
      const caller = await store.createWorkflow({ name: 'parent', definition: parent(workflowId) });
      const started = await runner.start({ workflow: caller, mode: 'manual', startItems: [{ json: { n: 1 } }] });
      expect((await started.done).result.status).toBe('success');
      expect(await outputOf(started.executionId, 'Call')).toEqual([{ n: 1 }]);
    }
  });

  it('fails clearly for an unknown id', async () => {
    const caller = await store.createWorkflow({ name: 'parent', definition: parent({ __rl: true, value: 'nope', mode: 'list' }) });
    const run = await (await runner.start({ workflow: caller, mode: 'manual' })).done;
    expect(run.result.data.resultData.error).toMatchObject({ node: 'Call', message: 'The workflow with ID "nope" does not exist' });
  });
});
