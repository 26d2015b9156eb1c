import { describe, expect, it } from 'vitest';
import { InvalidWorkflowError, type WorkflowProblem } from '../errors/index.js';
import { NodeRegistry, type NodeTypeSpec } from '../node-api/index.js';
import { stickyNote } from '../../nodes/sticky-note/sticky-note.js';
import { assertValidWorkflow, validateWorkflow } from './validate.js';

const passItems: NodeTypeSpec['execute'] = (_ctx, inputs) => [[...(inputs[0] ?? [])]];

const trigger: NodeTypeSpec = { type: 'test.trigger', versions: [1], displayName: 'Trigger', trigger: true, inputs: 0, outputs: 1, execute: () => [[{ json: {} }]] };
const pass: NodeTypeSpec = { type: 'test.pass', versions: [1, 2], displayName: 'Pass', inputs: 1, outputs: 1, execute: passItems };
const merge: NodeTypeSpec = { type: 'test.merge', versions: [1], displayName: 'Merge', inputs: 2, outputs: 1, execute: passItems };
const gate: NodeTypeSpec = { type: 'test.gate', versions: [1], displayName: 'Gate', mayStopFlow: true, inputs: 1, outputs: 2, execute: passItems };
const typed: NodeTypeSpec = {
  type: 'test.typed',
  versions: [1],
  displayName: 'Typed',
  inputs: 1,
  outputs: 1,
  parameters: { count: 'number', mode: 'options' },
  execute: passItems,
};

const registry = NodeRegistry.of([trigger, pass, merge, gate, typed, stickyNote]);

type Node = Record<string, unknown>;
type Target = { node: string; type?: string; index?: number };

function node(name: string, type = 'test.pass', extra: Node = {}): Node {
  return { name, type, typeVersion: 1, parameters: {}, ...extra };
}

/** `edges`: [from, to, output?, input?]. */
function connect(edges: Array<[string, string, number?, number?]>): Record<string, { main: Target[][] }> {
  const connections: Record<string, { main: Target[][] }> = {};
  for (const [from, to, output = 0, input = 0] of edges) {
    const outputs = (connections[from] ??= { main: [] }).main;
    while (outputs.length <= output) outputs.push([]);
    outputs[output]!.push({ node: to, type: 'main', index: input });
  }
  return connections;
}

function workflow(nodes: unknown[], edges: Array<[string, string, number?, number?]> = [], extra: Node = {}): Node {
  return { name: 'test', nodes, connections: connect(edges), ...extra };
}

const T = node('T', 'test.trigger');

function validate(document: unknown): WorkflowProblem[] {
  return validateWorkflow(document, registry);
}

describe('validateWorkflow: a valid workflow', () => {
  it('reports nothing for trigger → pass → merge ← gate', () => {
    const doc = workflow(
      [T, node('A'), node('G', 'test.gate'), node('M', 'test.merge'), node('S', 'n8n-nodes-base.stickyNote', { parameters: { content: 'hi' } })],
      [
        ['T', 'A'],
        ['A', 'G'],
        ['G', 'M', 0, 0],
        ['G', 'M', 1, 1],
      ],
      { settings: { executionOrder: 'v1' }, pinData: { A: [{ json: { x: 1 } }] } },
    );
    expect(validate(doc)).toEqual([]);
    expect(() => assertValidWorkflow(doc, registry)).not.toThrow();
  });

  it('accepts a workflow without connections or parameters', () => {
    expect(validate({ nodes: [{ name: 'T', type: 'test.trigger', typeVersion: 1 }] })).toEqual([]);
  });
});

describe('validateWorkflow: document shape', () => {
  it.each([null, 42, 'text', [], [T]])('rejects %j as not an object', (document) => {
    expect(validate(document)).toEqual([{ path: '$', message: 'A workflow must be a JSON object' }]);
  });

  it('rejects a missing nodes array', () => {
    expect(validate({ connections: {} })).toEqual([{ path: 'nodes', message: 'A workflow needs a "nodes" array' }]);
  });

  it('rejects nodes that is not an array', () => {
    expect(validate({ nodes: { T } })).toEqual([{ path: 'nodes', message: 'A workflow needs a "nodes" array' }]);
  });

  it('rejects connections that are not an object', () => {
    expect(validate({ nodes: [T], connections: [] })).toEqual([
      { path: 'connections', message: '"connections" must be an object keyed by source node name' },
    ]);
  });

  it('rejects settings that are not an object', () => {
    expect(validate(workflow([T], [], { settings: 'v1' }))).toEqual([{ path: 'settings', message: '"settings" must be an object' }]);
  });

  it('rejects an invalid settings.executionOrder', () => {
    expect(validate(workflow([T], [], { settings: { executionOrder: 'v2' } }))).toEqual([
      { path: 'settings.executionOrder', message: 'executionOrder must be "v0" or "v1", got "v2"' },
    ]);
    expect(validate(workflow([T], [], { settings: { executionOrder: 1 } }))).toEqual([
      { path: 'settings.executionOrder', message: 'executionOrder must be "v0" or "v1", got 1' },
    ]);
  });

  it('accepts executionOrder v0, v1, absent, and null settings', () => {
    expect(validate(workflow([T], [], { settings: { executionOrder: 'v0' } }))).toEqual([]);
    expect(validate(workflow([T], [], { settings: { executionOrder: 'v1' } }))).toEqual([]);
    expect(validate(workflow([T], [], { settings: {} }))).toEqual([]);
    expect(validate(workflow([T], [], { settings: null }))).toEqual([]);
  });
});

describe('validateWorkflow: node shape', () => {
  it('rejects a node that is not an object', () => {
    expect(validate(workflow([T, 5]))).toEqual([{ path: 'nodes[1]', message: 'A node must be an object' }]);
    expect(validate(workflow([T, null]))).toEqual([{ path: 'nodes[1]', message: 'A node must be an object' }]);
    expect(validate(workflow([T, ['A']]))).toEqual([{ path: 'nodes[1]', message: 'A node must be an object' }]);
  });

  it('rejects a node without a name, or with an empty or non-string name', () => {
    const expected = [{ path: 'nodes[1].name', message: 'A node needs a non-empty "name" string' }];
    expect(validate(workflow([T, { type: 'test.pass', typeVersion: 1, parameters: {} }]))).toEqual(expected);
    expect(validate(workflow([T, node('')]))).toEqual(expected);
    expect(validate(workflow([T, { ...node('x'), name: 7 }]))).toEqual(expected);
  });

  it('rejects a node without a type', () => {
    const expected = [{ path: 'nodes[1].type', node: 'A', message: 'Node "A" needs a "type" string' }];
    expect(validate(workflow([T, { name: 'A', typeVersion: 1, parameters: {} }]))).toEqual(expected);
    expect(validate(workflow([T, node('A', '')]))).toEqual(expected);
  });

  it('rejects a node without a numeric typeVersion', () => {
    const expected = [{ path: 'nodes[1].typeVersion', node: 'A', message: 'Node "A" needs a numeric "typeVersion"' }];
    expect(validate(workflow([T, { name: 'A', type: 'test.pass', parameters: {} }]))).toEqual(expected);
    expect(validate(workflow([T, node('A', 'test.pass', { typeVersion: '1' })]))).toEqual(expected);
    expect(validate(workflow([T, node('A', 'test.pass', { typeVersion: Number.NaN })]))).toEqual(expected);
  });

  it('rejects parameters that are not an object', () => {
    const expected = [{ path: 'nodes[1].parameters', node: 'A', message: 'Node "A": "parameters" must be an object' }];
    expect(validate(workflow([T, node('A', 'test.pass', { parameters: [] })]))).toEqual(expected);
    expect(validate(workflow([T, node('A', 'test.pass', { parameters: 'x' })]))).toEqual(expected);
    expect(validate(workflow([T, node('A', 'test.pass', { parameters: null })]))).toEqual(expected);
  });

  it('rejects node settings of the wrong type', () => {
    const doc = workflow([T, node('A', 'test.pass', { disabled: 'yes', retryOnFail: 1, maxTries: '3', waitBetweenTries: Number.POSITIVE_INFINITY, continueOnFail: null })]);
    expect(validate(doc)).toEqual([
      { path: 'nodes[1].disabled', node: 'A', message: 'Node "A": "disabled" must be true or false' },
      { path: 'nodes[1].continueOnFail', node: 'A', message: 'Node "A": "continueOnFail" must be true or false' },
      { path: 'nodes[1].retryOnFail', node: 'A', message: 'Node "A": "retryOnFail" must be true or false' },
      { path: 'nodes[1].maxTries', node: 'A', message: 'Node "A": "maxTries" must be a number' },
      { path: 'nodes[1].waitBetweenTries', node: 'A', message: 'Node "A": "waitBetweenTries" must be a number' },
    ]);
  });

  it('accepts node settings of the right type', () => {
    const doc = workflow(
      [T, node('A', 'test.pass', { disabled: false, retryOnFail: true, maxTries: 3, waitBetweenTries: 1000, alwaysOutputData: true, executeOnce: false, onError: 'continueRegularOutput' })],
      [['T', 'A']],
    );
    expect(validate(doc)).toEqual([]);
  });

  it('rejects an unknown onError mode', () => {
    expect(validate(workflow([T, node('A', 'test.pass', { onError: 'ignore' })]))).toEqual([
      {
        path: 'nodes[1].onError',
        node: 'A',
        message: 'Node "A": onError must be one of stopWorkflow, continueRegularOutput, continueErrorOutput, got "ignore"',
      },
    ]);
  });

  it('rejects an unknown node type', () => {
    expect(validate(workflow([T, node('A', 'test.nope')]))).toEqual([
      { path: 'nodes[1].type', node: 'A', message: 'Node "A": unknown node type "test.nope"' },
    ]);
  });

  it('rejects an unknown version and lists the known ones', () => {
    expect(validate(workflow([T, node('A', 'test.pass', { typeVersion: 3 })]))).toEqual([
      { path: 'nodes[1].typeVersion', node: 'A', message: 'Node "A": type "test.pass" has no version 3 (known versions: 1, 2)' },
    ]);
  });

  it('accepts every registered version', () => {
    expect(validate(workflow([T, node('A', 'test.pass', { typeVersion: 2 })], [['T', 'A']]))).toEqual([]);
  });

  it('rejects duplicate node names, pointing at the later node', () => {
    expect(validate(workflow([T, node('A'), node('A')], [['T', 'A']]))).toEqual([
      { path: 'nodes[2].name', node: 'A', message: 'Duplicate node name "A" (also nodes[1]): node names must be unique' },
    ]);
  });
});

describe('validateWorkflow: parameters', () => {
  it('rejects parameters of the wrong kind', () => {
    const doc = workflow([T, node('P', 'test.typed', { parameters: { count: '5', mode: true } })], [['T', 'P']]);
    expect(validate(doc)).toEqual([
      { path: 'nodes[1].parameters.count', node: 'P', message: 'Node "P": parameter "count" must be a number, got string "5"' },
      { path: 'nodes[1].parameters.mode', node: 'P', message: 'Node "P": parameter "mode" must be one of its options (a string), got boolean true' },
    ]);
  });

  it('describes objects and arrays in the message', () => {
    expect(validate(workflow([T, node('P', 'test.typed', { parameters: { count: {} } })], [['T', 'P']]))).toEqual([
      { path: 'nodes[1].parameters.count', node: 'P', message: 'Node "P": parameter "count" must be a number, got an object' },
    ]);
    expect(validate(workflow([T, node('P', 'test.typed', { parameters: { mode: ['a'] } })], [['T', 'P']]))).toEqual([
      { path: 'nodes[1].parameters.mode', node: 'P', message: 'Node "P": parameter "mode" must be one of its options (a string), got an array' },
    ]);
  });

  it('accepts expressions, matching kinds, numeric options and absent or null values', () => {
    const accepted = [{ count: '={{ $json.n }}', mode: '={{ "a" }}' }, { count: 5, mode: 'fast' }, { mode: 2 }, {}, { count: null }];
    for (const parameters of accepted) {
      expect(validate(workflow([T, node('P', 'test.typed', { parameters })], [['T', 'P']])), JSON.stringify(parameters)).toEqual([]);
    }
  });

  it('does not treat a string merely containing "=" as an expression', () => {
    expect(validate(workflow([T, node('P', 'test.typed', { parameters: { count: '5=5' } })], [['T', 'P']]))).toEqual([
      { path: 'nodes[1].parameters.count', node: 'P', message: 'Node "P": parameter "count" must be a number, got string "5=5"' },
    ]);
  });
});

describe('validateWorkflow: connections', () => {
  it('rejects a connection from a node that does not exist', () => {
    expect(validate(workflow([T, node('A')], [['T', 'A'], ['Ghost', 'A']]))).toEqual([
      { path: 'connections["Ghost"]', node: 'Ghost', message: 'Connection from node "Ghost", which does not exist' },
    ]);
  });

  it('rejects a connection to a node that does not exist', () => {
    expect(validate(workflow([T, node('A')], [['T', 'A'], ['T', 'Ghost']]))).toEqual([
      { path: 'connections["T"].main[0][1].node', node: 'T', message: 'Node "T" connects to node "Ghost", which does not exist' },
    ]);
  });

  it('rejects an input index beyond the target node inputs', () => {
    expect(validate(workflow([T, node('A')], [['T', 'A', 0, 1]]))).toEqual([
      { path: 'connections["T"].main[0][0].index', node: 'A', message: 'Node "T" connects to input 1 of "A", which has 1 input' },
    ]);
    expect(validate(workflow([T, node('M', 'test.merge')], [['T', 'M', 0, 1], ['T', 'M', 0, 2]]))).toEqual([
      { path: 'connections["T"].main[0][1].index', node: 'M', message: 'Node "T" connects to input 2 of "M", which has 2 inputs' },
    ]);
  });

  it('rejects a connection into a trigger (0 inputs)', () => {
    expect(validate(workflow([T, node('A'), node('T2', 'test.trigger')], [['T', 'A'], ['A', 'T2']]))).toEqual([
      { path: 'connections["A"].main[0][0].index', node: 'T2', message: 'Node "A" connects to input 0 of "T2", which has 0 inputs' },
    ]);
  });

  it('rejects an invalid input index value', () => {
    const doc = workflow([T, node('A')], [], { connections: { T: { main: [[{ node: 'A', type: 'main', index: -1 }, { node: 'A', type: 'main', index: '0' }]] } } });
    expect(validate(doc)).toEqual([
      { path: 'connections["T"].main[0][0].index', node: 'T', message: 'Connection to "A" has an invalid input index -1' },
      { path: 'connections["T"].main[0][1].index', node: 'T', message: 'Connection to "A" has an invalid input index "0"' },
    ]);
  });

  it('defaults a missing input index to 0', () => {
    expect(validate(workflow([T, node('A')], [], { connections: { T: { main: [[{ node: 'A', type: 'main' }]] } } }))).toEqual([]);
  });

  it('rejects malformed connection entries', () => {
    const doc = workflow([T, node('A'), node('B')], [], {
      connections: { T: { main: [[{ type: 'main', index: 0 }], 'x'] }, A: 'x', B: { main: {} } },
    });
    expect(validate(doc)).toEqual([
      { path: 'connections["T"].main[0][0]', node: 'T', message: 'Connection target must be {node, type, index}' },
      { path: 'connections["T"].main[1]', node: 'T', message: 'Output 1 of "T" must be an array of targets' },
      { path: 'connections["A"]', node: 'A', message: 'Connections of "A" must be an object keyed by connection type' },
      { path: 'connections["B"].main', node: 'B', message: 'Connections of "B" (main) must be an array of outputs' },
    ]);
  });

  it('rejects a connected output beyond the node outputs', () => {
    expect(validate(workflow([T, node('A')], [['T', 'A', 1]]))).toEqual([
      { path: 'connections["T"].main[1]', node: 'T', message: 'Node "T" has 1 output, but output 1 is connected' },
    ]);
    expect(validate(workflow([T, node('G', 'test.gate'), node('A')], [['T', 'G'], ['G', 'A', 2]]))).toEqual([
      { path: 'connections["G"].main[2]', node: 'G', message: 'Node "G" has 2 outputs, but output 2 is connected' },
    ]);
  });

  it('allows empty and null entries beyond the node outputs', () => {
    const doc = workflow([T, node('A')], [], { connections: { T: { main: [[{ node: 'A', type: 'main', index: 0 }], [], null] } } });
    expect(validate(doc)).toEqual([]);
  });

  it('counts the error output that onError: continueErrorOutput adds', () => {
    const nodes = (onError?: string): unknown[] => [T, node('A', 'test.pass', onError ? { onError } : {}), node('OK'), node('ERR')];
    const edges: Array<[string, string, number?, number?]> = [['T', 'A'], ['A', 'OK', 0], ['A', 'ERR', 1]];
    expect(validate(workflow(nodes('continueErrorOutput'), edges))).toEqual([]);
    expect(validate(workflow(nodes(), edges))).toEqual([
      { path: 'connections["A"].main[1]', node: 'A', message: 'Node "A" has 1 output, but output 1 is connected' },
    ]);
    expect(validate(workflow(nodes('continueRegularOutput'), edges))).toEqual([
      { path: 'connections["A"].main[1]', node: 'A', message: 'Node "A" has 1 output, but output 1 is connected' },
    ]);
    expect(validate(workflow(nodes('continueErrorOutput'), [...edges, ['A', 'ERR', 2]]))).toEqual([
      { path: 'connections["A"].main[2]', node: 'A', message: 'Node "A" has 2 outputs, but output 2 is connected' },
    ]);
  });

  it('does not check counts of non-main connection types', () => {
    const doc = workflow([T, node('A')], [['T', 'A']], {});
    (doc.connections as Record<string, Record<string, unknown>>).T!.ai_tool = [[], [{ node: 'A', type: 'ai_tool', index: 5 }]];
    expect(validate(doc)).toEqual([]);
  });
});

describe('validateWorkflow: start node', () => {
  const noStart = { path: 'nodes', message: 'The workflow has no start node: add a trigger (e.g. Manual Trigger) that is not disabled' };

  it('requires a trigger', () => {
    expect(validate(workflow([node('A'), node('B')], [['A', 'B']]))).toEqual([noStart]);
  });

  it('does not count a disabled trigger', () => {
    expect(validate(workflow([node('T', 'test.trigger', { disabled: true }), node('A')], [['T', 'A']]))).toEqual([noStart]);
  });

  it('accepts one enabled trigger among disabled ones', () => {
    expect(validate(workflow([node('T0', 'test.trigger', { disabled: true }), T, node('A')], [['T', 'A']]))).toEqual([]);
  });

  it('rejects a workflow with no nodes, or only sticky notes', () => {
    const empty = { path: 'nodes', message: 'The workflow has no nodes to run' };
    expect(validate(workflow([]))).toEqual([empty]);
    expect(validate(workflow([node('Note', 'n8n-nodes-base.stickyNote')]))).toEqual([empty]);
  });
});

describe('validateWorkflow: cycles', () => {
  const endless = (names: string[]): string =>
    `Endless loop: ${names.map((n) => `"${n}"`).join(' → ')} → "${names[0]}" always pass items on, so this cycle can never end. Put a condition (If, Filter, Switch) or a Loop Over Items node on it.`;

  it('rejects an endless cycle of nodes that always pass items on, naming its nodes', () => {
    const doc = workflow([T, node('A'), node('B'), node('C')], [['T', 'A'], ['A', 'B'], ['B', 'C'], ['C', 'A']]);
    expect(validate(doc)).toEqual([{ path: 'nodes[1]', node: 'A', message: endless(['A', 'B', 'C']) }]);
  });

  it('accepts a cycle through a node with mayStopFlow', () => {
    const doc = workflow([T, node('A'), node('G', 'test.gate'), node('Done')], [['T', 'A'], ['A', 'G'], ['G', 'A', 1], ['G', 'Done', 0]]);
    expect(validate(doc)).toEqual([]);
  });

  it('rejects a self-loop of a pass-through node', () => {
    expect(validate(workflow([T, node('A')], [['T', 'A'], ['A', 'A']]))).toEqual([{ path: 'nodes[1]', node: 'A', message: endless(['A']) }]);
  });

  it('accepts a self-loop of a mayStopFlow node', () => {
    expect(validate(workflow([T, node('G', 'test.gate')], [['T', 'G'], ['G', 'G', 1]]))).toEqual([]);
  });

  it('reports each endless cycle separately', () => {
    const doc = workflow(
      [T, node('A'), node('B'), node('C'), node('D')],
      [['T', 'A'], ['A', 'B'], ['B', 'A'], ['T', 'C'], ['C', 'D'], ['D', 'C']],
    );
    const problems = validate(doc);
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual({ path: 'nodes[1]', node: 'A', message: endless(['A', 'B']) });
    expect(problems).toContainEqual({ path: 'nodes[3]', node: 'C', message: endless(['C', 'D']) });
  });

  // BUG (validate.ts checkEndlessCycles): an edge from the error output of a node with
  // `onError: continueErrorOutput` only carries items when that node fails, so a cycle through it can end
  // (n8n's usual "retry on error" pattern: Request --error--> Wait --> Request). The validator treats the edge
  // like any other and rejects the workflow as an endless loop.
  it('accepts a retry loop that goes through an error output', () => {
    const doc = workflow(
      [T, node('Request', 'test.pass', { onError: 'continueErrorOutput' }), node('Wait'), node('Done')],
      [['T', 'Request'], ['Request', 'Done', 0], ['Request', 'Wait', 1], ['Wait', 'Request']],
    );
    expect(validate(doc)).toEqual([]);
  });

  it('does not see a cycle through a connection that was rejected', () => {
    // B → A on input 1 is invalid (A has one input), so it is not an edge of the graph.
    const problems = validate(workflow([T, node('A'), node('B')], [['T', 'A'], ['A', 'B'], ['B', 'A', 0, 1]]));
    expect(problems).toEqual([
      { path: 'connections["B"].main[0][0].index', node: 'A', message: 'Node "B" connects to input 1 of "A", which has 1 input' },
    ]);
  });
});

describe('validateWorkflow: pinData', () => {
  it('rejects pinned data for a node that does not exist', () => {
    expect(validate(workflow([T], [], { pinData: { T: [], Ghost: [{ json: {} }] } }))).toEqual([
      { path: 'pinData["Ghost"]', node: 'Ghost', message: 'Pinned data for node "Ghost", which does not exist' },
    ]);
  });

  it('rejects pinned data that is not an array', () => {
    expect(validate(workflow([T], [], { pinData: { T: { json: {} } } }))).toEqual([
      { path: 'pinData["T"]', node: 'T', message: 'Pinned data of "T" must be an array of items' },
    ]);
  });

  it('rejects pinData that is not an object', () => {
    expect(validate(workflow([T], [], { pinData: [] }))).toEqual([{ path: 'pinData', message: '"pinData" must be an object keyed by node name' }]);
  });
});

describe('validateWorkflow: every problem at once', () => {
  it('reports three problems from one workflow', () => {
    const doc = workflow([T, node('A', 'test.pass', { typeVersion: 9 }), node('B', 'test.pass', { maxTries: 'x' })], [['T', 'B'], ['B', 'Ghost']]);
    expect(validate(doc)).toEqual([
      { path: 'nodes[1].typeVersion', node: 'A', message: 'Node "A": type "test.pass" has no version 9 (known versions: 1, 2)' },
      { path: 'nodes[2].maxTries', node: 'B', message: 'Node "B": "maxTries" must be a number' },
      { path: 'connections["B"].main[0][0].node', node: 'B', message: 'Node "B" connects to node "Ghost", which does not exist' },
    ]);
  });

  it('reports problems of every stage together', () => {
    const doc = workflow(
      [node('A'), node('A'), 'oops', node('B'), node('P', 'test.typed', { parameters: { count: true } })],
      [['A', 'B'], ['B', 'A'], ['Nope', 'A']],
      { settings: { executionOrder: 'v9' }, pinData: { Ghost: [] } },
    );
    expect(validate(doc).map((p) => p.path)).toEqual([
      'settings.executionOrder',
      'nodes[2]',
      'nodes[4].parameters.count',
      'nodes[1].name',
      'connections["Nope"]',
      'nodes',
      'nodes[0]',
      'pinData["Ghost"]',
    ]);
  });
});

describe('assertValidWorkflow', () => {
  it('throws InvalidWorkflowError carrying every problem', () => {
    const doc = workflow([node('A', 'test.nope'), node('B')], [['A', 'Ghost']]);
    let caught: unknown;
    try {
      assertValidWorkflow(doc, registry);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidWorkflowError);
    const error = caught as InvalidWorkflowError;
    expect(error.code).toBe('WEFT_E_INVALID_WORKFLOW');
    expect(error.problems).toEqual([
      { path: 'nodes[0].type', node: 'A', message: 'Node "A": unknown node type "test.nope"' },
      { path: 'connections["A"].main[0][0].node', node: 'A', message: 'Node "A" connects to node "Ghost", which does not exist' },
    ]);
    expect(error.message).toBe(
      'The workflow is invalid (2 problems):\n' +
        '- nodes[0].type: Node "A": unknown node type "test.nope"\n' +
        '- connections["A"].main[0][0].node: Node "A" connects to node "Ghost", which does not exist',
    );
  });

  it('uses the singular for one problem', () => {
    expect(() => assertValidWorkflow({}, registry)).toThrow('The workflow is invalid (1 problem):\n- nodes: A workflow needs a "nodes" array');
  });
});
