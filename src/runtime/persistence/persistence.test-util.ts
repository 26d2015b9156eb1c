import { randomBytes } from 'node:crypto';
import { createSqliteStore } from '../../adapters/sqlite-store/index.js';
import { loadConfig } from '../../config/config.js';
import type { WorkflowDocument, WorkflowNode } from '../../core/model/types.js';
import { NodeRegistry, type Clock } from '../../core/node-api/index.js';
import { createSilentLogger } from '../../logging/logger.js';
import { builtinNodes } from '../../nodes/index.js';
import type { Store } from '../../ports/store/index.js';
import { stepControl, stepNode, type StepControl } from '../../testing/step-node.js';
import { createEngine, type Engine } from '../engine.js';

/** The `test.step` control of one engine ("process"); see src/testing/step-node.ts. */
export type TestNodes = StepControl;

/** A fresh control: nothing held, nothing failing, no runs. */
export const testNodes = stepControl;

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
