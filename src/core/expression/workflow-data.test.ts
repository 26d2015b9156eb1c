import { describe, expect, it } from 'vitest';
import { WeftError } from '../errors/index.js';
import type { Item } from '../model/types.js';
import { fakeScope, items } from './fake-scope.test-util.js';
import { createWorkflowData } from './workflow-data.js';

function errorOf(fn: () => unknown): WeftError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WeftError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

/** Trigger → Customers (3 items) → Filter (keeps items 0 and 2) → Current. */
function chain(filterOutput: Item[] = [{ json: { id: 'a' }, pairedItem: { item: 0 } }, { json: { id: 'c' }, pairedItem: 2 }]) {
  return fakeScope({
    current: 'Current',
    nodes: [
      { name: 'Trigger', runs: [{ output: [[{ json: {} }]] }], to: ['Customers'] },
      {
        name: 'Customers',
        runs: [{ output: [['Ann', 'Bob', 'Cy'].map((name) => ({ json: { name }, pairedItem: 0 }))], input: [[{ json: {} }]], source: [{ previousNode: 'Trigger' }] }],
        to: ['Filter'],
      },
      {
        name: 'Filter',
        runs: [{ output: [filterOutput], input: [items({ name: 'Ann' }, { name: 'Bob' }, { name: 'Cy' })], source: [{ previousNode: 'Customers' }] }],
        to: ['Current'],
      },
    ],
    inputs: [filterOutput],
    source: [{ previousNode: 'Filter' }],
    itemIndex: 1,
  });
}

describe('createWorkflowData', () => {
  it('follows paired items back through several nodes', () => {
    const data = createWorkflowData(chain());
    expect(data.pairedItem('Filter').json).toEqual({ id: 'c' });
    expect(data.pairedItem('Customers').json).toEqual({ name: 'Cy' });
    expect(data.pairedItem('Customers', 0, 'itemMatching').json).toEqual({ name: 'Ann' });
    expect(data.pairedItem('Trigger').json).toEqual({});
  });

  it("reports pairings that point at items that do not exist", () => {
    const out = [{ json: { x: 1 }, pairedItem: 5 }];
    const scope = fakeScope({
      nodes: [{ name: 'Src', runs: [{ output: [items({ s: 1 })] }], to: ['Mid'] }, { name: 'Mid', runs: [{ output: [out], source: [{ previousNode: 'Src' }] }], to: ['Current'] }],
      inputs: [out],
      source: [{ previousNode: 'Mid' }],
    });
    expect(errorOf(() => createWorkflowData(scope).pairedItem('Src')).message).toBe("Can't get data for expression");
  });

  it('infers missing pairings when the counts match or the parent had one item', () => {
    const data = createWorkflowData(chain([{ json: { id: 'a' } }, { json: { id: 'b' } }, { json: { id: 'c' } }]));
    expect(data.pairedItem('Customers').json).toEqual({ name: 'Bob' });
  });

  it("fails with n8n's message when a pairing is missing and cannot be inferred", () => {
    const data = createWorkflowData(chain([{ json: { id: 'a' } }, { json: { id: 'b' } }]));
    const error = errorOf(() => data.pairedItem('Customers'));
    expect(error.message).toBe(
      "Paired item data for item from node 'Filter' is unavailable. Ensure 'Filter' is providing the required output.",
    );
    expect(error.details).toMatchObject({ nodeCause: 'Filter' });
  });

  it('reports several distinct matches', () => {
    const merged = [{ json: { total: 2 }, pairedItem: [{ item: 0 }, { item: 1 }] }];
    const scope = fakeScope({
      nodes: [
        { name: 'Customers', runs: [{ output: [items({ name: 'Ann' }, { name: 'Bob' })] }], to: ['Aggregate'] },
        { name: 'Aggregate', runs: [{ output: [merged], source: [{ previousNode: 'Customers' }] }], to: ['Current'] },
      ],
      inputs: [merged],
      source: [{ previousNode: 'Aggregate' }],
    });
    expect(errorOf(() => createWorkflowData(scope).pairedItem('Customers')).message).toBe('Multiple matching items for expression');
  });

  it('resolves an array of pairings leading to one item, and follows the second input of a merge', () => {
    const mergedOut = [{ json: { m: 1 }, pairedItem: [{ item: 0, input: 0 }, { item: 0, input: 1 }] }];
    const scope = fakeScope({
      nodes: [
        { name: 'Left', runs: [{ output: [items({ side: 'L' })] }], to: ['Merge'] },
        { name: 'Right', runs: [{ output: [items({ side: 'R' })] }], to: ['Merge'] },
        { name: 'Merge', runs: [{ output: [mergedOut], source: [{ previousNode: 'Left' }, { previousNode: 'Right' }] }], to: ['Current'] },
      ],
      inputs: [mergedOut],
      source: [{ previousNode: 'Merge' }],
    });
    const data = createWorkflowData(scope);
    expect(data.pairedItem('Right').json).toEqual({ side: 'R' });
    expect(data.pairedItem('Left').json).toEqual({ side: 'L' });
  });

  it('honours sourceOverwrite', () => {
    const out = [{ json: { x: 1 }, pairedItem: { item: 1, sourceOverwrite: { previousNode: 'Origin' } } }];
    const scope = fakeScope({
      nodes: [
        { name: 'Origin', runs: [{ output: [items({ o: 0 }, { o: 1 })] }] },
        { name: 'Sub', runs: [{ output: [out], source: [] }], to: ['Current'] },
      ],
      inputs: [out],
      source: [{ previousNode: 'Sub' }],
    });
    expect(createWorkflowData(scope).pairedItem('Origin').json).toEqual({ o: 1 });
  });

  it('reports unexecuted, unknown and unreachable nodes', () => {
    const scope = fakeScope({
      nodes: [
        { name: 'Later' },
        { name: 'Island', runs: [{ output: [items({ i: 1 })] }] },
        { name: 'Prev', runs: [{ output: [items({ p: 1 })], source: [] }], to: ['Current'] },
      ],
      inputs: [items({ p: 1 })],
      source: [{ previousNode: 'Prev' }],
    });
    const data = createWorkflowData(scope);
    const unexecuted = errorOf(() => data.pairedItem('Later'));
    expect(unexecuted.message).toBe('Referenced node is unexecuted');
    expect(unexecuted.details['description']).toContain("hasn't been executed yet");
    expect(errorOf(() => data.nodeAll('Nope')).message).toBe("Referenced node doesn't exist");
    expect(errorOf(() => data.pairedItem('Island')).message).toBe('Invalid expression');
    expect(errorOf(() => data.legacyNodeItem('Later')).message).toBe("Node 'Later' hasn't been executed");
  });

  it('picks the output that leads to the current node for all()', () => {
    const scope = fakeScope({
      nodes: [{ name: 'If', runs: [{ output: [items({ branch: 'true' }), items({ branch: 'false' })] }], to: [['Other'], ['Current']] }, { name: 'Other' }],
      source: [{ previousNode: 'If', previousNodeOutput: 1 }],
    });
    const data = createWorkflowData(scope);
    expect(data.nodeAll('If').map((item) => item.json)).toEqual([{ branch: 'false' }]);
    expect(data.nodeAll('If', 0).map((item) => item.json)).toEqual([{ branch: 'true' }]);
    expect(data.prevNode()).toEqual({ name: 'If', outputIndex: 1, runIndex: 0 });
  });

  it('fails like n8n for a run or branch the node never had', () => {
    const scope = fakeScope({
      nodes: [{ name: 'If', runs: [{ output: [items({ branch: 'true' }), items({ branch: 'false' })] }], to: [['Other'], ['Current']] }, { name: 'Other' }],
      source: [{ previousNode: 'If', previousNodeOutput: 1 }],
    });
    const data = createWorkflowData(scope);
    expect(data.nodeAll('If', 1, 0).map((item) => item.json)).toEqual([{ branch: 'false' }]);
    expect(errorOf(() => data.nodeAll('If', 0, 1)).message).toBe('Run 1 of node "If" not found');
    expect(errorOf(() => data.nodeAll('If', 5, 0)).message).toBe('Node "If" has no branch with index 5.');
  });

  it('gives the current input, parameters and state', () => {
    const scope = fakeScope({ nodes: [{ name: 'Current', parameters: { p: 1 }, state: { s: 2 } }], json: [{ a: 1 }, { a: 2 }], itemIndex: 1 });
    const data = createWorkflowData(scope);
    expect(data.json()).toEqual({ a: 2 });
    expect(data.inputAll()).toHaveLength(2);
    expect(data.inputFirst()?.json).toEqual({ a: 1 });
    expect(data.nodeParams('Current')).toEqual({ p: 1 });
    expect(data.nodeContext('Current')).toEqual({ s: 2 });
    expect(data.forItem(0).json()).toEqual({ a: 1 });
    expect(data.prevNode()).toBeUndefined();
  });
});
