import type { ExpressionEvaluator } from '../core/expression/index.js';
import type { ExecutionMode, Item, WorkflowDocument, WorkflowNode } from '../core/model/types.js';
import type { Clock, CredentialsProvider, NodeContext, NodeLogger, RunDataView, RunSource, SubWorkflowRunner } from '../core/node-api/index.js';

/** Everything needed to build the context of one node run. */
export interface NodeContextInit {
  readonly node: WorkflowNode;
  readonly workflow: WorkflowDocument;
  readonly runIndex: number;
  readonly inputs: readonly (readonly Item[])[];
  readonly source: readonly (RunSource | null)[];
  readonly runData: RunDataView;
  readonly nodeState: Record<string, unknown>;
  readonly evaluator: ExpressionEvaluator;
  readonly clock: Clock;
  /** The run's signal, or a function making it on first use (most nodes never look at it). */
  readonly signal: AbortSignal | (() => AbortSignal);
  readonly logger: NodeLogger;
  readonly executionId: string;
  readonly mode: ExecutionMode;
  readonly timezone: string;
  readonly customData: Record<string, string>;
  /** The execution's static data (see `NodeContext.staticData`); absent when nothing persists it. */
  readonly staticData?: Record<string, unknown>;
  readonly subWorkflows?: SubWorkflowRunner;
  readonly credentials?: CredentialsProvider;
  readonly respond?: NodeContext['respond'];
  /** Where a node asks to park the execution; default: parking refused (the node waits in memory). */
  readonly putExecutionToWait?: NodeContext['putExecutionToWait'];
}

/** Builds the explicit context a node's `execute` receives. */
export function createNodeContext(init: NodeContextInit): NodeContext {
  const { node } = init;
  const continueOnFail = node.continueOnFail === true || node.onError === 'continueRegularOutput' || node.onError === 'continueErrorOutput';
  const evaluate = (expression: unknown, itemIndex: number, parameter?: string, additionalKeys?: Readonly<Record<string, unknown>>): unknown =>
    init.evaluator.resolve(expression, {
      node,
      workflow: init.workflow,
      runIndex: init.runIndex,
      itemIndex,
      inputs: init.inputs,
      source: init.source,
      runData: init.runData,
      executionId: init.executionId,
      mode: init.mode,
      timezone: init.timezone,
      now: init.clock.now(),
      customData: init.customData,
      ...(additionalKeys === undefined ? {} : { additionalKeys }),
    }, parameter);
  const getRawParameter = <T>(path: string, fallback?: T): T => {
    const value = readPath(node.parameters ?? {}, path);
    return (value === undefined ? fallback : value) as T;
  };
  const signalOf = init.signal;
  return {
    node,
    typeVersion: node.typeVersion,
    runIndex: init.runIndex,
    mode: init.mode,
    executionId: init.executionId,
    workflow: init.workflow,
    get signal(): AbortSignal {
      return typeof signalOf === 'function' ? signalOf() : signalOf;
    },
    clock: init.clock,
    logger: init.logger,
    inputs: init.inputs,
    source: init.source,
    runData: init.runData,
    continueOnFail,
    nodeState: init.nodeState,
    timezone: init.timezone,
    customData: init.customData,
    staticData: init.staticData,
    subWorkflows: init.subWorkflows,
    credentials: init.credentials,
    respond: init.respond,
    putExecutionToWait: init.putExecutionToWait ?? (() => false),
    getRawParameter,
    getParameter: <T>(path: string, itemIndex: number, fallback?: T): T => {
      const raw = readPath(node.parameters ?? {}, path);
      if (raw === undefined) return fallback as T;
      return evaluate(raw, itemIndex, path) as T;
    },
    evaluate: (expression, itemIndex, additionalKeys) => evaluate(expression, itemIndex, undefined, additionalKeys),
  };
}

/** Reads a dotted path (`options.reset`) from nested parameters. */
function readPath(root: Record<string, unknown>, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
