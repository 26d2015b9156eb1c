import type { Item } from '../../core/model/types.js';
import { addSuffix, clashOptionsOf } from './clash.js';
import type { Fail } from './errors.js';
import { addSourceField, checkFieldsPresent, findMatches, mergeMatched, type MatchPair } from './match-fields.js';

/** Everything a combine-by-fields run needs, read from the node's parameters by the version-specific caller. */
export interface CombineByFieldsRequest {
  readonly input1: readonly Item[];
  readonly input2: readonly Item[];
  readonly pairs: readonly MatchPair[];
  readonly joinMode: string;
  readonly outputDataFrom: string;
  /** The `options` collection as saved. */
  readonly options: Record<string, unknown>;
  readonly typeVersion: number;
  /** The saved value meaning "input 2 wins" (`preferInput2` in v2, `preferLast` in v3). */
  readonly preferSecond: string;
  readonly fail: Fail;
}

/**
 * Merge "combine by matching fields" (v2 mergeByFields, v3 combineByFields): joins the two inputs on the match
 * fields as an inner, outer, left or right join, or keeps the items that did not match.
 */
export function combineByFields(request: CombineByFieldsRequest): Item[] {
  const { pairs, joinMode, outputDataFrom, options, fail } = request;
  const { input1, input2 } = request;
  const disableDotNotation = options.disableDotNotation === true;
  if (request.typeVersion < 2.1) {
    checkFieldsPresent(input1, pairs.map((pair) => pair.field1), disableDotNotation, 'Input 1', fail);
    checkFieldsPresent(input2, pairs.map((pair) => pair.field2), disableDotNotation, 'Input 2', fail);
  }
  if (input1.length === 0 || input2.length === 0) return withEmptyInput(input1, input2, joinMode, outputDataFrom);
  if (pairs.length === 0) {
    return joinMode === 'keepMatches' || joinMode === 'keepEverything' || joinMode === 'enrichInput2' ? [] : [...input1];
  }

  const matches = findMatches(input1, input2, pairs, {
    joinMode,
    outputDataFrom,
    multipleMatches: options.multipleMatches as string | undefined,
    disableDotNotation,
    fuzzyCompare: options.fuzzyCompare === true,
  });
  const clash = clashOptionsOf(options);
  const suffixed = clash.resolveClash === 'addSuffix';

  if (joinMode === 'keepMatches' || joinMode === 'keepEverything') {
    let output: Item[] = [];
    if (outputDataFrom === 'input1') output = matches.matched.map((match) => match.entry);
    if (outputDataFrom === 'input2') output = matches.matched2;
    if (outputDataFrom === 'both') output = mergeMatched(matches.matched, clash, request.preferSecond);
    if (joinMode === 'keepMatches') return output;
    const unmatched1 = suffixed ? addSuffix(matches.unmatched1, '1') : matches.unmatched1;
    const unmatched2 = suffixed ? addSuffix(matches.unmatched2, '2') : matches.unmatched2;
    return [...output, ...unmatched1, ...unmatched2];
  }
  if (joinMode === 'keepNonMatches') {
    if (outputDataFrom === 'input1') return matches.unmatched1;
    if (outputDataFrom === 'input2') return matches.unmatched2;
    if (outputDataFrom === 'both') return [...addSourceField(matches.unmatched1, 'input1'), ...addSourceField(matches.unmatched2, 'input2')];
    return [];
  }
  if (joinMode === 'enrichInput1' || joinMode === 'enrichInput2') {
    const merged = mergeMatched(matches.matched, clash, request.preferSecond, joinMode);
    const [rest, suffix] = joinMode === 'enrichInput1' ? [matches.unmatched1, '1'] : [matches.unmatched2, '2'];
    return [...merged, ...(suffixed ? addSuffix(rest, suffix) : rest)];
  }
  return [];
}

/** n8n's shortcut when one input is empty: an inner or enriching join of nothing stops, otherwise data passes. */
function withEmptyInput(input1: readonly Item[], input2: readonly Item[], joinMode: string, outputDataFrom: string): Item[] {
  if (input1.length === 0 && joinMode === 'keepNonMatches' && outputDataFrom === 'input1') return [];
  if (input2.length === 0 && joinMode === 'keepNonMatches' && outputDataFrom === 'input2') return [];
  if (joinMode === 'keepMatches') return [];
  if (joinMode === 'enrichInput1' && input1.length === 0) return [];
  if (joinMode === 'enrichInput2' && input2.length === 0) return [];
  return [...input1, ...input2];
}
