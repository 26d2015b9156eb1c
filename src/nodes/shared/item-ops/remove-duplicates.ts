import lodash from 'lodash';
import type { Item, JsonObject } from '../../../core/model/types.js';
import { DOT_NOTATION_HINT, type Fail } from './fail.js';
import { readField, type FieldAccess } from './fields.js';

/** Which fields decide whether two items are duplicates. */
export type CompareMode = 'allFields' | 'allFieldsExcept' | 'selectedFields';

/** Settings of "Remove Duplicates"; the flags mirror differences between n8n's typeVersions. */
export interface RemoveDuplicatesOptions extends FieldAccess {
  readonly compare: CompareMode;
  readonly fieldsToExclude: readonly string[];
  readonly fieldsToCompare: readonly string[];
  readonly removeOtherFields: boolean;
  /** Remove Duplicates v1.1+: null values are not type-checked, and type errors name the items. */
  readonly lenientNulls: boolean;
  /** Item Lists v3.1+: values of different types are ordered by type instead of failing. */
  readonly orderByType: boolean;
}

interface Indexed {
  readonly item: Item;
  readonly index: number;
}

/**
 * Keeps the first item of each group of items whose compared fields are deep-equal, in input order. As n8n,
 * the items are sorted by the compared fields and neighbours compared, so "equal" means lodash `isEqual`.
 */
export function removeDuplicates(items: readonly Item[], options: RemoveDuplicatesOptions, fail: Fail): Item[] {
  const first = items[0];
  if (!first) return [];
  const keys = comparedKeys(items, first, options, fail);
  const sorted: Indexed[] = items.map((item, index) => ({ item, index }));
  sorted.sort((a, b) => compareByKeys(a.item.json, b.item.json, keys, options));
  validateValues(sorted, keys, options, fail);

  const removed = new Set<number>();
  let kept = sorted[0]!;
  for (const entry of sorted.slice(1)) {
    if (keys.every((key) => lodash.isEqual(readField(entry.item.json, key, options), readField(kept.item.json, key, options)))) {
      removed.add(entry.index);
    } else {
      kept = entry;
    }
  }

  const survivors = items.map((item, index) => ({ item, index })).filter(({ index }) => !removed.has(index));
  if (options.removeOtherFields) {
    // n8n pairs these with their position in the output, not in the input; kept as is.
    return survivors.map(({ item }, position) => ({ json: lodash.pick(item.json, ...keys) as JsonObject, pairedItem: { item: position } }));
  }
  return survivors.map(({ item, index }) => ({ ...item, pairedItem: { item: index } }));
}

function comparedKeys(items: readonly Item[], first: Item, options: RemoveDuplicatesOptions, fail: Fail): string[] {
  const keysOf = (json: JsonObject): string[] => (options.disableDotNotation ? Object.keys(json) : Object.keys(flattenKeys(json)));
  if (options.compare === 'allFieldsExcept') {
    if (options.fieldsToExclude.length === 0) fail('No fields specified. Please add a field to exclude from comparison');
    // n8n compares the fields of the first item only here (with dot notation), minus the excluded ones.
    const base = options.disableDotNotation ? unionOfKeys(items, keysOf) : keysOf(first.json);
    return base.filter((key) => !options.fieldsToExclude.includes(key));
  }
  if (options.compare === 'selectedFields') {
    if (options.fieldsToCompare.length === 0) fail('No fields specified. Please add a field to compare on');
    return options.fieldsToCompare.map((key) => key.trim());
  }
  return unionOfKeys(items, keysOf);
}

function unionOfKeys(items: readonly Item[], keysOf: (json: JsonObject) => string[]): string[] {
  const keys: string[] = [];
  for (const item of items) {
    for (const key of keysOf(item.json)) if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * Every leaf of `value` keyed by its dotted path (`a.b`, `list.0`); empty objects and arrays have no leaves.
 * Collected into a plain object so the key order is JavaScript's, as in n8n.
 */
export function flattenKeys(value: unknown, path: string[] = [], into: Record<string, unknown> = {}): Record<string, unknown> {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    into[path.join('.')] = value;
    return into;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) flattenKeys(child, [...path, key], into);
  return into;
}

function compareByKeys(a: JsonObject, b: JsonObject, keys: readonly string[], options: RemoveDuplicatesOptions): number {
  for (const key of keys) {
    const left = readField(a, key, options);
    const right = readField(b, key, options);
    if (options.orderByType) {
      const rank = typeRank(left) - typeRank(right);
      if (rank !== 0) return rank;
    }
    if (!lodash.isEqual(left, right)) return lodash.lt(left, right) ? -1 : 1;
  }
  return 0;
}

/** n8n's order of value types when Item Lists v3.1 compares values of different types. */
function typeRank(value: unknown): number {
  if (Array.isArray(value)) return 9;
  if (value === null) return 10;
  if (value instanceof Date) return 11;
  const ranks: Record<string, number> = { string: 1, number: 2, bigint: 3, boolean: 4, symbol: 5, undefined: 6, object: 7, function: 8 };
  return ranks[typeof value] ?? 7;
}

function validateValues(sorted: readonly Indexed[], keys: readonly string[], options: RemoveDuplicatesOptions, fail: Fail): void {
  for (const key of keys) {
    let type: string | undefined;
    sorted.forEach(({ item }, position) => {
      if (key === '') fail('Name of field to compare is blank');
      const value = readField(item.json, key, options);
      if (value === null && options.lenientNulls) return;
      if (value === undefined) {
        const message = `'${key}' field is missing from some input items`;
        if (options.disableDotNotation && key.includes('.')) fail(message, { description: DOT_NOTATION_HINT });
        fail(message);
      }
      if (!options.orderByType && type !== undefined && type !== typeof value) {
        const where = options.lenientNulls ? `, in item [${position - 1}] it's a ${type} and in item [${position}] it's a ${typeof value} ` : '';
        fail(`'${key}' isn't always the same type`, { description: `The type of this field varies between items${where}` });
      }
      type = typeof value;
    });
  }
}
