import type { Item } from '../../../core/model/types.js';

/** Which end of the list Limit keeps. */
export type LimitKeep = 'firstItems' | 'lastItems';

/** Keeps at most `maxItems` items from the start or the end (Limit, Item Lists "Limit"). */
export function limitItems(items: readonly Item[], maxItems: number, keep: LimitKeep): Item[] {
  const paired = items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
  if (maxItems > items.length) return paired;
  // Same slice bounds as n8n, including its results for 0 or negative limits.
  return keep === 'firstItems' ? paired.slice(0, maxItems) : paired.slice(items.length - maxItems, items.length);
}
