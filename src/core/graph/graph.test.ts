import { describe, expect, it } from 'vitest';
import type { WorkflowDocument, WorkflowNode } from '../model/types.js';
import { NodeRegistry, type NodeTypeSpec } from '../node-api/index.js';
import { stickyNote } from '../../nodes/sticky-note/sticky-note.js';
import { buildPlan, findCycles, type ExecutionPlan } from './index.js';

/** Cycles with each component sorted and the list sorted by first member, so the order of discovery does not matter. */
function cyclesOf(adjacency: number[][]): number[][] {
  return findCycles(adjacency.length, (node) => adjacency[node]!)
    .map((component) => [...component].sort((a, b) => a - b))
    .sort((a, b) => a[0]! - b[0]!);
}

describe('findCycles', () => {
  it('finds nothing in a graph without cycles', () => {
    expect(cyclesOf([[1, 2], [3], [3], []])).toEqual([]);
  });

  it('finds nothing in an empty graph', () => {
    expect(findCycles(0, () => [])).toEqual([]);
  });

  it('finds a two-node cycle', () => {
    expect(cyclesOf([[1], [2], [1]])).toEqual([[1, 2]]);
  });

  it('returns members in discovery order', () => {
    expect(findCycles(3, (n) => [[1], [0], []][n]!)).toEqual([[0, 1]]);
  });

  it('finds a self loop and ignores single nodes without one', () => {
    expect(cyclesOf([[1], [1, 2], []])).toEqual([[1]]);
  });

  it('finds two separate cycles', () => {
    // 0 → 1 → 0, 1 → 2, 2 → 3 → 4 → 2, 5 alone
    expect(cyclesOf([[1], [0, 2], [3], [4], [2], []])).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
  });

  it('merges cycles that share a node into one component', () => {
    // 0 → 1 → 0 and 1 → 2 → 1
    expect(cyclesOf([[1], [0, 2], [1]])).toEqual([[0, 1, 2]]);
  });

  it('handles a chain of 50,000 nodes without overflowing the stack', () => {
    const count = 50_000;
    const next = (node: number): number[] => (node + 1 < count ? [node + 1] : []);
    expect(findCycles(count, next)).toEqual([]);
  });

  it('finds a ring of 50,000 nodes as one component', () => {
    const count = 50_000;
    const cycles = findCycles(count, (node) => [(node + 1) % count]);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(count);
    expect(new Set(cycles[0]).size).toBe(count);
  });
});

const passItems: NodeTypeSpec['execute'] = (_ctx, inputs) => [[...(inputs[0] ?? [])]];
const trigger: NodeTypeSpec = { type: 'test.trigger', versions: [1], displayName: 'Trigger', trigger: true, inputs: 0, outputs: 1, execute: () => [[{ json: {} }]] };
const pass: NodeTypeSpec = { type: 'test.pass', versions: [1], displayName: 'Pass', inputs: 1, outputs: 1, execute: passItems };
const merge: NodeTypeSpec = { type: 'test.merge', versions: [1], displayName: 'Merge', inputs: 2, outputs: 1, requiredInputs: 1, execute: passItems };
const gate: NodeTypeSpec = { type: 'test.gate', versions: [1], displayName: 'Gate', mayStopFlow: true, inputs: 1, outputs: 2, execute: passItems };
const switchLike: NodeTypeSpec = {
  type: 'test.switch',
  versions: [1],
  displayName: 'Switch',
  mayStopFlow: true,
  inputs: 1,
  outputs: (parameters) => Number(parameters.outputs ?? 1),
  execute: passItems,
};
const registry = NodeRegistry.of([trigger, pass, merge, gate, switchLike, stickyNote]);

function node(name: string, type = 'test.pass', extra: Partial<WorkflowNode> = {}): WorkflowNode {
  return { name, type, typeVersion: 1, parameters: {}, ...extra };
}

/** `edges`: [from, to, output?, input?]. */
function doc(nodes: WorkflowNode[], edges: Array<[string, string, number?, number?]>, extra: Partial<WorkflowDocument> = {}): WorkflowDocument {
  const connections: WorkflowDocument['connections'] = {};
  for (const [from, to, output = 0, input = 0] of edges) {
    const outputs = ((connections[from] ??= { main: [] }).main ??= []);
    while (outputs.length <= output) outputs.push([]);
    outputs[output]!.push({ node: to, type: 'main', index: input });
  }
  return { name: 'graph test', nodes, connections, ...extra };
}

/** Edges written with node names, for readable assertions. */
function named(plan: ExecutionPlan, edges: ReadonlyArray<{ from: number; output: number; to: number; input: number }>): string[] {
  return edges.map((e) => `${plan.nodes[e.from]!.name}[${e.output}]→${plan.nodes[e.to]!.name}[${e.input}]`);
}

function upstreamNames(plan: ExecutionPlan, name: string, input: number): string[] {
  const set = plan.upstream[plan.byName.get(name)!.index]![input]!;
  return [...set].map((index) => plan.nodes[index]!.name).sort();
}

describe('buildPlan', () => {
  it('resolves edges per output and per input', () => {
    const plan = buildPlan(
      doc(
        [node('T', 'test.trigger'), node('G', 'test.gate'), node('A'), node('B'), node('M', 'test.merge')],
        [['T', 'G'], ['G', 'A', 0], ['G', 'B', 1], ['G', 'M', 1, 1], ['A', 'M', 0, 0]],
      ),
      registry,
    );
    expect(plan.nodes.map((n) => n.name)).toEqual(['T', 'G', 'A', 'B', 'M']);
    expect(plan.nodes.map((n) => n.index)).toEqual([0, 1, 2, 3, 4]);
    const g = plan.byName.get('G')!;
    expect(g.inputCount).toBe(1);
    expect(g.outputCount).toBe(2);
    expect(g.outgoing.map((edges) => named(plan, edges))).toEqual([['G[0]→A[0]'], ['G[1]→B[0]', 'G[1]→M[1]']]);
    expect(g.incoming.map((edges) => named(plan, edges))).toEqual([['T[0]→G[0]']]);
    const m = plan.byName.get('M')!;
    expect(m.inputCount).toBe(2);
    expect(m.incoming.map((edges) => named(plan, edges))).toEqual([['A[0]→M[0]'], ['G[1]→M[1]']]);
    expect(m.outgoing).toEqual([[]]);
    expect(plan.byName.get('T')!.incoming).toEqual([]);
    expect(plan.byName.get('T')!.outgoing[0]).toEqual([{ from: 0, output: 0, to: 1, input: 0 }]);
  });

  it('keeps the order in which the workflow lists targets', () => {
    const plan = buildPlan(doc([node('T', 'test.trigger'), node('C'), node('A'), node('B')], [['T', 'B'], ['T', 'A'], ['T', 'C']]), registry);
    expect(named(plan, plan.byName.get('T')!.outgoing[0]!)).toEqual(['T[0]→B[0]', 'T[0]→A[0]', 'T[0]→C[0]']);
  });

  it('uses parameter-dependent output counts', () => {
    const plan = buildPlan(
      doc([node('T', 'test.trigger'), node('S', 'test.switch', { parameters: { outputs: 3 } }), node('A')], [['T', 'S'], ['S', 'A', 2]]),
      registry,
    );
    const s = plan.byName.get('S')!;
    expect(s.outputCount).toBe(3);
    expect(s.outgoing.map((edges) => named(plan, edges))).toEqual([[], [], ['S[2]→A[0]']]);
  });

  it('leaves sticky notes out and re-indexes the other nodes', () => {
    const plan = buildPlan(
      doc([node('Note', 'n8n-nodes-base.stickyNote'), node('T', 'test.trigger'), node('Note 2', 'n8n-nodes-base.stickyNote'), node('A')], [['T', 'A']]),
      registry,
    );
    expect(plan.nodes.map((n) => [n.index, n.name])).toEqual([
      [0, 'T'],
      [1, 'A'],
    ]);
    expect(plan.byName.has('Note')).toBe(false);
    expect(plan.byName.get('A')!.incoming).toEqual([[{ from: 0, output: 0, to: 1, input: 0 }]]);
  });

  it('computes upstream sets with every ancestor, per input', () => {
    // T → A → B → M[0];  T → C → M[1];  X (a second trigger) → C
    const plan = buildPlan(
      doc(
        [node('T', 'test.trigger'), node('X', 'test.trigger'), node('A'), node('B'), node('C'), node('M', 'test.merge'), node('After')],
        [['T', 'A'], ['A', 'B'], ['B', 'M', 0, 0], ['T', 'C'], ['X', 'C'], ['C', 'M', 0, 1], ['M', 'After']],
      ),
      registry,
    );
    expect(upstreamNames(plan, 'M', 0)).toEqual(['A', 'B', 'T']);
    expect(upstreamNames(plan, 'M', 1)).toEqual(['C', 'T', 'X']);
    // Single-input nodes never wait for a starved input, so their sets are not built.
    expect(plan.upstream[plan.byName.get('After')!.index]).toEqual([]);
    expect(plan.upstream[plan.byName.get('A')!.index]).toEqual([]);
    expect(plan.upstream[plan.byName.get('T')!.index]).toEqual([]);
    expect(plan.upstream).toHaveLength(plan.nodes.length);
  });

  it('includes a node in its own upstream set when it is on a cycle', () => {
    // T → M[0];  M → G;  G (output 1) → M[1]
    const plan = buildPlan(doc([node('T', 'test.trigger'), node('M', 'test.merge'), node('G', 'test.gate')], [['T', 'M', 0, 0], ['M', 'G'], ['G', 'M', 1, 1]]), registry);
    expect(upstreamNames(plan, 'M', 0)).toEqual(['T']);
    expect(upstreamNames(plan, 'M', 1)).toEqual(['G', 'M', 'T']);
  });

  it('adds an error output after the main outputs with onError: continueErrorOutput', () => {
    const plan = buildPlan(
      doc(
        [
          node('T', 'test.trigger'),
          node('P', 'test.pass', { onError: 'continueErrorOutput' }),
          node('G', 'test.gate', { onError: 'continueErrorOutput' }),
          node('R', 'test.pass', { onError: 'continueRegularOutput' }),
          node('OK'),
          node('ERR'),
        ],
        [['T', 'P'], ['P', 'OK', 0], ['P', 'ERR', 1], ['T', 'G'], ['G', 'ERR', 2], ['T', 'R']],
      ),
      registry,
    );
    const p = plan.byName.get('P')!;
    expect([p.outputCount, p.errorOutput]).toEqual([2, 1]);
    expect(p.outgoing.map((edges) => named(plan, edges))).toEqual([['P[0]→OK[0]'], ['P[1]→ERR[0]']]);
    const g = plan.byName.get('G')!;
    expect([g.outputCount, g.errorOutput]).toEqual([3, 2]);
    expect(named(plan, g.outgoing[2]!)).toEqual(['G[2]→ERR[0]']);
    const r = plan.byName.get('R')!;
    expect([r.outputCount, r.errorOutput]).toEqual([1, undefined]);
    expect(plan.byName.get('OK')!.errorOutput).toBeUndefined();
  });

  it('resolves required inputs: the spec rule, else every input', () => {
    const plan = buildPlan(doc([node('T', 'test.trigger'), node('M', 'test.merge'), node('A')], [['T', 'M'], ['T', 'A']]), registry);
    expect(plan.byName.get('M')!.requiredInputs).toBe(1);
    expect(plan.byName.get('A')!.requiredInputs).toBe(1);
    expect(plan.byName.get('T')!.requiredInputs).toBe(0);
  });

  it('defaults the execution order to v0 and honours v1', () => {
    const nodes = [node('T', 'test.trigger')];
    expect(buildPlan(doc(nodes, []), registry).order).toBe('v0');
    expect(buildPlan(doc(nodes, [], { settings: {} }), registry).order).toBe('v0');
    expect(buildPlan(doc(nodes, [], { settings: { executionOrder: 'v0' } }), registry).order).toBe('v0');
    expect(buildPlan(doc(nodes, [], { settings: { executionOrder: 'v1' } }), registry).order).toBe('v1');
  });

  it('keeps the workflow it was built from', () => {
    const workflow = doc([node('T', 'test.trigger')], []);
    expect(buildPlan(workflow, registry).workflow).toBe(workflow);
  });

  it('throws for a node type the registry does not know', () => {
    expect(() => buildPlan(doc([node('T', 'test.nope')], []), registry)).toThrow('Unknown node type "test.nope"');
  });
});
