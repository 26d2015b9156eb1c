import { randomBytes } from 'node:crypto';
import { createSqliteStore } from '../../adapters/sqlite-store/index.js';
import { loadConfig } from '../../config/config.js';
import type { WorkflowDocument, WorkflowNode } from '../../core/model/types.js';
import { NodeRegistry, type Clock, type NodeTypeSpec } from '../../core/node-api/index.js';
import { createSilentLogger } from '../../logging/logger.js';
import { builtinNodes } from '../../nodes/index.js';
import type { Store } from '../../ports/store/index.js';
import { createEngine, type Engine } from '../engine.js';

/** How the test node types behave in one engine ("process"): runs counted per node, some nodes held. */
export interface TestNodes {
  readonly runs: Map<string, number>;
  /** Nodes named here wait (until released, or forever) instead of finishing. */
  readonly hold: Set<string>;
  /** Release functions of held runs, by node name. */
  readonly held: Map<string, () => void>;
  /** Nodes named here throw. */
  readonly fail: Set<string>;
}

export function testNodes(): TestNodes {
  return { runs: new Map(), hold: new Set(), held: new Map(), fail: new Set() };
}

/** `test.step`: counts its runs, tags each item with its node name, and holds or fails as `nodes` says. */
function stepNode(nodes: TestNodes): NodeTypeSpec {
  return {
    type: 'test.step',
    versions: [1],
    displayName: 'Step',
    inputs: 1,
    outputs: 1,
    async execute(ctx, inputs) {
      const name = ctx.node.name;
      nodes.runs.set(name, (nodes.runs.get(name) ?? 0) + 1);
      if (nodes.hold.has(name)) await new Promise<void>((resolve) => nodes.held.set(name, resolve));
      if (nodes.fail.has(name)) throw new Error(`${name} failed on purpose`);
      return [(inputs[0] ?? []).map((item) => ({ json: { ...item.json, [name]: ctx.node.parameters.label ?? true } }))];
    },
  };
}

/** An engine whose registry has the built-in nodes and `test.step` bound to `nodes`; on the wall clock unless given one. */
export function testEngine(nodes: TestNodes, clock?: Clock): Engine {
  const config = loadConfig({ WEFT_LOG_LEVEL: 'silent' });
  return createEngine(config, createSilentLogger(), { registry: NodeRegistry.of([...builtinNodes, stepNode(nodes)]), ...(clock ? { clock } : {}) });
}

/** Start (manual trigger) → each named `test.step` node in a chain. */
export function chainWorkflow(steps: readonly string[], extra: Partial<WorkflowDocument> = {}, nodeExtra: Record<string, Partial<WorkflowNode>> = {}): WorkflowDocument {
  const names = ['Start', ...steps];
  const connections: WorkflowDocument['connections'] = {};
  names.slice(0, -1).forEach((name, index) => {
    connections[name] = { main: [[{ node: names[index + 1]!, type: 'main', index: 0 }]] };
  });
  return {
    name: 'persistence test',
    nodes: names.map((name, index) => ({
      name,
      type: index === 0 ? 'n8n-nodes-base.manualTrigger' : 'test.step',
      typeVersion: 1,
      position: [index * 200, 0],
      parameters: {},
      ...nodeExtra[name],
    })),
    connections,
    ...extra,
  };
}

/** A fresh in-memory SQLite store (migrated on creation). */
export function memoryStore(): Promise<Store> {
  return createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
