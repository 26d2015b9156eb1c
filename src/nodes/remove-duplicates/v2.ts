import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { failFor, runRemoveDuplicates } from '../shared/item-ops/index.js';
import { compareParameters } from './v1.js';

/** Operation values that compare items of the current input only (the second is an alias some exports use). */
const WITHIN_INPUT = new Set(['removeDuplicateInputItems', 'removeItemsRepeatedWithinCurrentInput']);

/**
 * Remove Duplicates v2. "Remove Duplicate Input Items" works as v1.1. The operations that remember key values
 * across executions need a persistent dedupe store, which Weft does not have yet: they fail with a clear error.
 */
export const removeDuplicatesV2: NodeTypeSpec = {
  type: 'n8n-nodes-base.removeDuplicates',
  versions: [2],
  displayName: 'Remove Duplicates',
  description: 'Delete items with matching field values',
  inputs: 1,
  outputs: 1,
  // Removing items seen in earlier executions can remove every item.
  mayStopFlow: true,
  parameters: { operation: 'options', ...compareParameters },
  execute: (ctx, inputs) => {
    const operation = String(ctx.getParameter<unknown>('operation', 0, 'removeDuplicateInputItems'));
    if (!WITHIN_INPUT.has(operation)) {
      return failFor(ctx.node.name)(`The operation '${operation}' is not supported by Weft yet`, {
        description: 'Removing items seen in previous executions needs a deduplication store, which Weft does not have yet',
      });
    }
    return [runRemoveDuplicates(ctx, inputs[0] ?? [], { lenientNulls: true, orderByType: false })];
  },
};
