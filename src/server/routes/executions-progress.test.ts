import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import type { WorkflowNode } from '../../core/model/types.js';
import { createSilentLogger } from '../../logging/logger.js';
import { createVirtualClock } from '../../runtime/clock.js';
import { createEngine, type Engine } from '../../runtime/engine.js';
import { resumeExecution, runPersisted } from '../../runtime/persistence/index.js';
import { chain, startTestServer, type TestServer } from '../server.test-util.js';

const threshold = 65_000;
const T0 = Date.parse('2024-03-01T10:00:00Z');

const codeNode = (name: string, jsCode: string): WorkflowNode => ({ name, type: 'n8n-nodes-base.code', typeVersion: 2, position: [0, 0], parameters: { jsCode } });

describe('GET /api/v1/executions/:id of an execution that has not ended', () => {
  let server: TestServer;
  /** Engines of the "workers" that park and resume, each on a virtual clock, sharing the server's store. */
  let engines: Engine[];

  beforeEach(async () => {
    server = await startTestServer();
    engines = [];
  });
  afterEach(async () => {
    for (const engine of engines) await engine.close();
    await server.close();
  });

  function engineAt(now: number): Engine {
    const engine = createEngine(loadConfig({ WEFT_LOG_LEVEL: 'silent' }), createSilentLogger(), { clock: createVirtualClock(now) });
    engines.push(engine);
    return engine;
  }

  const getWithData = async (id: string) =>
    (await server.app.inject({ method: 'GET', url: `/api/v1/executions/${id}?includeData=true`, headers: server.auth })).json();

  it('shows a waiting execution with the run data of the finished nodes and the Wait, then all of it with its custom data once it resumed', async () => {
    // Start → Set (custom data) → Wait 2 minutes → After (more custom data).
    const definition = chain(['Set', 'Wait', 'After']);
    definition.nodes = [
      definition.nodes[0]!,
      codeNode('Set', `$execution.customData.set('order', '42'); return $input.all();`),
      { name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [0, 0], parameters: { amount: 2, unit: 'minutes' } },
      codeNode('After', `$execution.customData.set('shipped', 'yes'); return $input.all();`),
    ];
    const workflow = await server.store.createWorkflow({ name: 'parked', definition });
    const parked = await runPersisted({ store: server.store, engine: engineAt(T0), workflow, mode: 'trigger', startItems: [{ json: { n: 1 } }], parkWaitsLongerThanMs: threshold });
    expect(parked.result.status).toBe('waiting');

    const waiting = await getWithData(parked.executionId);
    expect(waiting).toMatchObject({ status: 'waiting', finished: false, waitTill: new Date(T0 + 120_000).toISOString() });
    const resultData = waiting.data.resultData;
    expect(Object.keys(resultData.runData).sort()).toEqual(['Set', 'Start', 'Wait']);
    expect(resultData.runData.Wait[0]).toMatchObject({ executionStatus: 'success', data: { main: [[{ json: { n: 1 } }]] } });
    expect(resultData).toMatchObject({ lastNodeExecuted: 'Wait', metadata: { order: '42' } });
    // Without includeData the row alone, as for any execution.
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/executions/${parked.executionId}`, headers: server.auth })).json().data).toBeUndefined();

    const resumed = await resumeExecution({ store: server.store, engine: engineAt(T0 + 120_000), executionId: parked.executionId, parkWaitsLongerThanMs: threshold });
    expect(resumed.result.status).toBe('success');
    const done = await getWithData(parked.executionId);
    expect(done).toMatchObject({ status: 'success', finished: true, waitTill: null });
    expect(Object.keys(done.data.resultData.runData).sort()).toEqual(['After', 'Set', 'Start', 'Wait']);
    expect(done.data.resultData.metadata).toEqual({ order: '42', shipped: 'yes' });
  });

  it('shows a running execution with the nodes that finished so far', async () => {
    server.control.hold.add('B');
    const created = await server.app.inject({ method: 'POST', url: '/api/v1/workflows', headers: server.auth, payload: chain(['A', 'B']) });
    const run = await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${created.json().id}/run`, headers: server.auth, payload: { items: [{ json: { n: 1 } }] } });
    const { executionId } = run.json();

    let running: { status: string; data?: { resultData: { runData: Record<string, unknown[]> } } } | undefined;
    for (let tries = 0; tries < 500 && running?.data?.resultData.runData.A === undefined; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      running = await getWithData(executionId);
    }
    expect(running?.status).toBe('running');
    expect(Object.keys(running?.data?.resultData.runData ?? {}).sort()).toEqual(['A', 'Start']);

    await server.app.inject({ method: 'POST', url: `/api/v1/executions/${executionId}/cancel`, headers: server.auth });
  });

  it('shows no data for a waiting execution whose checkpoints are gone, rather than failing', async () => {
    const definition = chain(['Wait']);
    definition.nodes[1] = { name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [0, 0], parameters: { amount: 2, unit: 'minutes' } };
    const workflow = await server.store.createWorkflow({ name: 'bare', definition });
    const execution = await server.store.createExecution({ workflowId: workflow.id, workflowVersion: workflow.version, mode: 'trigger', status: 'running', startedAt: T0, input: {} });
    await server.store.updateExecution(execution.id, { status: 'waiting', attempt: execution.attempt, waitTill: T0 + 120_000 });
    const body = await getWithData(execution.id);
    expect(body).toMatchObject({ status: 'waiting', waitTill: new Date(T0 + 120_000).toISOString() });
    expect(body.data).toBeUndefined();
  });

  it('answers with the row when the checkpoints cannot be replayed here (a node type this server lacks)', async () => {
    const definition = chain(['Odd']);
    definition.nodes[1] = { ...definition.nodes[1]!, type: 'test.notInThisServer' };
    const workflow = await server.store.createWorkflow({ name: 'odd', definition });
    const execution = await server.store.createExecution({ workflowId: workflow.id, workflowVersion: workflow.version, mode: 'trigger', status: 'running', startedAt: T0, input: {} });
    await server.store.saveCheckpoints(execution.id, execution.attempt, [{ sequence: 0, event: { type: 'start', at: T0 } }]);
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/executions/${execution.id}?includeData=true`, headers: server.auth });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: execution.id, status: 'running' });
    expect(response.json().data).toBeUndefined();
  });
});
