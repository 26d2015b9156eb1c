import type { NodeRegistry, NodeTypeSpec } from '../node-api/index.js';
import { inputCountOf, outputCountOf, requiredInputsOf } from '../node-api/index.js';
import type { ExecutionOrder, WorkflowDocument, WorkflowNode } from '../model/types.js';

/** An edge of the main data flow: output `output` of node `from` feeds input `input` of node `to` (indexes into plan.nodes). */
export interface PlanEdge {
  readonly from: number;
  readonly output: number;
  readonly to: number;
  readonly input: number;
}

/** A node with everything the scheduler needs resolved up front. */
export interface PlanNode {
  readonly index: number;
  readonly name: string;
  readonly node: WorkflowNode;
  readonly spec: NodeTypeSpec;
  readonly inputCount: number;
  /** Outputs including the error output added by `onError: continueErrorOutput`. */
  readonly outputCount: number;
  /** Index of the error output, when the node has one. */
  readonly errorOutput: number | undefined;
  readonly requiredInputs: number | readonly number[];
  /** Edges into this node, per input. */
  readonly incoming: readonly (readonly PlanEdge[])[];
  /** Edges out of this node, per output, in the order the workflow lists them. */
  readonly outgoing: readonly (readonly PlanEdge[])[];
}

/**
 * A workflow compiled for execution: nodes indexed, edges resolved to indexes, and for every (node, input)
 * the set of nodes upstream of it, which lets the scheduler tell when an input can no longer receive data.
 * Build it only from a validated workflow.
 */
export interface ExecutionPlan {
  readonly workflow: WorkflowDocument;
  readonly order: ExecutionOrder;
  readonly nodes: readonly PlanNode[];
  readonly byName: ReadonlyMap<string, PlanNode>;
  /**
   * `upstream[node][input]`: indexes of every node with a path into that input. Kept only for nodes with two or
   * more inputs (the only ones that can wait for a starved input); empty for the others, which keeps planning
   * linear on long chains.
   */
  readonly upstream: readonly (readonly ReadonlySet<number>[])[];
}

/** Compiles a (validated) workflow into an execution plan. Ignored node types (sticky notes) are left out. */
export function buildPlan(workflow: WorkflowDocument, registry: NodeRegistry): ExecutionPlan {
  const runnable = workflow.nodes.filter((node) => !registry.require(node.type, node.typeVersion).ignored);
  const indexByName = new Map(runnable.map((node, index) => [node.name, index]));
  const incoming: PlanEdge[][][] = [];
  const outgoing: PlanEdge[][][] = [];
  const shapes = runnable.map((node) => {
    const spec = registry.require(node.type, node.typeVersion);
    const inputCount = inputCountOf(spec, node.parameters ?? {}, node.typeVersion);
    const mainOutputs = outputCountOf(spec, node.parameters ?? {}, node.typeVersion);
    const hasErrorOutput = node.onError === 'continueErrorOutput';
    return { spec, inputCount, mainOutputs, outputCount: mainOutputs + (hasErrorOutput ? 1 : 0), hasErrorOutput };
  });
  shapes.forEach((shape, index) => {
    incoming[index] = Array.from({ length: shape.inputCount }, () => []);
    outgoing[index] = Array.from({ length: shape.outputCount }, () => []);
  });
  for (const [sourceName, byType] of Object.entries(workflow.connections ?? {})) {
    const from = indexByName.get(sourceName);
    if (from === undefined) continue;
    (byType.main ?? []).forEach((targets, output) => {
      for (const target of targets ?? []) {
        const to = indexByName.get(target.node);
        const outputs = outgoing[from];
        const inputs = to === undefined ? undefined : incoming[to];
        if (to === undefined || !outputs || !inputs || output >= outputs.length || target.index >= inputs.length) continue;
        const edge: PlanEdge = { from, output, to, input: target.index };
        outputs[output]?.push(edge);
        inputs[target.index]?.push(edge);
      }
    });
  }
  const nodes: PlanNode[] = runnable.map((node, index) => {
    const shape = shapes[index]!;
    return {
      index,
      name: node.name,
      node,
      spec: shape.spec,
      inputCount: shape.inputCount,
      outputCount: shape.outputCount,
      errorOutput: shape.hasErrorOutput ? shape.mainOutputs : undefined,
      requiredInputs: requiredInputsOf(shape.spec, node.parameters ?? {}, node.typeVersion, shape.inputCount),
      incoming: incoming[index]!,
      outgoing: outgoing[index]!,
    };
  });
  return {
    workflow,
    order: workflow.settings?.executionOrder === 'v1' ? 'v1' : 'v0',
    nodes,
    byName: new Map(nodes.map((node) => [node.name, node])),
    upstream: computeUpstream(nodes),
  };
}

/** For every (node, input), the nodes that can reach it, by reverse breadth-first search. */
function computeUpstream(nodes: readonly PlanNode[]): ReadonlySet<number>[][] {
  const ancestorsOfNode = new Map<number, Set<number>>();
  const ancestors = (start: number): Set<number> => {
    const cached = ancestorsOfNode.get(start);
    if (cached) return cached;
    const seen = new Set<number>();
    const queue = [start];
    while (queue.length > 0) {
      const current = queue.pop()!;
      for (const edges of nodes[current]!.incoming) {
        for (const edge of edges) {
          if (!seen.has(edge.from)) {
            seen.add(edge.from);
            queue.push(edge.from);
          }
        }
      }
    }
    ancestorsOfNode.set(start, seen);
    return seen;
  };
  return nodes.map((node) =>
    node.inputCount < 2 ? [] : node.incoming.map((edges) => {
      const set = new Set<number>();
      for (const edge of edges) {
        set.add(edge.from);
        for (const ancestor of ancestors(edge.from)) set.add(ancestor);
      }
      return set;
    }),
  );
}
