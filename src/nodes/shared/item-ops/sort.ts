import lodash from 'lodash';
import type { Item } from '../../../core/model/types.js';
import { DOT_NOTATION_HINT, type Fail } from './fail.js';
import { hasField, readField, type FieldAccess } from './fields.js';

/** One entry of "Fields To Sort By". */
export interface SortField {
  readonly fieldName: string;
  readonly order: 'ascending' | 'descending';
}

/** Pairs each item with its input position: sorting only reorders, so every item came from that position. */
function indexed(items: readonly Item[]): Item[] {
  return items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
}

/**
 * Sorts items by fields, in order of precedence (Sort "Simple", Item Lists "Sort"). Strings compare
 * case-insensitively; values compare with lodash `lt`, so mixed types follow its number coercion. The sort is stable.
 */
export function sortByFields(items: readonly Item[], fields: readonly SortField[], access: FieldAccess, fail: Fail): Item[] {
  if (fields.length === 0) fail('No sorting specified. Please add a field to sort by');
  for (const { fieldName } of fields) {
    if (items.some((item) => hasField(item.json, fieldName, access))) continue;
    const message = `Couldn't find the field '${fieldName}' in the input data`;
    if (access.disableDotNotation && fieldName.includes('.')) fail(message, { description: DOT_NOTATION_HINT });
    fail(message);
  }
  const sortable = (item: Item, field: string): unknown => {
    const value = readField(item.json, field, access);
    return typeof value === 'string' ? value.toLowerCase() : value;
  };
  return indexed(items).sort((a, b) => {
    for (const { fieldName, order } of fields) {
      const left = sortable(a, fieldName);
      const right = sortable(b, fieldName);
      if (lodash.isEqual(left, right)) continue;
      const direction = order === 'ascending' ? 1 : -1;
      return lodash.lt(left, right) ? -direction : direction;
    }
    return 0;
  });
}

/** Shuffles items uniformly (Fisher–Yates); `random` is injectable for tests. */
export function sortRandomly(items: readonly Item[], random: () => number = Math.random): Item[] {
  const result = indexed(items);
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/** n8n refuses sort code without a `return` (the code is the body of a compare function). */
export function checkSortCode(code: string, fail: Fail): void {
  if (!/\breturn\b/.test(code)) fail("Sort code doesn't return. Please add a 'return' statement to your code");
}
