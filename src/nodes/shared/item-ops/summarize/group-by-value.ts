import { aggregateValues, aggregationKey, normalizeFieldName } from './aggregations.js';
import type { GroupingInput, IndexedJson, SummaryRow } from './types.js';

/** A summary split by field values: either a leaf row or, per distinct value of `fieldName`, a nested result. */
type Nested = { readonly row: SummaryRow } | { readonly fieldName: string; readonly splits: Map<unknown, Nested> };

/**
 * The Summarize node's grouping: groups keep the first-seen order and the original value types (a Map keyed by
 * value), so `1` and `"1"` are different groups and the output field keeps its number. With `keysAsStrings`
 * (Summarize v1) every value is first turned into text, as v1 did.
 */
export function groupByValue(input: GroupingInput, keysAsStrings: boolean): Nested {
  return split(input, input.items, input.splitKeys, keysAsStrings);
}

function split(input: GroupingInput, items: readonly IndexedJson[], keys: readonly string[], keysAsStrings: boolean): Nested {
  const [key, ...rest] = keys;
  if (key === undefined) return { row: summarizeGroup(input, items) };
  const groups = new Map<unknown, IndexedJson[]>();
  for (const item of items) {
    let value = input.getValue(item.json, key);
    if (value && typeof value === 'object') value = JSON.stringify(value);
    if (keysAsStrings) value = String(value);
    if (input.skipEmptySplitFields && typeof value !== 'number' && !value) continue;
    const group = groups.get(value);
    if (group) group.push(item);
    else groups.set(value, [item]);
  }
  const splits = new Map<unknown, Nested>();
  for (const [value, group] of groups) splits.set(value, split(input, group, rest, keysAsStrings));
  return { fieldName: key, splits };
}

function summarizeGroup(input: GroupingInput, items: readonly IndexedJson[]): SummaryRow {
  const jsons = items.map((item) => item.json);
  const json = Object.fromEntries(
    input.aggregations.map((entry) => [
      normalizeFieldName(aggregationKey(entry)),
      aggregateValues(jsons, entry, input.getValue, input.countsHonourIncludeEmpty),
    ]),
  );
  return { json, pairedItems: items.map((item) => item.index) };
}

/** One row per group; the split values are added after the aggregations, innermost split first, as n8n does. */
export function nestedToRows(result: Nested): SummaryRow[] {
  if ('row' in result) return [result.row];
  const rows: SummaryRow[] = [];
  for (const [value, inner] of result.splits) {
    for (const row of nestedToRows(inner)) {
      row.json[normalizeFieldName(result.fieldName)] = value;
      rows.push(row);
    }
  }
  return rows;
}

/** All groups in one object keyed by split value (which JavaScript turns into text). */
export function nestedToObject(result: Nested): Record<string, unknown> {
  if ('row' in result) return result.row.json;
  return Object.fromEntries(Array.from(result.splits, ([value, inner]) => [String(value), nestedToObject(inner)]));
}
