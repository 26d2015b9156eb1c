import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { itemListsBase, runItemLists, type ItemListsBehaviour } from './operations.js';

/**
 * Item Lists v2–v2.2. Split Out Items splits several comma-separated fields and object values; v2.1 stopped failing
 * on missing fields (Split Out gives nothing, Concatenate an empty list, Summarize counts 0); v2.2 splits a single
 * value as a one-element list instead of failing.
 */
function behaviour(typeVersion: number): ItemListsBehaviour {
  const strict = typeVersion < 2.1;
  return {
    aggregate: { requireFields: strict },
    splitOut: { legacy: false, missingField: strict ? 'error' : 'empty', scalarValue: typeVersion < 2.2 ? 'error' : 'wrap', current: false },
    removeDuplicates: { lenientNulls: false, orderByType: false },
    summarize: { flavour: 'itemLists', requireFields: () => strict },
  };
}

/** Item Lists v2, v2.1, v2.2. */
export const itemListsV2: NodeTypeSpec = {
  ...itemListsBase,
  versions: [2, 2.1, 2.2],
  execute: async (ctx, inputs) => [await runItemLists(ctx, inputs[0] ?? [], behaviour(ctx.typeVersion))],
};
