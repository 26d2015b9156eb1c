import { evaluateCondition } from './evaluate-condition.js';
import type { FilterCondition, FilterOptions, FilterValue } from './types.js';
import { isRecord } from '../../../core/model/is-record.js';

/** n8n's test for a filter value: an object with `conditions` and `combinator`. */
export function isFilterValue(value: unknown): value is FilterValue {
  return typeof value === 'object' && value !== null && 'conditions' in value && 'combinator' in value;
}

/**
 * Evaluates a filter value for one item: `and` needs every condition, `or` any (both stop at the first
 * decisive one, so later conditions may not be checked). An unknown combinator is false.
 *
 * @param fallbackOptions used when the value carries no `options` (hand-written workflows); the editor always saves them.
 */
export function executeFilter(value: FilterValue, itemIndex: number, fallbackOptions: FilterOptions = {}, zone?: string): boolean {
  const options: FilterOptions = isRecord(value.options) ? value.options : fallbackOptions;
  const conditions: readonly FilterCondition[] = Array.isArray(value.conditions) ? value.conditions.map(normaliseCondition) : [];
  const passes = (condition: FilterCondition, index: number): boolean => evaluateCondition(condition, options, { index, itemIndex }, zone);
  if (value.combinator === 'and') return conditions.every(passes);
  if (value.combinator === 'or') return conditions.some(passes);
  return false;
}

/** Fills what a hand-written condition may lack, so evaluation never trips on a missing operator. */
function normaliseCondition(raw: unknown): FilterCondition {
  const condition: Record<string, unknown> = isRecord(raw) ? raw : {};
  const operator: Record<string, unknown> = isRecord(condition.operator) ? condition.operator : {};
  return {
    leftValue: condition.leftValue,
    rightValue: condition.rightValue,
    operator: {
      type: typeof operator.type === 'string' ? operator.type : 'string',
      operation: typeof operator.operation === 'string' ? operator.operation : 'equals',
      rightType: typeof operator.rightType === 'string' ? operator.rightType : undefined,
      singleValue: operator.singleValue === true,
    },
  };
}
