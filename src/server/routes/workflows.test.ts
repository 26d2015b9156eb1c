import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chain, startTestServer, type TestServer } from '../server.test-util.js';

describe('workflow routes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => server.close());

  const create = async (body: object) => server.app.inject({ method: 'POST', url: '/api/v1/workflows', headers: server.auth, payload: body });

  it('creates, gets, updates (keeping versions) and deletes a workflow', async () => {
    const created = await create({ ...chain(['A']), tags: ['ops', { name: 'billing' }], id: 'ignored', active: true });
    expect(created.statusCode).toBe(200);
    const workflow = created.json();
    expect(workflow).toMatchObject({ name: 'api test', active: false, version: 1, tags: ['ops', 'billing'], settings: { executionOrder: 'v1' } });
    expect(workflow.id).not.toBe('ignored');
    expect(workflow.nodes).toHaveLength(2);
    expect(workflow.connections.Start.main[0][0].node).toBe('A');
    expect(Date.parse(workflow.createdAt)).not.toBeNaN();

    const updated = await server.app.inject({ method: 'PUT', url: `/api/v1/workflows/${workflow.id}`, headers: server.auth, payload: { ...chain(['A', 'B']), name: 'renamed' } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'renamed', version: 2 });

    const current = await server.app.inject({ method: 'GET', url: `/api/v1/workflows/${workflow.id}`, headers: server.auth });
    expect(current.json().nodes).toHaveLength(3);
    const first = await server.app.inject({ method: 'GET', url: `/api/v1/workflows/${workflow.id}?version=1`, headers: server.auth });
    expect(first.json()).toMatchObject({ version: 1, name: 'api test' });
    expect(first.json().nodes).toHaveLength(2);

    const removed = await server.app.inject({ method: 'DELETE', url: `/api/v1/workflows/${workflow.id}`, headers: server.auth });
    expect(removed.statusCode).toBe(200);
    const gone = await server.app.inject({ method: 'GET', url: `/api/v1/workflows/${workflow.id}`, headers: server.auth });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'WEFT_E_NOT_FOUND' });
    const again = await server.app.inject({ method: 'DELETE', url: `/api/v1/workflows/${workflow.id}`, headers: server.auth });
    expect(again.statusCode).toBe(404);
  });

  it('refuses an invalid workflow listing every problem', async () => {
    const body = chain(['A']);
    body.nodes.push({ name: 'Mystery', type: 'n8n-nodes-base.doesNotExist', typeVersion: 1, parameters: {} });
    body.connections.Ghost = { main: [[{ node: 'A', type: 'main', index: 0 }]] };
    const response = await create(body);
    expect(response.statusCode).toBe(400);
    const error = response.json();
    expect(error.code).toBe('WEFT_E_INVALID_WORKFLOW');
    expect(error.details.problems.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(error.details.problems)).toContain('doesNotExist');
    expect(JSON.stringify(error.details.problems)).toContain('Ghost');
  });

  it('lists with filters and cursor paging', async () => {
    for (let index = 0; index < 5; index += 1) await create({ ...chain(['A']), name: `flow ${index}`, tags: index % 2 === 0 ? ['even', 'x'] : ['odd'] });
    const page1 = await server.app.inject({ method: 'GET', url: '/api/v1/workflows?limit=2', headers: server.auth });
    expect(page1.statusCode).toBe(200);
    const body1 = page1.json();
    expect(body1.data).toHaveLength(2);
    expect(typeof body1.nextCursor).toBe('string');
    const seen = new Set<string>(body1.data.map((w: { id: string }) => w.id));
    let cursor: string | null = body1.nextCursor;
    while (cursor !== null) {
      const next = await server.app.inject({ method: 'GET', url: `/api/v1/workflows?limit=2&cursor=${encodeURIComponent(cursor)}`, headers: server.auth });
      const body = next.json();
      for (const workflow of body.data) seen.add(workflow.id);
      cursor = body.nextCursor;
    }
    expect(seen.size).toBe(5);

    const even = await server.app.inject({ method: 'GET', url: '/api/v1/workflows?tags=even,x', headers: server.auth });
    expect(even.json().data.map((w: { name: string }) => w.name).sort()).toEqual(['flow 0', 'flow 2', 'flow 4']);
    const named = await server.app.inject({ method: 'GET', url: '/api/v1/workflows?name=FLOW 3', headers: server.auth });
    expect(named.json().data.map((w: { name: string }) => w.name)).toEqual(['flow 3']);
    const inactive = await server.app.inject({ method: 'GET', url: '/api/v1/workflows?active=true', headers: server.auth });
    expect(inactive.json().data).toEqual([]);
    const tooMany = await server.app.inject({ method: 'GET', url: '/api/v1/workflows?limit=251', headers: server.auth });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().message).toContain('querystring/limit');
  });

  it('activates only a workflow with an event trigger, and deactivates', async () => {
    const manualOnly = (await create(chain(['A']))).json();
    const refused = await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${manualOnly.id}/activate`, headers: server.auth });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('WEFT_E_INVALID_WORKFLOW');

    const body = chain(['A']);
    body.nodes[0] = { ...body.nodes[0]!, type: 'test.eventTrigger' };
    const triggered = (await create(body)).json();
    const activated = await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${triggered.id}/activate`, headers: server.auth });
    expect(activated.statusCode).toBe(200);
    expect(activated.json().active).toBe(true);
    const listed = await server.app.inject({ method: 'GET', url: '/api/v1/workflows?active=true', headers: server.auth });
    expect(listed.json().data.map((w: { id: string }) => w.id)).toEqual([triggered.id]);
    const deactivated = await server.app.inject({ method: 'POST', url: `/api/v1/workflows/${triggered.id}/deactivate`, headers: server.auth });
    expect(deactivated.json().active).toBe(false);
  });

  it('exports n8n JSON that can be created again', async () => {
    const workflow = (await create({ ...chain(['A']), meta: { instanceId: 'abc' }, tags: ['t'] })).json();
    const exported = await server.app.inject({ method: 'GET', url: `/api/v1/workflows/${workflow.id}/export`, headers: server.auth });
    expect(exported.statusCode).toBe(200);
    const document = exported.json();
    expect(document).toMatchObject({ id: workflow.id, name: 'api test', meta: { instanceId: 'abc' }, tags: [{ name: 't' }] });
    expect(document.nodes).toHaveLength(2);
    const reimported = await create(document);
    expect(reimported.statusCode).toBe(200);
    expect(reimported.json().tags).toEqual(['t']);
  });
});
