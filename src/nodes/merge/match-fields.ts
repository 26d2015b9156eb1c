import lodash from 'lodash';
import type { BinaryData, Item, JsonObject } from '../../core/model/types.js';
import type { NodeContext } from '../../core/node-api/index.js';
import { addSuffix, makeItem, selectMergeMethod, type ClashOptions } from './clash.js';
import type { Fail } from './errors.js';
import { fuzzyCompare, type CompareValues } from './fuzzy-compare.js';
import { pairedList } from './paired.js';

/** One "Fields to Match" pair: `field1` of input 1 must equal `field2` of input 2. */
export interface MatchPair {
  readonly field1: string;
  readonly field2: string;
}

/** The settings of a combine-by-fields run (`joinMode`, `outputDataFrom` and the `options` collection). */
export interface MatchSettings {
  readonly joinMode: string;
  readonly outputDataFrom: string;
  readonly multipleMatches?: string;
  readonly disableDotNotation?: boolean;
  readonly fuzzyCompare?: boolean;
}

/** An input-1 item with the input-2 items it matched. */
export interface EntryMatches {
  readonly entry: Item;
  readonly matches: Item[];
}

/** The outcome of matching input 1 against input 2. */
export interface MatchResult {
  readonly matched: EntryMatches[];
  /** Input-2 items that matched something, in input order. */
  readonly matched2: Item[];
  readonly unmatched1: Item[];
  readonly unmatched2: Item[];
}

/** Validates the "Fields to Match" pairs with n8n's messages; missing fields count as ''. */
export function checkMatchPairs(values: unknown, fail: Fail): MatchPair[] {
  const list = Array.isArray(values) ? values : [];
  const pairs = list.map((value: unknown) => {
    const pair = (value ?? {}) as Record<string, unknown>;
    return { field1: pair.field1 ?? '', field2: pair.field2 ?? '' } as { field1: unknown; field2: unknown };
  });
  if (pairs.length === 1 && pairs[0]!.field1 === '' && pairs[0]!.field2 === '') {
    fail('You need to define at least one pair of fields in "Fields to Match" to match on');
  }
  pairs.forEach((pair, index) => {
    if (pair.field1 === '' || pair.field2 === '') {
      fail(
        `You need to define both fields in "Fields to Match" for pair ${index + 1},\n\t\t\t\t field 1 = '${String(pair.field1)}'\n\t\t\t\t field 2 = '${String(pair.field2)}'`,
      );
    }
  });
  return pairs.map((pair) => ({ field1: String(pair.field1), field2: String(pair.field2) }));
}

/**
 * `mergeByFields.values`. n8n's default when the parameter was never saved is one empty pair (which then fails
 * validation); a saved collection without pairs gives none.
 */
export function matchPairsParameter(ctx: NodeContext): unknown {
  if (ctx.getRawParameter('mergeByFields') === undefined) return [{ field1: '', field2: '' }];
  return ctx.getParameter('mergeByFields.values', 0, []);
}

/** Reads a field of an item, as a lodash path unless dot notation is disabled. */
export function fieldValue(json: JsonObject, field: string, disableDotNotation: boolean): unknown {
  if (disableDotNotation) return Object.prototype.hasOwnProperty.call(json, field) ? json[field] : undefined;
  return lodash.get(json, field);
}

/** Fails unless every field occurs in at least one item (Merge v2.0 and Compare Datasets < 2.2 check this). */
export function checkFieldsPresent(items: readonly Item[], fields: readonly string[], disableDotNotation: boolean, label: string, fail: Fail): void {
  for (const field of fields) {
    const present = items.some((item) =>
      disableDotNotation ? Object.prototype.hasOwnProperty.call(item.json, field) : lodash.get(item.json, field) !== undefined,
    );
    if (!present) fail(`Field '${field}' is not present in any of items in '${label}'`);
  }
}

function matchesLookup(item: Item, lookup: Map<string, unknown>, disableDotNotation: boolean, equal: CompareValues): boolean {
  for (const [field, expected] of lookup) {
    if (!equal(expected, fieldValue(item.json, field, disableDotNotation))) return false;
  }
  return true;
}

/**
 * Finds, for each input-1 item, the input-2 items whose match fields equal its own (all of them, or the first
 * with `multipleMatches: 'first'`). An input-1 item missing a match field matches nothing.
 */
export function findMatches(
  input1: readonly Item[],
  input2: readonly Item[],
  pairs: readonly MatchPair[],
  settings: MatchSettings & { readonly defaultMultipleMatches?: string; readonly compareVersion?: number },
): MatchResult {
  const equal = fuzzyCompare(settings.fuzzyCompare === true, settings.compareVersion ?? 1);
  const disableDotNotation = settings.disableDotNotation === true;
  const firstOnly = (settings.multipleMatches || settings.defaultMultipleMatches || 'all') !== 'all';
  const splitMatches =
    settings.outputDataFrom === 'both' || settings.joinMode === 'enrichInput1' || settings.joinMode === 'enrichInput2';
  const result: MatchResult = { matched: [], matched2: [], unmatched1: [], unmatched2: [] };
  const matchedInInput2 = new Set<number>();

  for (const entry of input1) {
    const lookup = new Map<string, unknown>();
    for (const pair of pairs) lookup.set(pair.field2, fieldValue(entry.json, pair.field1, disableDotNotation));
    if ([...lookup.values()].some((value) => value === undefined)) {
      result.unmatched1.push(entry);
      continue;
    }
    const found: number[] = [];
    for (let index = 0; index < input2.length; index++) {
      if (!matchesLookup(input2[index]!, lookup, disableDotNotation, equal)) continue;
      found.push(index);
      if (firstOnly) break;
    }
    found.forEach((index) => matchedInInput2.add(index));
    const matches = found.map((index) => input2[index]!);
    if (matches.length === 0) result.unmatched1.push(entry);
    else if (splitMatches) matches.forEach((match) => result.matched.push({ entry, matches: [match] }));
    else result.matched.push({ entry, matches });
  }
  input2.forEach((item, index) => (matchedInInput2.has(index) ? result.matched2 : result.unmatched2).push(item));
  return result;
}

/**
 * Merges each matched input-1 item with its matches. `preferSecond` is the saved value meaning "input 2 wins"
 * (`preferInput2` in v2, `preferLast` in v3); without a choice input 2 wins, except when enriching input 2.
 */
export function mergeMatched(matched: readonly EntryMatches[], clash: ClashOptions, preferSecond: string, joinMode?: string): Item[] {
  const mergeInto = selectMergeMethod(clash);
  let resolveClash = clash.resolveClash;
  if (resolveClash === undefined) resolveClash = joinMode === 'enrichInput2' ? 'preferInput1' : preferSecond;
  return matched.map(({ entry, matches }) => {
    if (resolveClash === 'addSuffix') {
      const [suffixed] = addSuffix([entry], '1');
      const others = addSuffix(matches, '2');
      return makeItem(
        mergeInto({ ...suffixed!.json }, ...others.map((item) => item.json)),
        nonEmpty(mergeInto({ ...entry.binary }, ...matches.map((item) => item.binary))),
        [...pairedList(entry.pairedItem), ...others.flatMap((item) => pairedList(item.pairedItem))],
      );
    }
    if (resolveClash === 'preferInput1') {
      const [firstMatch, ...rest] = matches;
      return makeItem(
        mergeInto({ ...firstMatch!.json }, ...rest.map((item) => item.json), entry.json),
        nonEmpty(mergeInto({ ...firstMatch!.binary }, ...rest.map((item) => item.binary), entry.binary)),
        [...matches.flatMap((item) => pairedList(item.pairedItem)), ...pairedList(entry.pairedItem)],
      );
    }
    if (resolveClash === preferSecond) {
      return makeItem(
        mergeInto({ ...entry.json }, ...matches.map((item) => item.json)),
        nonEmpty(mergeInto({ ...entry.binary }, ...matches.map((item) => item.binary))),
        [...pairedList(entry.pairedItem), ...matches.flatMap((item) => pairedList(item.pairedItem))],
      );
    }
    // An unknown choice merges nothing: n8n outputs an empty item then, and so does Weft.
    return { json: {}, pairedItem: [] };
  });
}

/** A merged binary map, or undefined when it holds nothing (plain items stay without `binary`). */
function nonEmpty(value: JsonObject): Record<string, BinaryData> | undefined {
  return Object.keys(value).length > 0 ? (value as Record<string, BinaryData>) : undefined;
}

/** Adds `_source` (`input1` / `input2`) to each item: "keep non-matches" from both inputs. */
export function addSourceField(items: readonly Item[], source: string): Item[] {
  return items.map((item) => ({ ...item, json: { ...item.json, _source: source } }));
}
