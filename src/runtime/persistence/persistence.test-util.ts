import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import { createSqliteStore } from '../../adapters/sqlite-store/index.js';
import { loadConfig } from '../../config/config.js';
import type { WorkflowDocument, WorkflowNode } from '../../core/model/types.js';
import { NodeRegistry, type Clock } from '../../core/node-api/index.js';
import { createSilentLogger } from '../../logging/logger.js';
import { builtinNodes } from '../../nodes/index.js';
import type { Store } from '../../ports/store/index.js';
import { stepControl, stepNode, type StepControl } from '../../testing/step-node.js';
import { createVirtualClock } from '../clock.js';
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

/** One simulated Weft process of a test: its `test.step` control and its engine. */
export interface SimulatedProcess {
  readonly nodes: TestNodes;
  readonly engine: Engine;
}

/**
 * Simulated processes sharing one fresh in-memory store per test, for crash and park tests: `processAt(now)` starts
 * a "process" (on a virtual clock at `now`, else the wall clock), `abandon(run)` keeps a run of a "crashed" process
 * to be settled after the test. After each test held nodes are released, abandoned runs settled, engines and the
 * store closed.
 *
 * @example
 * const sim = useSimulatedProcesses();
 * it('…', async () => { const first = sim.processAt(T0); await runPersisted({ store: sim.store, engine: first.engine, … }); });
 */
export function useSimulatedProcesses(): { readonly store: Store; processAt(now?: number): SimulatedProcess; abandon(run: Promise<unknown>): void } {
  let store: Store | undefined;
  let processes: SimulatedProcess[] = [];
  let abandoned: Array<Promise<unknown>> = [];
  beforeEach(async () => {
    store = await memoryStore();
    processes = [];
    abandoned = [];
  });
  afterEach(async () => {
    for (const { nodes } of processes) for (const release of nodes.held.values()) release();
    await Promise.allSettled(abandoned);
    for (const { engine } of processes) await engine.close();
    await store?.close();
  });
  return {
    get store(): Store {
      if (store === undefined) throw new Error('useSimulatedProcesses: the store exists only inside a test');
      return store;
    },
    processAt(now?: number): SimulatedProcess {
      const nodes = testNodes();
      const process = { nodes, engine: testEngine(nodes, now === undefined ? undefined : createVirtualClock(now)) };
      processes.push(process);
      return process;
    },
    abandon(run: Promise<unknown>): void {
      abandoned.push(run);
    },
  };
}
