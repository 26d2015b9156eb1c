import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { runLimit } from '../shared/item-ops/index.js';

/** Limit: keeps at most "Max Items" items, from the start or the end. */
export const limit: NodeTypeSpec = {
  type: 'n8n-nodes-base.limit',
  versions: [1],
  displayName: 'Limit',
  description: 'Restrict the number of items',
  inputs: 1,
  outputs: 1,
  parameters: { maxItems: 'number', keep: 'options' },
  execute: (ctx, inputs) => [runLimit(ctx, inputs[0] ?? [])],
};
