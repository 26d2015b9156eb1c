import { createExpressionEvaluator } from '../core/expression/index.js';
import type { ExpressionEvaluator } from '../core/expression/index.js';
import type { Item, NodeParameters, WorkflowDocument, WorkflowNode } from '../core/model/types.js';
import type { CredentialsProvider, NodeOutput, NodeTypeSpec, RunDataView, SubWorkflowRunner } from '../core/node-api/index.js';
import { createVirtualClock } from '../runtime/clock.js';
import { createNodeContext } from '../runtime/node-context.js';

/** Options for running one node in isolation in a unit test. */
export interface RunNodeOptions {
  parameters?: NodeParameters;
  typeVersion?: number;
  /** Items per input; a plain array of json objects is wrapped as input 0. */
  inputs?: Item[][];
  json?: Record<string, unknown>[];
  name?: string;
  nodeFields?: Partial<WorkflowNode>;
  runIndex?: number;
  nodeState?: Record<string, unknown>;
  /** Outputs of other nodes, for `$('Node')` lookups: name -> items of output 0 of their single run. */
  otherNodes?: Record<string, Item[]>;
  evaluator?: ExpressionEvaluator;
  now?: number;
  timezone?: string;
  subWorkflows?: SubWorkflowRunner;
  /** Credentials the node may read (`ctx.credentials`); absent as in `weft run`. */
  credentials?: CredentialsProvider;
  /** The execution's abort signal; default a signal that never aborts. */
  signal?: AbortSignal;
}

/**
 * Runs a node spec once, outside any workflow, and returns its outputs. For node unit tests.
 *
 * @example
 * const [out] = await runNodeForTest(noOp, { json: [{ a: 1 }] });
 */
export async function runNodeForTest(spec: NodeTypeSpec, options: RunNodeOptions = {}): Promise<NodeOutput> {
  const node: WorkflowNode = {
    name: options.name ?? spec.displayName,
    type: spec.type,
    typeVersion: options.typeVersion ?? spec.versions[spec.versions.length - 1]!,
    parameters: options.parameters ?? {},
    ...options.nodeFields,
  };
  const inputs: Item[][] = options.inputs ?? [(options.json ?? [{}]).map((json) => ({ json }))];
  const others = options.otherNodes ?? {};
  const workflow: WorkflowDocument = { name: 'test', nodes: [node], connections: {} };
  const nodeState = options.nodeState ?? {};
  const runData: RunDataView = {
    getOutput: (name, outputIndex = 0) => (outputIndex === 0 ? others[name] : undefined),
    runCount: (name) => (others[name] ? 1 : 0),
    nodeState: (name) => (name === node.name ? nodeState : {}),
    getSource: () => undefined,
    getInput: () => undefined,
  };
  const context = createNodeContext({
    node,
    workflow,
    runIndex: options.runIndex ?? 0,
    inputs,
    source: inputs.map(() => null),
    runData,
    nodeState,
    evaluator: options.evaluator ?? createExpressionEvaluator(),
    clock: createVirtualClock(options.now ?? Date.parse('2024-01-15T12:00:00Z')),
    signal: options.signal ?? new AbortController().signal,
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined },
    executionId: 'test-execution',
    mode: 'manual',
    timezone: options.timezone ?? 'UTC',
    customData: {},
    subWorkflows: options.subWorkflows,
    credentials: options.credentials,
  });
  return spec.execute(context, inputs);
}

/** The json of every item of one output, for compact assertions. */
export function jsonOf(output: readonly Item[] | undefined): Record<string, unknown>[] {
  return (output ?? []).map((item) => item.json);
}
