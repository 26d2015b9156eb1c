import type { JsonObject } from '../../../../core/model/types.js';
import type { Aggregation, ValueGetter } from './aggregations.js';

/** An input item's json with its position, so groups can pair their output with the items they came from. */
export interface IndexedJson {
  readonly json: JsonObject;
  readonly index: number;
}

/** What both grouping strategies need. */
export interface GroupingInput {
  readonly items: readonly IndexedJson[];
  readonly splitKeys: readonly string[];
  readonly aggregations: readonly Aggregation[];
  readonly getValue: ValueGetter;
  readonly skipEmptySplitFields: boolean;
  readonly countsHonourIncludeEmpty: boolean;
}

/** One output row of a summary: its fields and the input items it summarises. */
export interface SummaryRow {
  readonly json: JsonObject;
  readonly pairedItems: readonly number[];
}
