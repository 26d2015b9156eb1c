import { createExpressionEvaluator } from '../../core/expression/index.js';
import type { Item, WorkflowDocument, WorkflowNode } from '../../core/model/types.js';
import type { NodeLogger, NodeOutput, NodeTypeSpec, RunDataView } from '../../core/node-api/index.js';
import { createVirtualClock } from '../../runtime/clock.js';
import { createNodeContext } from '../../runtime/node-context.js';

/** A node run inside a small workflow, for Code node tests that need connections (paired items) or logs. */
export interface WorkflowRunOptions {
  node: WorkflowNode;
  /** Earlier nodes and their single run: output items, input items, the node that fed them. */
  upstream: { node: WorkflowNode; output: Item[]; input?: Item[]; from?: string }[];
  /** The node feeding the tested node's input 0. */
  parent: string;
  logger?: NodeLogger;
  continueOnFail?: boolean;
}

/** Runs `spec` as the child of `options.parent` with the upstream runs recorded. Test-only helper. */
export async function runInWorkflow(spec: NodeTypeSpec, options: WorkflowRunOptions): Promise<NodeOutput> {
  const nodes = [...options.upstream.map((entry) => entry.node), options.node];
  const connections: WorkflowDocument['connections'] = {};
  const link = (from: string, to: string): void => {
    connections[from] = { main: [[{ node: to, type: 'main', index: 0 }]] };
  };
  for (const entry of options.upstream) if (entry.from) link(entry.from, entry.node.name);
  link(options.parent, options.node.name);
  const workflow: WorkflowDocument = { name: 'test', nodes, connections };
  const byName = new Map(options.upstream.map((entry) => [entry.node.name, entry]));
  const inputs = [byName.get(options.parent)?.output ?? []];
  const runData: RunDataView = {
    getOutput: (name, outputIndex = 0) => (outputIndex === 0 ? byName.get(name)?.output : undefined),
    runCount: (name) => (byName.has(name) ? 1 : 0),
    nodeState: () => ({}),
    getSource: (name) => {
      const from = byName.get(name)?.from;
      return from ? [{ previousNode: from, previousNodeOutput: 0, previousNodeRun: 0 }] : [];
    },
    getInput: (name) => byName.get(name)?.input,
  };
  const ctx = createNodeContext({
    node: { ...options.node, continueOnFail: options.continueOnFail },
    workflow,
    runIndex: 0,
    inputs,
    customData: {},
    source: [{ previousNode: options.parent, previousNodeOutput: 0, previousNodeRun: 0 }],
    runData,
    nodeState: {},
    evaluator: createExpressionEvaluator(),
    clock: createVirtualClock(Date.parse('2024-01-15T12:00:00Z')),
    signal: new AbortController().signal,
    logger: options.logger ?? { debug: () => undefined, info: () => undefined, warn: () => undefined },
    executionId: 'test-execution',
    mode: 'manual',
    timezone: 'UTC',
  });
  return spec.execute(ctx, inputs);
}
