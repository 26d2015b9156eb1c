import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/sqlite-store/index.js';
import { loadConfig } from '../../../config/config.js';
import type { WorkflowDocument, WorkflowNode } from '../../../core/model/types.js';
import { createSilentLogger } from '../../../logging/logger.js';
import type { Store } from '../../../ports/store/index.js';
import { createEngine, type Engine } from '../../../runtime/engine.js';
import { buildServer } from '../../build-server.js';
import { restoreTriggers } from '../restore-triggers.js';
import { createWebhookRegistrar } from './registrar.js';
import { matchPath } from './match-path.js';

const key = 'weft_webhook_test_key';
const auth = { 'x-weft-api-key': key };

interface Harness {
  store: Store;
  engine: Engine;
  app: FastifyInstance;
}

async function build(store: Store, engine: Engine, responseTimeoutMs?: number): Promise<FastifyInstance> {
  const logger = createSilentLogger();
  const app = await buildServer({
    store,
    engine,
    logger,
    authenticate: async (value) => (value === key ? { id: 'k' } : undefined),
    triggers: [createWebhookRegistrar({ store, logger })],
    ...(responseTimeoutMs !== undefined ? { webhookResponseTimeoutMs: responseTimeoutMs } : {}),
  });
  await app.ready();
  return app;
}

/** Webhook → the given nodes in a chain. */
function hookFlow(webhookParameters: Record<string, unknown>, rest: WorkflowNode[] = [], extra: Partial<WorkflowNode> = {}): WorkflowDocument & { name: string } {
  const nodes: WorkflowNode[] = [
    { id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: webhookParameters, ...extra },
    ...rest,
  ];
  const connections: WorkflowDocument['connections'] = {};
  nodes.slice(0, -1).forEach((node, index) => {
    connections[node.name] = { main: [[{ node: nodes[index + 1]!.name, type: 'main', index: 0 }]] };
  });
  return { name: 'hook', nodes, connections, settings: { executionOrder: 'v1' } };
}

const noOp: WorkflowNode = { id: 'n', name: 'Echo', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} };

async function createActive(app: FastifyInstance, workflow: WorkflowDocument & { name: string }): Promise<string> {
  const created = await app.inject({ method: 'POST', url: '/api/v1/workflows', headers: auth, payload: workflow });
  expect(created.statusCode).toBe(200);
  const id = (created.json() as { id: string }).id;
  const activated = await app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/activate`, headers: auth });
  expect(activated.statusCode).toBe(200);
  return id;
}

describe('webhook triggers', () => {
  let h: Harness;
  beforeEach(async () => {
    const store = await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
    await store.migrate();
    const engine = createEngine(loadConfig({ WEFT_LOG_LEVEL: 'silent' }), createSilentLogger());
    h = { store, engine, app: await build(store, engine) };
  });
  afterEach(async () => {
    await h.app.close();
    await h.engine.close();
    await h.store.close();
  });

  it('onReceived answers once the execution row exists, without an API key', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'start', httpMethod: 'GET' }, [noOp]));
    const response = await h.app.inject({ method: 'GET', url: '/webhook/start?x=1' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ message: 'Workflow was started' });
    const executions = await h.store.listExecutions({ workflowId: id, limit: 10 });
    expect(executions.data).toHaveLength(1);
    expect(executions.data[0]?.mode).toBe('webhook');
  });

  it('lastNode answers the last node item with headers, params, query and body', async () => {
    await createActive(h.app, hookFlow({ path: 'users/:id', httpMethod: 'POST', responseMode: 'lastNode' }, [noOp]));
    const response = await h.app.inject({ method: 'POST', url: '/webhook/users/42?verbose=yes', headers: { 'x-custom': 'c' }, payload: { name: 'Ada' } });
    expect(response.statusCode).toBe(200);
    const json = response.json() as Record<string, Record<string, unknown>>;
    expect(json['params']).toEqual({ id: '42' });
    expect(json['query']).toEqual({ verbose: 'yes' });
    expect(json['body']).toEqual({ name: 'Ada' });
    expect(json['headers']?.['x-custom']).toBe('c');
    expect(json['executionMode']).toBe('production');
    // The method is part of the registration: GET on the same path is not registered.
    const wrongMethod = await h.app.inject({ method: 'GET', url: '/webhook/users/42' });
    expect(wrongMethod.statusCode).toBe(404);
    expect(wrongMethod.json()).toMatchObject({ code: 'WEFT_E_NOT_FOUND' });
    expect((wrongMethod.json() as { message: string }).message).toContain('POST');
  });

  it('lastNode with allEntries answers every item, and a form body is parsed', async () => {
    await createActive(h.app, hookFlow({ path: 'all', httpMethod: 'POST', responseMode: 'lastNode', responseData: 'allEntries', responseCode: 201 }, [noOp]));
    const response = await h.app.inject({ method: 'POST', url: '/webhook/all', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1&b=two' });
    expect(response.statusCode).toBe(201);
    const json = response.json() as Array<{ body: unknown }>;
    expect(json).toHaveLength(1);
    expect(json[0]?.body).toEqual({ a: '1', b: 'two' });
  });

  it('responseNode answers what Respond to Webhook built', async () => {
    const respond: WorkflowNode = {
      id: 'r',
      name: 'Respond',
      type: 'n8n-nodes-base.respondToWebhook',
      typeVersion: 1.1,
      position: [200, 0],
      parameters: { respondWith: 'text', responseBody: '=hello {{ $json.query.name }}', options: { responseCode: 202, responseHeaders: { entries: [{ name: 'X-Reply', value: 'yes' }] } } },
    };
    await createActive(h.app, hookFlow({ path: 'greet', responseMode: 'responseNode' }, [respond]));
    const response = await h.app.inject({ method: 'GET', url: '/webhook/greet?name=Ada' });
    expect(response.statusCode).toBe(202);
    expect(response.body).toBe('hello Ada');
    expect(response.headers['x-reply']).toBe('yes');
  });

  it('responseNode answers 500 when the workflow ends without responding', async () => {
    await createActive(h.app, hookFlow({ path: 'silent', responseMode: 'responseNode' }, [noOp]));
    const response = await h.app.inject({ method: 'GET', url: '/webhook/silent' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'WEFT_E_NODE_FAILED' });
  });

  it('lastNode stops waiting after the response timeout while the execution goes on', async () => {
    await h.app.close();
    h.app = await build(h.store, h.engine, 100);
    const wait: WorkflowNode = { id: 'x', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [200, 0], parameters: { resume: 'timeInterval', amount: 1, unit: 'seconds' } };
    const id = await createActive(h.app, hookFlow({ path: 'slow', responseMode: 'lastNode' }, [wait]));
    const response = await h.app.inject({ method: 'GET', url: '/webhook/slow' });
    expect(response.json()).toMatchObject({ code: 'WEFT_E_EXECUTION_TIMEOUT' });
    expect(response.statusCode).toBeGreaterThanOrEqual(500);
    const executions = await h.store.listExecutions({ workflowId: id, limit: 10 });
    expect(executions.data[0]?.status).toBe('running');
  });

  it('checks basic auth: 401 without, 403 wrong, runs when right', async () => {
    const credential = await h.store.createCredential({ name: 'basic', type: 'httpBasicAuth', data: { user: 'ada', password: 's3cret' } });
    await createActive(h.app, hookFlow({ path: 'basic', authentication: 'basicAuth', responseMode: 'lastNode' }, [noOp], { credentials: { httpBasicAuth: { id: credential.id, name: 'basic' } } }));
    const missing = await h.app.inject({ method: 'GET', url: '/webhook/basic' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toContain('Basic');
    const wrong = await h.app.inject({ method: 'GET', url: '/webhook/basic', headers: { authorization: `Basic ${Buffer.from('ada:nope').toString('base64')}` } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).not.toContain('s3cret');
    const right = await h.app.inject({ method: 'GET', url: '/webhook/basic', headers: { authorization: `Basic ${Buffer.from('ada:s3cret').toString('base64')}` } });
    expect(right.statusCode).toBe(200);
  });

  it('checks header auth', async () => {
    const credential = await h.store.createCredential({ name: 'header', type: 'httpHeaderAuth', data: { name: 'X-Token', value: 'tok' } });
    await createActive(h.app, hookFlow({ path: 'header', authentication: 'headerAuth' }, [noOp], { credentials: { httpHeaderAuth: { id: credential.id, name: 'header' } } }));
    expect((await h.app.inject({ method: 'GET', url: '/webhook/header' })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/header', headers: { 'x-token': 'bad' } })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/header', headers: { 'x-token': 'tok' } })).statusCode).toBe(202);
  });

  it('refuses to activate a second workflow on a taken path and leaves it inactive', async () => {
    await createActive(h.app, hookFlow({ path: 'taken', httpMethod: 'POST' }, [noOp]));
    const second = await h.app.inject({ method: 'POST', url: '/api/v1/workflows', headers: auth, payload: hookFlow({ path: 'taken', httpMethod: 'POST' }, [noOp]) });
    const id = (second.json() as { id: string }).id;
    const activated = await h.app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/activate`, headers: auth });
    expect(activated.statusCode).toBe(409);
    expect(activated.json()).toMatchObject({ code: 'WEFT_E_CONFLICT' });
    expect((await h.store.getWorkflow(id))?.active).toBe(false);
  });

  it('deactivation and deletion unregister the webhook (404)', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'gone' }, [noOp]));
    expect((await h.app.inject({ method: 'GET', url: '/webhook/gone' })).statusCode).toBe(202);
    await h.app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/deactivate`, headers: auth });
    const after = await h.app.inject({ method: 'GET', url: '/webhook/gone' });
    expect(after.statusCode).toBe(404);
    expect((after.json() as { message: string }).message).toContain('is not registered');
    await h.app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/activate`, headers: auth });
    await h.app.inject({ method: 'DELETE', url: `/api/v1/workflows/${id}`, headers: auth });
    expect((await h.app.inject({ method: 'GET', url: '/webhook/gone' })).statusCode).toBe(404);
  });

  it('an update of an active workflow moves its webhook to the new path', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'old' }, [noOp]));
    const updated = await h.app.inject({ method: 'PUT', url: `/api/v1/workflows/${id}`, headers: auth, payload: hookFlow({ path: 'new' }, [noOp]) });
    expect(updated.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/old' })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/new' })).statusCode).toBe(202);
  });

  it('test URLs run the saved workflow even when inactive', async () => {
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/workflows', headers: auth, payload: hookFlow({ path: 'try', responseMode: 'lastNode' }, [noOp]) });
    expect(created.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/try' })).statusCode).toBe(404);
    const response = await h.app.inject({ method: 'GET', url: '/webhook-test/try' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ executionMode: 'test' });
    expect((await h.app.inject({ method: 'GET', url: '/webhook-test/unknown' })).statusCode).toBe(404);
  });

  it('a restart restores the registrations of active workflows', async () => {
    await createActive(h.app, hookFlow({ path: 'again' }, [noOp]));
    await h.app.close();
    // The registrations are lost (as on a store that did not keep them); the restart registers them again.
    const workflows = await h.store.listWorkflows({ limit: 10 });
    for (const workflow of workflows.data) await h.store.removeWebhooks(workflow.id);
    const logger = createSilentLogger();
    h.app = await build(h.store, h.engine);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/again' })).statusCode).toBe(404);
    await restoreTriggers(h.store, [createWebhookRegistrar({ store: h.store, logger })]);
    expect((await h.app.inject({ method: 'GET', url: '/webhook/again' })).statusCode).toBe(202);
  });
});

describe('matchPath', () => {
  it('matches literal and :param segments', () => {
    expect(matchPath('a/:id/b', 'a/x%20y/b')).toEqual({ id: 'x y' });
    expect(matchPath('a/:id', 'a/1/2')).toBeUndefined();
    expect(matchPath('a/:id', 'b/1')).toBeUndefined();
    expect(matchPath('a/:id', 'a/')).toBeUndefined();
  });
});
