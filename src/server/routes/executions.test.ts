import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chain, startTestServer, type TestServer } from '../server.test-util.js';

describe('run and execution routes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => server.close());

  async function createWorkflow(steps: string[]): Promise<string> {
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/workflows', headers: server.auth, payload: chain(steps) });
    return response.json().id as string;
  }

  async function waitForStatus(id: string, done: (status: string) => boolean): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/executions/${id}`, headers: server.auth });
      const body = response.json();
      if (done(body.status)) return body;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`execution ${id} did not reach the status in time`);
  }

  it('runs in the background with 202 once the execution row exists', async () => {
    const id = await createWorkflow(['A']);
    const response = await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/run`, headers: server.auth, payload: { items: [{ json: { n: 1 } }] } });
    expect(response.statusCode).toBe(202);
    const { executionId } = response.json();
    // Durable before the answer: the row is readable right away.
    expect(await server.store.getExecution(executionId)).toMatchObject({ workflowId: id, mode: 'manual' });
    const finished = await waitForStatus(executionId, (status) => status === 'success');
    expect(finished).toMatchObject({ finished: true, workflowVersion: 1 });
    const withData = await server.app.inject({ method: 'GET', url: `/api/v1/executions/${executionId}?includeData=true`, headers: server.auth });
    const runData = withData.json().data.resultData.runData;
    expect(runData.A[0].data.main[0][0].json).toEqual({ n: 1, A: true });
    const withoutData = await server.app.inject({ method: 'GET', url: `/api/v1/executions/${executionId}`, headers: server.auth });
    expect(withoutData.json().data).toBeUndefined();
  });

  it('answers with the finished execution when asked to wait, also without a body', async () => {
    const id = await createWorkflow(['A', 'B']);
    const response = await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/run?wait=true`, headers: server.auth });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ status: 'success', mode: 'manual', workflowId: id });
    expect(Object.keys(body.data.resultData.runData).sort()).toEqual(['A', 'B', 'Start']);
    const missing = await server.app.inject({ method: 'POST', url: '/api/v1/workflows/nope/run', headers: server.auth });
    expect(missing.statusCode).toBe(404);
  });

  it('lists executions filtered by workflow, status and time, with cursor paging', async () => {
    const ok = await createWorkflow(['A']);
    const failing = await createWorkflow(['F']);
    server.control.fail.add('F');
    const before = new Date(Date.now() - 1).toISOString();
    for (let index = 0; index < 3; index += 1) await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${ok}/run?wait=true`, headers: server.auth });
    const failed = await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${failing}/run?wait=true`, headers: server.auth });
    expect(failed.json()).toMatchObject({ status: 'error', finished: false });
    expect(failed.json().errorMessage).toContain('F failed on purpose');

    const byWorkflow = await server.app.inject({ method: 'GET', url: `/api/v1/executions?workflowId=${ok}&limit=2`, headers: server.auth });
    expect(byWorkflow.json().data).toHaveLength(2);
    const rest = await server.app.inject({ method: 'GET', url: `/api/v1/executions?workflowId=${ok}&limit=2&cursor=${encodeURIComponent(byWorkflow.json().nextCursor)}`, headers: server.auth });
    expect(rest.json().data).toHaveLength(1);
    expect(rest.json().nextCursor).toBeNull();

    const errors = await server.app.inject({ method: 'GET', url: '/api/v1/executions?status=error', headers: server.auth });
    expect(errors.json().data.map((e: { workflowId: string }) => e.workflowId)).toEqual([failing]);
    const both = await server.app.inject({ method: 'GET', url: '/api/v1/executions?status=error,success', headers: server.auth });
    expect(both.json().data).toHaveLength(4);
    const badStatus = await server.app.inject({ method: 'GET', url: '/api/v1/executions?status=exploded', headers: server.auth });
    expect(badStatus.statusCode).toBe(400);

    const inRange = await server.app.inject({ method: 'GET', url: `/api/v1/executions?startedAfter=${before}`, headers: server.auth });
    expect(inRange.json().data).toHaveLength(4);
    const beforeAll = await server.app.inject({ method: 'GET', url: `/api/v1/executions?startedBefore=${before}`, headers: server.auth });
    expect(beforeAll.json().data).toHaveLength(0);
  });

  it('retries from the failed node, keeping the outputs of the nodes before it', async () => {
    const id = await createWorkflow(['A', 'B', 'C']);
    server.control.fail.add('B');
    const failed = (await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/run?wait=true`, headers: server.auth, payload: { items: [{ json: { n: 7 } }] } })).json();
    expect(failed.status).toBe('error');
    expect(server.control.runs.get('A')).toBe(1);

    server.control.fail.delete('B');
    const retried = await server.app.inject({ method: 'POST', url: `/api/v1/executions/${failed.id}/retry?wait=true`, headers: server.auth });
    expect(retried.statusCode).toBe(200);
    const body = retried.json();
    expect(body).toMatchObject({ status: 'success', mode: 'retry', retryOf: failed.id, workflowVersion: 1 });
    expect(server.control.runs.get('A')).toBe(1); // replayed, not run again
    expect(server.control.runs.get('B')).toBe(2);
    expect(body.data.resultData.runData.C[0].data.main[0][0].json).toEqual({ n: 7, A: true, B: true, C: true });

    const again = await server.app.inject({ method: 'POST', url: `/api/v1/executions/${body.id}/retry`, headers: server.auth });
    expect(again.statusCode).toBe(409);
  });

  it('retries from the start on the latest version with loadWorkflow', async () => {
    const id = await createWorkflow(['A', 'B']);
    server.control.fail.add('B');
    const failed = (await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/run?wait=true`, headers: server.auth })).json();
    server.control.fail.delete('B');
    await server.app.inject({ method: 'PUT', url: `/api/v1/workflows/${id}`, headers: server.auth, payload: chain(['A', 'B', 'D']) });
    const retried = await server.app.inject({ method: 'POST', url: `/api/v1/executions/${failed.id}/retry?wait=true`, headers: server.auth, payload: { loadWorkflow: true } });
    expect(retried.json()).toMatchObject({ status: 'success', workflowVersion: 2 });
    expect(server.control.runs.get('A')).toBe(2);
    expect(Object.keys(retried.json().data.resultData.runData)).toContain('D');
  });

  it('cancels a running execution and refuses to delete it while it runs', async () => {
    const id = await createWorkflow(['Hold']);
    server.control.hold.add('Hold');
    const { executionId } = (await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/run`, headers: server.auth })).json();
    await waitForStatus(executionId, (status) => status === 'running');
    const busy = await server.app.inject({ method: 'DELETE', url: `/api/v1/executions/${executionId}`, headers: server.auth });
    expect(busy.statusCode).toBe(409);

    const canceled = await server.app.inject({ method: 'POST', url: `/api/v1/executions/${executionId}/cancel`, headers: server.auth });
    expect(canceled.statusCode).toBe(200);
    expect(canceled.json().status).toBe('canceled');
    const twice = await server.app.inject({ method: 'POST', url: `/api/v1/executions/${executionId}/cancel`, headers: server.auth });
    expect(twice.statusCode).toBe(409);

    const deleted = await server.app.inject({ method: 'DELETE', url: `/api/v1/executions/${executionId}`, headers: server.auth });
    expect(deleted.statusCode).toBe(200);
    const gone = await server.app.inject({ method: 'GET', url: `/api/v1/executions/${executionId}`, headers: server.auth });
    expect(gone.statusCode).toBe(404);
  });
});
