/**
 * Shapes of n8n's "filter" parameter (If v2, Filter v2, Switch v3): a list of conditions, how to combine them,
 * and options the editor resolved and saved into the value.
 */

/** The value types a condition compares as. `any` skips conversion. */
export type FilterOperatorType = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'dateTime' | 'any';

/** Which comparison a condition makes, e.g. `{type: 'string', operation: 'startsWith'}`. */
export interface FilterOperator {
  type: string;
  operation: string;
  /** Type of the right value when it differs from `type` (array `contains` compares to `any`, `lengthGt` to `number`). */
  rightType?: string;
  /** The operation reads only the left value (exists, empty, true…). */
  singleValue?: boolean;
  name?: string;
}

/** One condition, with its values already resolved for the current item. */
export interface FilterCondition {
  id?: string;
  leftValue: unknown;
  rightValue: unknown;
  operator: FilterOperator;
}

/** Options saved in the value: the editor writes them from the node's settings. */
export interface FilterOptions {
  caseSensitive?: boolean;
  /** Anything but `strict` converts values loosely (older saves omit it, and n8n then converts). */
  typeValidation?: string;
  /** Behaviour version of the engine: 1 (If 2–2.1), 2 (If 2.2+), 3 (empty-number handling). */
  version?: number;
  leftValue?: unknown;
}

/** A complete filter parameter value. */
export interface FilterValue {
  options: FilterOptions;
  conditions: FilterCondition[];
  combinator: string;
}

/** Where a condition sits, for error messages: `[condition 0, item 2]`. */
export interface ConditionPosition {
  index: number;
  itemIndex: number;
}
