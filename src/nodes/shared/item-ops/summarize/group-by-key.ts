import { aggregateValues, aggregationKey, normalizeFieldName } from './aggregations.js';
import type { GroupingInput, IndexedJson, SummaryRow } from './types.js';

/** Item Lists' nested summary: per split value (as text) a nested summary, down to one row per group. */
type Tree = { readonly row: SummaryRow } | { readonly children: ReadonlyArray<readonly [string, Tree]> };

/**
 * Item Lists' grouping (v1–v3): groups were keys of a plain object, so split values become text and the groups
 * come out in JavaScript key order (integer-like values first, ascending), unlike the Summarize node.
 */
export function groupByKey(input: GroupingInput): Tree {
  return split(input, input.items, input.splitKeys);
}

function split(input: GroupingInput, items: readonly IndexedJson[], keys: readonly string[]): Tree {
  const [key, ...rest] = keys;
  if (key === undefined) return { row: summarizeGroup(input, items) };
  const groups = Object.create(null) as Record<string, IndexedJson[]>;
  for (const item of items) {
    let value = input.getValue(item.json, key);
    if (typeof value === 'object') value = JSON.stringify(value);
    if (input.skipEmptySplitFields && typeof value !== 'number' && !value) continue;
    (groups[String(value)] ??= []).push(item);
  }
  // Object.keys gives JavaScript's property order, which is what n8n's output order follows.
  return { children: Object.keys(groups).map((name) => [name, split(input, groups[name]!, rest)] as const) };
}

/** Aggregations in order; keys needing cleanup are renamed and moved to the end, in n8n's two passes. */
function summarizeGroup(input: GroupingInput, items: readonly IndexedJson[]): SummaryRow {
  const jsons = items.map((item) => item.json);
  const json: Record<string, unknown> = {};
  for (const entry of input.aggregations) {
    json[aggregationKey(entry)] = aggregateValues(jsons, entry, input.getValue, input.countsHonourIncludeEmpty);
  }
  moveRenamed(json, /[\]["]/g, '');
  moveRenamed(json, /[ .]/g, '_');
  return { json, pairedItems: items.map((item) => item.index) };
}

function moveRenamed(json: Record<string, unknown>, pattern: RegExp, replacement: string): void {
  for (const key of Object.keys(json)) {
    const renamed = key.replace(pattern, replacement);
    if (renamed === key) continue;
    const value = json[key];
    delete json[key];
    json[renamed] = value;
  }
}

/** One row per group: the split values (as text) first, then the aggregations. */
export function treeToRows(tree: Tree, splitKeys: readonly string[], previous: Record<string, unknown> = {}): SummaryRow[] {
  if ('row' in tree) return [tree.row];
  const [key, ...rest] = splitKeys;
  const field = normalizeFieldName(key ?? '');
  const rows: SummaryRow[] = [];
  for (const [name, child] of tree.children) {
    const stage = { ...previous, [field]: name };
    if ('row' in child) rows.push({ json: { ...stage, ...child.row.json }, pairedItems: child.row.pairedItems });
    else rows.push(...treeToRows(child, rest, stage));
  }
  return rows;
}

/** All groups in one object keyed by split value. */
export function treeToObject(tree: Tree): Record<string, unknown> {
  if ('row' in tree) return tree.row.json;
  return Object.fromEntries(tree.children.map(([name, child]) => [name, treeToObject(child)]));
}
