import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { runSplitOut } from '../shared/item-ops/index.js';

/** Split Out: turns the lists (or object values, or binaries) inside items into separate items. */
export const splitOut: NodeTypeSpec = {
  type: 'n8n-nodes-base.splitOut',
  versions: [1],
  displayName: 'Split Out',
  description: 'Turn a list inside item(s) into separate items',
  inputs: 1,
  outputs: 1,
  // An empty or missing list gives no items.
  mayStopFlow: true,
  parameters: { fieldToSplitOut: 'string', include: 'options', fieldsToInclude: 'any', options: 'object' },
  execute: (ctx, inputs) => [runSplitOut(ctx, inputs[0] ?? [], { legacy: false, missingField: 'empty', scalarValue: 'wrap', current: true })],
};
