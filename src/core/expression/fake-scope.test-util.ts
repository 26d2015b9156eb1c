import type { Item, JsonObject, NodeParameters, WorkflowDocument, WorkflowNode } from '../model/types.js';
import type { RunDataView, RunSource } from '../node-api/types.js';
import type { ExpressionScope } from './types.js';

/** One recorded run of a node in a fake execution. */
export interface FakeRun {
  /** Items per output. */
  readonly output: Item[][];
  /** Items per input. */
  readonly input?: Item[][];
  readonly source?: (RunSource | null)[];
}

/** A node of the fake workflow, with its runs so far. */
export interface FakeNode {
  readonly name: string;
  readonly parameters?: NodeParameters;
  readonly runs?: FakeRun[];
  /** Names of the nodes output 0 (or output i for entry i of a nested list) feeds. */
  readonly to?: string[] | string[][];
  readonly state?: Record<string, unknown>;
}

/** What the current node sees. */
export interface FakeScopeInit {
  readonly nodes?: FakeNode[];
  /** The node being evaluated; added to the workflow when not in `nodes`. */
  readonly current?: string;
  readonly inputs?: Item[][];
  /** Shortcut for one input of these json objects. */
  readonly json?: JsonObject[];
  readonly source?: (RunSource | null)[];
  readonly itemIndex?: number;
  readonly runIndex?: number;
  readonly now?: number;
  readonly timezone?: string;
  readonly mode?: ExpressionScope['mode'];
}

/** Items from json objects, paired by index. */
export function items(...json: JsonObject[]): Item[] {
  return json.map((entry, index) => ({ json: entry, pairedItem: { item: index } }));
}

/** Builds an ExpressionScope over a small fake execution for tests. */
export function fakeScope(init: FakeScopeInit = {}): ExpressionScope {
  const current = init.current ?? 'Current';
  const fakeNodes = [...(init.nodes ?? [])];
  if (!fakeNodes.some((node) => node.name === current)) fakeNodes.push({ name: current });
  const nodes: WorkflowNode[] = fakeNodes.map((node) => ({
    name: node.name,
    type: 'n8n-nodes-base.noOp',
    typeVersion: 1,
    parameters: node.parameters ?? {},
  }));
  const connections: WorkflowDocument['connections'] = {};
  for (const node of fakeNodes) {
    if (!node.to) continue;
    const outputs = typeof node.to[0] === 'string' || node.to.length === 0 ? [node.to as string[]] : (node.to as string[][]);
    connections[node.name] = { main: outputs.map((targets) => targets.map((target) => ({ node: target, type: 'main', index: 0 }))) };
  }
  const workflow: WorkflowDocument = { id: 'wf-1', name: 'Test workflow', active: false, nodes, connections };
  const byName = new Map(fakeNodes.map((node) => [node.name, node]));
  const runsOf = (name: string): FakeRun[] => byName.get(name)?.runs ?? [];
  const pick = (name: string, runIndex?: number): FakeRun | undefined => {
    const runs = runsOf(name);
    return runs[runIndex ?? runs.length - 1];
  };
  const runData: RunDataView = {
    getOutput: (name, outputIndex = 0, runIndex) => pick(name, runIndex)?.output[outputIndex],
    runCount: (name) => runsOf(name).length,
    nodeState: (name) => byName.get(name)?.state ?? {},
    getSource: (name, runIndex) => pick(name, runIndex)?.source,
    getInput: (name, inputIndex = 0, runIndex) => pick(name, runIndex)?.input?.[inputIndex],
  };
  const inputs = init.inputs ?? [init.json ? items(...init.json) : [{ json: {} }]];
  const node = nodes.find((entry) => entry.name === current) as WorkflowNode;
  return {
    node,
    workflow,
    runIndex: init.runIndex ?? 0,
    itemIndex: init.itemIndex ?? 0,
    inputs,
    source: init.source ?? [],
    runData,
    executionId: 'exec-1',
    mode: init.mode ?? 'manual',
    timezone: init.timezone ?? 'UTC',
    now: init.now ?? Date.UTC(2024, 0, 15, 10, 30, 0),
  };
}
