import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createSqliteStore } from '../adapters/sqlite-store/index.js';
import { createMemoryCache } from '../adapters/memory-cache/index.js';
import { loadConfig } from '../config/config.js';
import type { WorkflowDocument } from '../core/model/types.js';
import { NodeRegistry, type NodeTypeSpec } from '../core/node-api/index.js';
import { createSilentLogger } from '../logging/logger.js';
import { builtinNodes } from '../nodes/index.js';
import type { Cache } from '../ports/cache/types.js';
import type { Store } from '../ports/store/index.js';
import { stepControl, stepNode, type StepControl } from '../testing/step-node.js';
import { createEngine, type Engine } from '../runtime/engine.js';
import { buildServer } from './build-server.js';
import type { Authenticate } from './types.js';

export const testKey = 'weft_test_key_0123456789';

export type { StepControl } from '../testing/step-node.js';

/** An event trigger (stands in for webhook/schedule nodes, which arrive with the trigger work). */
const eventTrigger: NodeTypeSpec = {
  type: 'test.eventTrigger',
  versions: [1],
  displayName: 'Event',
  trigger: true,
  triggerKind: 'event',
  inputs: 0,
  outputs: 1,
  execute: () => [[{ json: {} }]],
};

export interface TestServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly engine: Engine;
  readonly cache: Cache;
  readonly control: StepControl;
  /** Headers carrying the valid test key. */
  readonly auth: { 'x-weft-api-key': string };
  close(): Promise<void>;
}

/** A server over a real in-memory SQLite store and the real engine, with `test.step` and `test.eventTrigger` nodes. */
export async function startTestServer(overrides: { store?: Store; cache?: Cache } = {}): Promise<TestServer> {
  const store = overrides.store ?? await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
  await store.migrate();
  const control = stepControl();
  const logger = createSilentLogger();
  const engine = createEngine(loadConfig({ WEFT_LOG_LEVEL: 'silent' }), logger, { registry: NodeRegistry.of([...builtinNodes, stepNode(control), eventTrigger]) });
  const cache = overrides.cache ?? createMemoryCache();
  const authenticate: Authenticate = async (value) => (value === testKey ? { id: 'key-1' } : undefined);
  const app = await buildServer({ store, engine, authenticate, logger, cache });
  await app.ready();
  return {
    app,
    store,
    engine,
    cache,
    control,
    auth: { 'x-weft-api-key': testKey },
    async close() {
      await app.close();
      await engine.close();
      await store.close();
      await cache.close();
    },
  };
}

/** Manual trigger → the named `test.step` nodes in a chain. */
export function chain(steps: readonly string[], extra: Partial<WorkflowDocument> = {}): WorkflowDocument & { name: string } {
  const names = ['Start', ...steps];
  const connections: WorkflowDocument['connections'] = {};
  names.slice(0, -1).forEach((name, index) => {
    connections[name] = { main: [[{ node: names[index + 1]!, type: 'main', index: 0 }]] };
  });
  return {
    name: 'api test',
    nodes: names.map((name, index) => ({
      id: `n${index}`,
      name,
      type: index === 0 ? 'n8n-nodes-base.manualTrigger' : 'test.step',
      typeVersion: 1,
      position: [index * 200, 0],
      parameters: {},
    })),
    connections,
    settings: { executionOrder: 'v1' },
    ...extra,
  };
}
