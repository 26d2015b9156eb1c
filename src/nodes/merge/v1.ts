import lodash from 'lodash';
import type { Item, JsonObject } from '../../core/model/types.js';
import type { NodeContext, NodeOutput } from '../../core/node-api/index.js';
import { pairedList, tagInputs } from './paired.js';

/** Merge v1: the eight legacy modes (append, keep/remove key matches, merge by index or key, multiplex, pass-through, wait). */
export function executeMergeV1(ctx: NodeContext, rawInputs: readonly (readonly Item[])[]): NodeOutput {
  const [input1 = [], input2 = []] = tagInputs(rawInputs);
  const mode = ctx.getParameter<string>('mode', 0, 'append');
  switch (mode) {
    case 'append':
      return [[...input1, ...input2]];
    case 'mergeByIndex':
      return [mergeByIndex(input1, input2, ctx.getParameter<string>('join', 0, 'left'))];
    case 'multiplex':
      return [input1.flatMap((entry1) => input2.map((entry2) => multiplexPair(entry1, entry2)))];
    case 'keepKeyMatches':
    case 'mergeByKey':
    case 'removeKeyMatches':
      return [
        byKey(mode, input1, input2, {
          property1: String(ctx.getParameter('propertyName1', 0, '')),
          property2: String(ctx.getParameter('propertyName2', 0, '')),
          overwrite: ctx.getParameter<string>('overwrite', 0, 'always'),
        }),
      ];
    case 'passThrough':
      return [ctx.getParameter<string>('output', 0, 'input1') === 'input1' ? input1 : input2];
    case 'wait':
      return [[{ json: {}, pairedItem: input1.map((_item, item) => ({ item })) }]];
    default:
      return [[]];
  }
}

function multiplexPair(entry1: Item, entry2: Item): Item {
  return { json: { ...entry1.json, ...entry2.json }, pairedItem: [...pairedList(entry1.pairedItem), ...pairedList(entry2.pairedItem)] };
}

/** Pairs items by position; `join` decides how many: inner (fewest), left (input 1's count) or outer (most). */
function mergeByIndex(input1: Item[], input2: Item[], join: string): Item[] {
  if (input1.length === 0) return join === 'inner' || join === 'left' ? [] : input2;
  if (input2.length === 0) return join === 'left' || join === 'outer' ? input1 : [];
  let count = input1.length;
  if (join === 'inner') count = Math.min(input1.length, input2.length);
  else if (join === 'outer') count = Math.max(input1.length, input2.length);
  const output: Item[] = [];
  for (let index = 0; index < count; index++) {
    const entry1 = input1[index];
    const entry2 = input2[index];
    if (entry1 === undefined || entry2 === undefined) {
      output.push((entry1 ?? entry2)!);
      continue;
    }
    const item: Item = {
      json: { ...entry1.json, ...entry2.json },
      pairedItem: [...pairedList(entry1.pairedItem), ...pairedList(entry2.pairedItem)],
    };
    if (entry1.binary !== undefined || entry2.binary !== undefined) item.binary = { ...entry1.binary, ...entry2.binary };
    output.push(item);
  }
  return output;
}

interface KeySettings {
  readonly property1: string;
  readonly property2: string;
  readonly overwrite: string;
}

/**
 * The three key modes. Input-2 items are indexed by the text of their key (falsy keys are skipped, later items
 * win); input-1 keys must be strings or numbers (or null) to be looked up, as in n8n.
 */
function byKey(mode: string, input1: Item[], input2: Item[], settings: KeySettings): Item[] {
  const { property1, property2 } = settings;
  if (!property1 || !property2) return mode === 'keepKeyMatches' ? [] : input1;
  const byKeyText = new Map<string, Item>();
  for (const entry of input2) {
    const key: unknown = lodash.get(entry.json, property2);
    if (!key) continue;
    byKeyText.set(String(key), entry);
  }
  const output: Item[] = [];
  for (const entry of input1) {
    const reference: unknown = lodash.get(entry.json, property1);
    const comparable = reference === null || typeof reference === 'string' || typeof reference === 'number';
    const match = comparable ? byKeyText.get(String(reference)) : undefined;
    if (match === undefined) {
      // No usable key or no match: only "remove key matches" and "merge by key" keep the item.
      if (mode === 'removeKeyMatches' || (mode === 'mergeByKey' && comparable)) output.push(entry);
      continue;
    }
    if (mode === 'keepKeyMatches') output.push(entry);
    if (mode === 'mergeByKey') output.push({ ...entry, json: mergeKeyed(entry.json, match.json, property2, settings.overwrite) });
  }
  return output;
}

function mergeKeyed(target: JsonObject, source: JsonObject, skipKey: string, overwrite: string): JsonObject {
  const json = structuredClone(target);
  for (const key of Object.keys(source)) {
    if (key === skipKey) continue;
    const current = json[key];
    const write =
      overwrite === 'always' ||
      (overwrite === 'undefined' && !Object.prototype.hasOwnProperty.call(json, key)) ||
      (overwrite === 'blank' && (current === null || current === undefined || current === ''));
    if (write) json[key] = source[key];
  }
  return json;
}
