import type { Item } from '../../core/model/types.js';
import { CodeProblem, withLocation } from './code-error.js';
import { isPlainObject, normalizeItems } from './normalize-items.js';

/** Top-level keys an item may have (n8n's list; `index` and `metadata` are accepted and dropped). */
const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error', 'metadata', 'index']);

function validationError(message: string, description: string, itemIndex?: number): CodeProblem {
  return new CodeProblem(withLocation(message, { itemIndex }), { description, itemIndex });
}

/** n8n's check of one normalized item: `json` must be an object, `binary` (when present) too. */
function validateItem(item: Record<string, unknown>, itemIndex: number): void {
  if (!isPlainObject(item.json)) {
    throw validationError("A 'json' property isn't an object", "In the returned data, every key named 'json' must point to an object.", itemIndex);
  }
  if (item.binary !== undefined && !isPlainObject(item.binary)) {
    throw validationError("A 'binary' property isn't an object", "In the returned data, every key named 'binary' must point to an object.", itemIndex);
  }
}

/** Unknown keys next to item keys mean the user put data beside `json` instead of inside it. */
function validateTopLevelKeys(item: Record<string, unknown>, itemIndex: number): void {
  const keys = Object.keys(item);
  const reserved = keys.find((key) => ITEM_KEYS.has(key));
  const unknown = keys.find((key) => !ITEM_KEYS.has(key));
  if (unknown === undefined) return;
  if (reserved !== undefined) {
    throw validationError(
      'Invalid output format',
      `An output item contains the reserved key <code>${reserved}</code>. To get around this, please wrap each item in an object, under a key called <code>json</code>. <a href="https://docs.n8n.io/data/data-structure/#data-structure" target="_blank">Example</a>`,
      itemIndex,
    );
  }
  throw validationError(`Unknown top-level item key: ${unknown}`, 'Access the properties of an item under `.json`, e.g. `item.json`', itemIndex);
}

/** Keeps the item fields Weft carries (n8n's `index`/`metadata` are dropped). */
export function toItem(item: Record<string, unknown>): Item {
  const out: Item = { json: item.json as Item['json'] };
  if (item.binary !== undefined) out.binary = item.binary as Item['binary'];
  if (item.pairedItem !== undefined) out.pairedItem = item.pairedItem as Item['pairedItem'];
  if (item.error !== undefined) out.error = item.error;
  return out;
}

/**
 * Validates and normalizes what "Run Once for All Items" code returned, with n8n's rules and messages.
 * `undefinedResult` tells `return;` apart from values JSON cannot carry.
 */
export function validateAllItemsResult(value: unknown, undefinedResult: boolean): Item[] {
  if (value === null) return [];
  const itemsProperly = (): CodeProblem =>
    validationError("Code doesn't return items properly", 'Please return an array of objects, one for each item you would like to output.');
  if (undefinedResult || typeof value !== 'object') throw itemsProperly();
  if (Array.isArray(value)) {
    for (const entry of value) if (!isPlainObject(entry)) throw itemsProperly();
    const entries = value as Record<string, unknown>[];
    if (entries.some((entry) => Object.keys(entry).some((key) => ITEM_KEYS.has(key)))) {
      entries.forEach((entry, index) => validateTopLevelKeys(entry, index));
    }
  }
  const items = normalizeItems(value);
  items.forEach((item, index) => validateItem(item, index));
  return items.map(toItem);
}

/**
 * Validates what "Run Once for Each Item" code returned for item `itemIndex`. Returns undefined when the code
 * returned `null` (the item is dropped), else the output item paired with its input item.
 */
export function validateEachItemResult(value: unknown, undefinedResult: boolean, itemIndex: number): Item | undefined {
  if (value === null && !undefinedResult) return undefined;
  if (undefinedResult || typeof value !== 'object' || value === null) {
    const shown = undefinedResult ? 'undefined' : String(value);
    throw validationError(
      "Code doesn't return an object",
      `Please return an object representing the output item. ('${shown}' was returned instead.)`,
      itemIndex,
    );
  }
  if (Array.isArray(value)) {
    const firstSentence = value.length > 0 ? `An array of ${typeof value[0]}s was returned.` : 'An empty array was returned.';
    throw validationError(
      "Code doesn't return a single object",
      `${firstSentence} If you need to output multiple items, please use the 'Run Once for All Items' mode instead.`,
      itemIndex,
    );
  }
  const [item] = normalizeItems([value]);
  if (!item) throw validationError("Code doesn't return an object", 'Please return an object representing the output item.', itemIndex);
  validateItem(item, itemIndex);
  validateTopLevelKeys(item, itemIndex);
  const out: Item = { json: item.json as Item['json'], pairedItem: { item: itemIndex } };
  if (item.binary !== undefined) out.binary = item.binary as Item['binary'];
  return out;
}
