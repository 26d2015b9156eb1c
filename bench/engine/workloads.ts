import type { WorkflowDocument, WorkflowNode } from '../../src/core/model/types.js';

type Edge = [from: string, to: string, input?: number];

function build(name: string, nodes: WorkflowNode[], edges: Edge[]): WorkflowDocument {
  const connections: WorkflowDocument['connections'] = {};
  for (const [from, to, input = 0] of edges) {
    const outputs = ((connections[from] ??= { main: [[]] }).main ??= [[]]);
    outputs[0]!.push({ node: to, type: 'main', index: input });
  }
  return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

const node = (name: string, type: string, typeVersion = 1, parameters: Record<string, unknown> = {}): WorkflowNode => ({
  name,
  type: `n8n-nodes-base.${type}`,
  typeVersion,
  parameters,
});

/**
 * 50 nodes of little work: a trigger fanning out to 4 parallel chains of 11 No-Op nodes, joined by a
 * 4-input Merge, then a tail of 4 nodes.
 */
export function fiftyNodeWorkflow(): WorkflowDocument {
  const nodes: WorkflowNode[] = [node('Start', 'manualTrigger')];
  const edges: Edge[] = [];
  for (let branch = 0; branch < 4; branch++) {
    let previous = 'Start';
    for (let step = 0; step < 11; step++) {
      const name = `B${branch}.${step}`;
      nodes.push(node(name, 'noOp'));
      edges.push([previous, name]);
      previous = name;
    }
    edges.push([previous, 'Merge', branch]);
  }
  nodes.push(node('Merge', 'merge', 3.2, { numberInputs: 4 }));
  let previous = 'Merge';
  for (let step = 0; step < 4; step++) {
    const name = `Tail ${step}`;
    nodes.push(node(name, 'noOp'));
    edges.push([previous, name]);
    previous = name;
  }
  return build('bench 50 nodes', nodes, edges);
}

/** `branches` parallel Wait nodes of `waitMs` each, merged by one Merge node. */
export function parallelWaitWorkflow(branches: number, waitMs: number): WorkflowDocument {
  const nodes: WorkflowNode[] = [node('Start', 'manualTrigger'), node('Merge', 'merge', 3.2, { numberInputs: branches })];
  const edges: Edge[] = [];
  for (let branch = 0; branch < branches; branch++) {
    const name = `Wait ${branch}`;
    nodes.push(node(name, 'wait', 1.1, { amount: waitMs / 1000, unit: 'seconds' }));
    edges.push(['Start', name], [name, 'Merge', branch]);
  }
  return build('bench parallel waits', nodes, edges);
}
