import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { runSort } from '../shared/item-ops/index.js';

/** Sort: orders items by fields, randomly, or by user code. */
export const sort: NodeTypeSpec = {
  type: 'n8n-nodes-base.sort',
  versions: [1],
  displayName: 'Sort',
  description: 'Change items order',
  inputs: 1,
  outputs: 1,
  parameters: { type: 'options', sortFieldsUi: 'object', code: 'string', options: 'object' },
  execute: async (ctx, inputs) => [await runSort(ctx, inputs[0] ?? [])],
};
