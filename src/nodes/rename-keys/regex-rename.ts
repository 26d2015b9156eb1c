import type { JsonObject } from '../../core/model/types.js';

/** One entry of `additionalOptions.regexReplacement.replacements`. */
export interface RegexReplacement {
  readonly searchRegex?: unknown;
  readonly replaceRegex?: unknown;
  readonly options?: { readonly caseInsensitive?: boolean; readonly depth?: number };
}

/**
 * Renames every key matching `searchRegex` (first match replaced, `$1` captures allowed) in `json` and nested
 * objects down to `options.depth` levels (-1 or unset: all; 0: top level only). Array elements are visited but
 * arrays' own indexes are never renamed. Renames in place and returns the object.
 */
export function renameByRegex(json: JsonObject, replacement: RegexReplacement): JsonObject {
  const options = replacement.options ?? {};
  const regex = new RegExp(String(replacement.searchRegex ?? ''), options.caseInsensitive === true ? 'i' : undefined);
  const replaceWith = String(replacement.replaceRegex ?? '');
  // n8n counts down from the depth and stops at 0, so a missing depth (NaN) never stops.
  const depth = typeof options.depth === 'number' ? options.depth : Number.NaN;
  renameKeysIn(json, depth, regex, replaceWith);
  return json;
}

function renameKeysIn(value: unknown, depth: number, regex: RegExp, replaceWith: string): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (depth !== 0) for (const element of value) renameKeysIn(element, depth - 1, regex, replaceWith);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    // A key overwritten by an earlier rename in this object is gone; n8n's for-in loop skips it too.
    if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
    if (typeof object[key] === 'object' && depth !== 0) renameKeysIn(object[key], depth - 1, regex, replaceWith);
    if (!regex.test(key)) continue;
    const newKey = key.replace(regex, replaceWith);
    if (newKey === key) continue;
    object[newKey] = object[key];
    delete object[key];
  }
}
