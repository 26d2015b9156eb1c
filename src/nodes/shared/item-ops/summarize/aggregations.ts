import type { JsonObject } from '../../../../core/model/types.js';

/** The aggregations "Fields to Summarize" offers. */
export type AggregationType = 'append' | 'average' | 'concatenate' | 'count' | 'countUnique' | 'max' | 'min' | 'sum';

/** One entry of "Fields to Summarize", with n8n's defaults applied. */
export interface Aggregation {
  readonly aggregation: AggregationType;
  readonly field: string;
  readonly includeEmpty: boolean;
  readonly separateBy: string;
  readonly customSeparator: string;
}

/** Reads a field of an item json (dot notation or not). */
export type ValueGetter = (json: JsonObject, field: string) => unknown;

const PREFIX: Record<AggregationType, string> = {
  append: 'appended_',
  average: 'average_',
  concatenate: 'concatenated_',
  count: 'count_',
  countUnique: 'unique_count_',
  max: 'max_',
  min: 'min_',
  sum: 'sum_',
};

/** The output key of an aggregation before normalisation, e.g. `count_id`. */
export function aggregationKey(entry: Aggregation): string {
  return `${PREFIX[entry.aggregation] ?? PREFIX.count}${entry.field}`;
}

/** n8n's output-key cleanup: brackets and quotes dropped, spaces and dots turned into `_` (`a.b` -> `a_b`). */
export function normalizeFieldName(name: string): string {
  return name.replace(/[\]["]/g, '').replace(/[ .]/g, '_');
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Computes one aggregation over a group of items. `countsHonourIncludeEmpty` is the Summarize node's behaviour;
 * Item Lists counts always skip empty values.
 */
export function aggregateValues(items: readonly JsonObject[], entry: Aggregation, getValue: ValueGetter, countsHonourIncludeEmpty: boolean): unknown {
  const values = items.map((json) => getValue(json, entry.field));
  const nonEmpty = (): unknown[] => values.filter((value) => !isEmpty(value));
  switch (entry.aggregation) {
    case 'append':
      return entry.includeEmpty ? values : nonEmpty();
    case 'concatenate': {
      const separator = entry.separateBy === 'other' ? entry.customSeparator : entry.separateBy;
      return (entry.includeEmpty ? values : nonEmpty()).map(concatenable).join(separator);
    }
    case 'average': {
      const numbers = values.filter((value): value is number => typeof value === 'number');
      return numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
    }
    case 'sum':
      return values.filter((value): value is number => typeof value === 'number').reduce((sum, value) => sum + value, 0);
    case 'min':
      return extreme(values, (value, best) => value < best);
    case 'max':
      return extreme(values, (value, best) => value > best);
    case 'countUnique':
      return new Set(countsHonourIncludeEmpty && entry.includeEmpty ? values : nonEmpty()).size;
    default:
      return countsHonourIncludeEmpty && entry.includeEmpty ? values.length : nonEmpty().length;
  }
}

/** As n8n: objects (and null) become JSON, undefined becomes the text `undefined`. */
function concatenable(value: unknown): unknown {
  if (typeof value === 'object') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return value;
}

/** The smallest/largest non-empty value by JavaScript's `<`/`>`, or null when there is none. */
function extreme(values: readonly unknown[], better: (value: never, best: never) => boolean): unknown {
  let best: unknown;
  for (const value of values) {
    if (isEmpty(value)) continue;
    if (best === undefined || better(value as never, best as never)) best = value;
  }
  return best ?? null;
}
