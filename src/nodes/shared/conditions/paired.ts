import type { Item } from '../../../core/model/types.js';

/** The item as routed by a branching node: same data, paired with input item `itemIndex` of input 0. */
export function routedItem(item: Item, itemIndex: number): Item {
  return { ...item, pairedItem: { item: itemIndex } };
}
