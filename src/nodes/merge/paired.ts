import type { Item, PairedItem } from '../../core/model/types.js';

/**
 * Copies every input item with `pairedItem` pointing at its own position (`{item, input}`), so whatever the merge
 * does with the items, each output item names the input items it came from.
 */
export function tagInputs(inputs: readonly (readonly Item[])[]): Item[][] {
  return inputs.map((items, input) => items.map((item, index) => ({ ...item, pairedItem: { item: index, input } })));
}

/** A `pairedItem` value as a list (n8n's preparePairedItemDataArray): nothing, a number or one entry become a list. */
export function pairedList(paired: Item['pairedItem']): PairedItem[] {
  if (paired === undefined) return [];
  if (typeof paired === 'number') return [{ item: paired }];
  return Array.isArray(paired) ? paired : [paired];
}

/** Every input item of the given inputs as paired-item references. */
export function pairAll(inputs: readonly (readonly Item[])[]): PairedItem[] {
  return inputs.flatMap((items, input) => items.map((_item, item) => ({ item, input })));
}
