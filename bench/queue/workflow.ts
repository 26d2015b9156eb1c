import type { WorkflowDocument } from '../../src/core/model/types.js';

/**
 * The benchmarked workflow: Manual Trigger → Set → If, three nodes with an expression each, no settings (so the
 * default saving policy applies: run data kept, a checkpoint per finished node).
 */
export const queueBenchWorkflow: WorkflowDocument = {
  name: 'queue bench',
  nodes: [
    { id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: 'set',
      name: 'Set',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [200, 0],
      parameters: {
        assignments: {
          assignments: [
            { id: 'a', name: 'n', value: '={{ $json.n ?? 1 }}', type: 'number' },
            { id: 'b', name: 'label', value: '=run {{ $execution.id }}', type: 'string' },
          ],
        },
        options: {},
      },
    },
    {
      id: 'if',
      name: 'If',
      type: 'n8n-nodes-base.if',
      typeVersion: 2,
      position: [400, 0],
      parameters: {
        conditions: {
          options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
          conditions: [{ id: 'c', leftValue: '={{ $json.n }}', rightValue: 0, operator: { type: 'number', operation: 'gt' } }],
          combinator: 'and',
        },
        options: {},
      },
    },
  ],
  connections: {
    Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
    Set: { main: [[{ node: 'If', type: 'main', index: 0 }]] },
  },
};
