import lodash from 'lodash';
import type { Item, JsonObject } from '../../core/model/types.js';
import type { Fail } from '../merge/errors.js';
import { fuzzyCompare } from '../merge/fuzzy-compare.js';
import { findMatches, type MatchPair } from '../merge/match-fields.js';
import { describeDifferences, mixVersions } from './compare-items.js';
import type { CompareSettings } from './settings.js';

/** The four outputs: in A only, same, different, in B only. */
export type ComparisonOutputs = [Item[], Item[], Item[], Item[]];

/** The json compared for sameness: without the skipped fields (nested paths are removed from a deep copy). */
function comparable(json: JsonObject, settings: CompareSettings): JsonObject {
  const { skipFields } = settings;
  if (skipFields.length === 0) return json;
  if (settings.disableDotNotation || !skipFields.some((field) => field.includes('.'))) return lodash.omit(json, skipFields);
  const copy = lodash.cloneDeep(json);
  for (const field of skipFields) lodash.unset(copy, field);
  return copy;
}

/**
 * Pairs items of input A and input B on the match fields, then sorts them: unpaired A items, pairs whose other
 * fields are the same, pairs that differ (shaped by `resolve`), unpaired B items.
 */
export function compareDatasets(input1: readonly Item[], input2: readonly Item[], pairs: readonly MatchPair[], settings: CompareSettings, fail: Fail): ComparisonOutputs {
  if (settings.disableDotNotation && settings.skipFields.some((field) => field.includes('.'))) {
    const field = settings.skipFields.find((name) => name.includes('.'));
    fail(`Dot notation is disabled, but field to skip comparing '${String(field)}' contains dot`);
  }
  // "Mix" writes into the items it outputs, as n8n does; working copies keep the node's inputs untouched.
  const copy = settings.resolve === 'mix' ? (item: Item): Item => ({ ...item, json: structuredClone(item.json) }) : (item: Item) => item;
  const matches = findMatches(input1.map(copy), input2.map(copy), pairs, {
    joinMode: 'compare',
    outputDataFrom: 'grouped',
    multipleMatches: settings.multipleMatches,
    disableDotNotation: settings.disableDotNotation,
    fuzzyCompare: settings.fuzzyCompare,
    compareVersion: settings.typeVersion,
    defaultMultipleMatches: 'first',
  });
  const equal = fuzzyCompare(settings.fuzzyCompare, settings.typeVersion);
  const same: Item[] = [];
  const different: Item[] = [];

  for (const { entry, matches: matched } of matches.matched) {
    let sameItem: Item | undefined;
    for (const match of matched) {
      const left = comparable(entry.json, settings);
      const right = comparable(match.json, settings);
      const isSame = settings.fuzzyCompare ? Object.keys(left).every((key) => equal(left[key], right[key])) : equal(left, right);
      if (isSame) {
        sameItem ??= settings.fuzzyCompare && settings.resolve === 'preferInput2' ? match : entry;
        continue;
      }
      if (settings.resolve === 'preferInput1') different.push(entry);
      else if (settings.resolve === 'preferInput2') different.push(match);
      else if (settings.resolve === 'mix') different.push(mixVersions(entry, match, settings));
      else different.push(describeDifferences(entry, match, pairs, settings, equal, fail));
    }
    if (sameItem !== undefined) same.push(sameItem);
  }
  return [matches.unmatched1, same, different, matches.unmatched2];
}
