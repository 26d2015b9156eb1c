import lodash from 'lodash';
import type { BinaryData, Item, JsonObject } from '../../core/model/types.js';

/** `options.clashHandling.values` as saved: every field may be missing (n8n fills no defaults inside options). */
export interface ClashOptions {
  readonly resolveClash?: string;
  readonly mergeMode?: string;
  readonly overrideEmpty?: boolean;
}

/** Merges objects into a new one; later sources win. */
export type MergeMethod = (target: object, ...sources: (object | undefined)[]) => JsonObject;

/** Reads the clash settings from the node's `options` collection. */
export function clashOptionsOf(options: Record<string, unknown>): ClashOptions {
  const clash = options.clashHandling as { values?: ClashOptions } | undefined;
  return clash?.values ?? {};
}

/** Keeps the target's value when the source one is empty (undefined, null or ''): "Minimize Empty Fields". */
function keepNonEmpty(targetValue: unknown, sourceValue: unknown): unknown {
  if (sourceValue === undefined || sourceValue === null || sourceValue === '') return targetValue;
  return undefined;
}

/**
 * The merge function the clash settings ask for: lodash deep merge (the default; arrays merge by index) or a
 * top-level assign, optionally not letting empty values overwrite.
 */
export function selectMergeMethod(clash: ClashOptions): MergeMethod {
  const shallow = clash.mergeMode === 'shallowMerge';
  if (clash.overrideEmpty === true) {
    if (shallow) return (target, ...sources) => lodash.assignWith({ ...target }, ...sources, keepNonEmpty) as JsonObject;
    if (clash.mergeMode === 'deepMerge') return (target, ...sources) => lodash.mergeWith({ ...target }, ...sources, keepNonEmpty) as JsonObject;
  } else if (shallow) {
    return (target, ...sources) => Object.assign({}, target, ...sources) as JsonObject;
  }
  // Without a (known) merge mode n8n deep-merges, whatever `overrideEmpty` says.
  return (target, ...sources) => lodash.merge({}, target, ...sources) as JsonObject;
}

/** Renames every top-level key `k` of each item to `k_<suffix>` ("Always Add Input Number to Field Names"). */
export function addSuffix(items: readonly Item[], suffix: string): Item[] {
  return items.map((item) => {
    const json: JsonObject = {};
    for (const key of Object.keys(item.json)) json[`${key}_${suffix}`] = item.json[key];
    return { ...item, json };
  });
}

/** Deep-merges binary maps; undefined when the result holds nothing, so plain items stay plain. */
export function mergeBinary(...sources: (Record<string, BinaryData> | undefined)[]): Record<string, BinaryData> | undefined {
  const merged = lodash.merge({}, ...sources) as Record<string, BinaryData>;
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** Builds an output item, leaving out an empty binary map. */
export function makeItem(json: JsonObject, binary: Record<string, BinaryData> | undefined, pairedItem: Item['pairedItem']): Item {
  return binary === undefined ? { json, pairedItem } : { json, binary, pairedItem };
}
