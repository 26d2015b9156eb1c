import type { Item, PairedItem } from '../../../../core/model/types.js';
import type { Fail } from '../fail.js';
import { readField, type FieldAccess } from '../fields.js';
import type { Aggregation, ValueGetter } from './aggregations.js';
import { groupByKey, treeToObject, treeToRows } from './group-by-key.js';
import { groupByValue, nestedToObject, nestedToRows } from './group-by-value.js';
import type { GroupingInput, SummaryRow } from './types.js';

/**
 * Whose behaviour to follow: Item Lists' "Summarize" (groups keyed by text, counts ignore "include empty"), or the
 * Summarize node v1 (split values as text, first-seen group order) or v1.1 (split values keep their type).
 */
export type SummarizeFlavour = 'itemLists' | 'summarizeV1' | 'summarizeV1_1';

/** Settings of a summary (a pivot table over the items). */
export interface SummarizeOptions extends FieldAccess {
  readonly aggregations: readonly Aggregation[];
  readonly splitKeys: readonly string[];
  readonly outputFormat: 'separateItems' | 'singleItem';
  readonly skipEmptySplitFields: boolean;
  readonly flavour: SummarizeFlavour;
  /** Fail when a summarized field is in no item (Item Lists before v2.1, Summarize v1 without "continue"). */
  readonly requireFields: boolean;
}

/** Summarizes items: one item per group of split values, or one item holding every group. */
export function summarize(items: readonly Item[], options: SummarizeOptions, fail: Fail): Item[] {
  if (!options.aggregations.some((entry) => entry.field !== '')) {
    fail("You need to add at least one aggregation to 'Fields to Summarize' with non empty 'Field'");
  }
  const getValue: ValueGetter = (json, field) => readField(json, field, options);
  if (options.requireFields) {
    for (const { field } of options.aggregations) {
      if (field === '' || items.some((item) => getValue(item.json, field) !== undefined)) continue;
      fail(`The field '${field}' does not exist in any items`);
    }
  }
  const input: GroupingInput = {
    items: items.map((item, index) => ({ json: item.json, index })),
    splitKeys: options.splitKeys,
    aggregations: options.aggregations,
    getValue,
    skipEmptySplitFields: options.skipEmptySplitFields,
    countsHonourIncludeEmpty: options.flavour !== 'itemLists',
  };
  const allPaired: PairedItem[] = items.map((_item, index) => ({ item: index }));

  if (options.flavour === 'itemLists') {
    const tree = groupByKey(input);
    if (options.outputFormat === 'singleItem') return [{ json: treeToObject(tree), pairedItem: allPaired }];
    return treeToRows(tree, options.splitKeys).map(toItem);
  }
  const nested = groupByValue(input, options.flavour === 'summarizeV1');
  if (options.outputFormat === 'singleItem') return [{ json: nestedToObject(nested), pairedItem: allPaired }];
  return nestedToRows(nested).map(toItem);
}

function toItem(row: SummaryRow): Item {
  return { json: row.json, pairedItem: row.pairedItems.map((item) => ({ item })) };
}
