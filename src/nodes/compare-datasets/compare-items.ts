import lodash from 'lodash';
import type { Item, JsonObject } from '../../core/model/types.js';
import type { Fail } from '../merge/errors.js';
import type { CompareValues } from '../merge/fuzzy-compare.js';
import type { MatchPair } from '../merge/match-fields.js';
import { pairedList } from '../merge/paired.js';
import type { CompareSettings } from './settings.js';

/** v1 turns every falsy value into null; from v2 only a missing value becomes null. */
function nullish(version: number): (value: unknown) => unknown {
  return version >= 2 ? (value) => (value === undefined ? null : value) : (value) => value || null;
}

/**
 * "Include both versions": one item describing a pair of matched items that differ, as
 * `{keys, same, different, skipped?}`; `different` and `skipped` hold both versions of each field (`inputA`/`inputB`
 * from v2, `input1`/`input2` in v1). From v2.1 a skipped nested field (`address.country`) is moved out of the
 * differing object into `skipped`.
 */
export function describeDifferences(
  item1: Item,
  item2: Item,
  pairs: readonly MatchPair[],
  settings: CompareSettings,
  equal: CompareValues,
  fail: Fail,
): Item {
  const version = settings.typeVersion;
  const keys: JsonObject = {};
  for (const pair of pairs) keys[pair.field1] = item1.json[pair.field1];
  const keys1 = Object.keys(item1.json);
  const keys2 = Object.keys(item2.json);
  const allKeys = lodash.union(keys1, keys2);
  const keysToCompare = settings.fuzzyCompare && version >= 2.1 ? allKeys : lodash.intersection(keys1, keys2);

  const same: JsonObject = {};
  for (const key of keysToCompare) {
    if (equal(item1.json[key], item2.json[key])) same[key] = item1.json[key];
  }
  const differentKeys = lodash.difference(allKeys, Object.keys(same));
  const [nameA, nameB] = version >= 2 ? ['inputA', 'inputB'] : ['input1', 'input2'];
  const toValue = nullish(version);
  const different: JsonObject = {};
  const skipped: Record<string, JsonObject> = {};

  differentKeys.forEach((key, index) => {
    let value1 = toValue(item1.json[key]);
    let value2 = toValue(item2.json[key]);
    if (version >= 2.1 && !settings.disableDotNotation && !settings.skipFields.includes(key)) {
      const nestedSkips = settings.skipFields.filter((field) => field.startsWith(key) && field.includes('.'));
      value1 = lodash.cloneDeep(value1);
      value2 = lodash.cloneDeep(value2);
      if (nestedSkips.length > 0 && (typeof value1 !== 'object' || typeof value2 !== 'object')) {
        fail(`The field '${key}' in item ${index} is not an object. It is not possible to use dot notation.`);
      }
      if (skipped[key] === undefined && nestedSkips.length > 0) skipped[key] = { [nameA]: {}, [nameB]: {} };
      for (const field of nestedSkips) {
        const nested = field.replace(`${key}.`, '');
        lodash.set(skipped[key]![nameA] as object, nested, lodash.get(value1, nested));
        lodash.set(skipped[key]![nameB] as object, nested, lodash.get(value2, nested));
        lodash.unset(value1, nested);
        lodash.unset(value2, nested);
      }
      different[key] = { [nameA]: value1, [nameB]: value2 };
    } else if (settings.skipFields.includes(key)) {
      skipped[key] = { [nameA]: value1, [nameB]: value2 };
    } else {
      different[key] = { [nameA]: value1, [nameB]: value2 };
    }
  });

  const json: JsonObject = { keys, same, different };
  if (Object.keys(skipped).length > 0) json.skipped = skipped;
  return { json, pairedItem: [...pairedList(item1.pairedItem), ...pairedList(item2.pairedItem)] };
}

/**
 * "Use a mix of versions": the preferred item with the `except` fields taken from the other one. Like n8n it
 * writes into the preferred item itself, so callers pass working copies.
 */
export function mixVersions(item1: Item, item2: Item, settings: CompareSettings): Item {
  const [entry, other] = settings.preferWhenMix === 'input1' ? [item1, item2] : [item2, item1];
  const except = settings.exceptWhenMix ? settings.exceptWhenMix.split(',').map((field) => field.trim()) : [];
  for (const field of except) {
    if (settings.disableDotNotation) entry.json[field] = other.json[field];
    else entry.json[field] = lodash.get(other.json, field) ?? null;
  }
  return entry;
}
