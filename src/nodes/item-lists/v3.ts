import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { itemListsBase, runItemLists, type ItemListsBehaviour } from './operations.js';

/**
 * Item Lists v3/v3.1: the operations of the standalone Aggregate ("Concatenate Items"), Split Out, Remove
 * Duplicates, Sort and Limit nodes, with field lists as comma-separated text. v3.1 Remove Duplicates orders values
 * of different types instead of failing.
 */
function behaviour(typeVersion: number): ItemListsBehaviour {
  return {
    aggregate: { requireFields: false },
    splitOut: { legacy: false, missingField: 'empty', scalarValue: 'wrap', current: true },
    removeDuplicates: { lenientNulls: false, orderByType: typeVersion >= 3.1 },
    summarize: { flavour: 'itemLists', requireFields: () => false },
  };
}

/** Item Lists v3, v3.1. */
export const itemListsV3: NodeTypeSpec = {
  ...itemListsBase,
  versions: [3, 3.1],
  execute: async (ctx, inputs) => [await runItemLists(ctx, inputs[0] ?? [], behaviour(ctx.typeVersion))],
};
