import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createSqliteStore } from '../../../adapters/sqlite-store/index.js';
import { loadConfig, type TrustProxy } from '../../../config/config.js';
import { WeftError } from '../../../core/errors/index.js';
import type { WorkflowDocument, WorkflowNode } from '../../../core/model/types.js';
import { createSilentLogger } from '../../../logging/logger.js';
import type { Store } from '../../../ports/store/index.js';
import { createEngine, type Engine } from '../../../runtime/engine.js';
import { buildServer } from '../../build-server.js';
import { createWebhookRegistrar } from './registrar.js';

/** The API key the test server accepts. */
export const TEST_API_KEY = 'weft_webhook_test_key';
const auth = { 'x-weft-api-key': TEST_API_KEY };

/** A server over an in-memory store and a real engine, with webhooks registered in the store. */
export interface WebhookHarness {
  readonly store: Store;
  readonly engine: Engine;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Starts a test server (fastify `.inject()` only, nothing listens) with the given webhook limits, trusted proxies
 * and WEFT_* settings of its engine.
 *
 * @example
 * const h = await startWebhookHarness(); try { await h.app.inject({ url: '/webhook/x' }); } finally { await h.close(); }
 */
export async function startWebhookHarness(options: { maxBodyBytes?: number; trustProxy?: TrustProxy; env?: Record<string, string> } = {}): Promise<WebhookHarness> {
  const store = await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
  await store.migrate();
  const logger = createSilentLogger();
  const engine = createEngine(loadConfig({ WEFT_LOG_LEVEL: 'silent', ...options.env }), logger);
  const app = await buildServer({
    store,
    engine,
    logger,
    authenticate: async (value) => (value === TEST_API_KEY ? { id: 'k' } : undefined),
    triggers: [createWebhookRegistrar({ store, logger })],
    ...(options.maxBodyBytes !== undefined ? { webhookMaxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  await app.ready();
  return {
    store,
    engine,
    app,
    async close() {
      await app.close();
      await engine.close();
      await store.close();
    },
  };
}

/** Webhook (typeVersion 2 unless `extra` says otherwise) → the given nodes in a chain. */
export function hookFlow(webhookParameters: Record<string, unknown>, rest: WorkflowNode[] = [], extra: Partial<WorkflowNode> = {}): WorkflowDocument & { name: string } {
  const nodes: WorkflowNode[] = [{ id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: webhookParameters, ...extra }, ...rest];
  const connections: WorkflowDocument['connections'] = {};
  nodes.slice(0, -1).forEach((node, index) => {
    const next = nodes[index + 1];
    if (next) connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
  });
  return { name: 'hook', nodes, connections, settings: { executionOrder: 'v1' } };
}

/** A node that passes its items on unchanged. */
export const noOp: WorkflowNode = { id: 'n', name: 'Echo', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} };

/** Saves and activates a workflow through the API; returns its id. */
export async function createActive(app: FastifyInstance, workflow: WorkflowDocument & { name: string }): Promise<string> {
  const id = await createSaved(app, workflow);
  const activated = await app.inject({ method: 'POST', url: `/api/v1/workflows/${id}/activate`, headers: auth });
  if (activated.statusCode !== 200) throw new WeftError('WEFT_E_INTERNAL', `activation failed with ${activated.statusCode}: ${activated.body}`, {});
  return id;
}

/** Saves a workflow through the API without activating it; returns its id. */
export async function createSaved(app: FastifyInstance, workflow: WorkflowDocument & { name: string }): Promise<string> {
  const created = await app.inject({ method: 'POST', url: '/api/v1/workflows', headers: auth, payload: workflow });
  if (created.statusCode !== 200) throw new WeftError('WEFT_E_INTERNAL', `saving the workflow failed with ${created.statusCode}: ${created.body}`, {});
  return (created.json() as { id: string }).id;
}
