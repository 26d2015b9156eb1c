import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { itemListsBase, runItemLists, type ItemListsBehaviour } from './operations.js';

/**
 * Item Lists v1: Split Out Items takes one field holding an array; Concatenate and Summarize fail on fields no item
 * has; field lists are fixed collections (`{fields: [{fieldName}]}`).
 */
const behaviour: ItemListsBehaviour = {
  aggregate: { requireFields: true },
  splitOut: { legacy: true, missingField: 'error', scalarValue: 'error', current: false },
  removeDuplicates: { lenientNulls: false, orderByType: false },
  summarize: { flavour: 'itemLists', requireFields: () => true },
};

/** Item Lists v1. */
export const itemListsV1: NodeTypeSpec = {
  ...itemListsBase,
  versions: [1],
  execute: async (ctx, inputs) => [await runItemLists(ctx, inputs[0] ?? [], behaviour)],
};
