import type { DateTime } from 'luxon';
import { parseConditionSides } from './parse-values.js';
import { parseRegexPattern } from './regex.js';
import type { ConditionPosition, FilterCondition, FilterOptions } from './types.js';

/**
 * Evaluates one condition of a filter value for one item, as n8n's filter engine does. Values are converted
 * to the operator's type first (see {@link parseConditionSides}), which throws on values of the wrong type.
 * Unknown operators evaluate to false.
 */
export function evaluateCondition(condition: FilterCondition, options: FilterOptions, position: ConditionPosition, zone?: string): boolean {
  const ignoreCase = !options.caseSensitive;
  const { operation } = condition.operator;
  const { left, right } = parseConditionSides(condition, options, position, zone);
  const exists = left !== undefined && left !== null && !Number.isNaN(left);
  if (operation === 'exists') return exists;
  if (operation === 'notExists') return !exists;

  switch (condition.operator.type) {
    case 'string':
      return compareStrings(operation, left, right, ignoreCase);
    case 'number':
      return compareNumbers(operation, left, right, exists);
    case 'dateTime':
      return compareDates(operation, left, right, exists);
    case 'boolean':
      return compareBooleans(operation, left, right, exists);
    case 'array':
      return compareArrays(operation, left, right, ignoreCase);
    case 'object':
      return checkObject(operation, left);
    default:
      return false;
  }
}

function compareStrings(operation: string, leftValue: unknown, rightValue: unknown, ignoreCase: boolean): boolean {
  // Regex keeps the original text: case is handled by the `i` flag instead.
  const lowercase = ignoreCase && operation !== 'regex' && operation !== 'notRegex';
  const asText = (value: unknown): string => {
    const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
    return lowercase ? text.toLocaleLowerCase() : text;
  };
  const left = asText(leftValue);
  const right = asText(rightValue);
  switch (operation) {
    case 'empty': return left.length === 0;
    case 'notEmpty': return left.length !== 0;
    case 'equals': return left === right;
    case 'notEquals': return left !== right;
    case 'contains': return left.includes(right);
    case 'notContains': return !left.includes(right);
    case 'startsWith': return left.startsWith(right);
    case 'notStartsWith': return !left.startsWith(right);
    case 'endsWith': return left.endsWith(right);
    case 'notEndsWith': return !left.endsWith(right);
    case 'regex': return parseRegexPattern(right, ignoreCase).test(left);
    case 'notRegex': return !parseRegexPattern(right, ignoreCase).test(left);
    default: return false;
  }
}

function compareNumbers(operation: string, leftValue: unknown, rightValue: unknown, exists: boolean): boolean {
  const left = leftValue as number;
  const right = rightValue as number;
  switch (operation) {
    case 'empty': return !exists;
    case 'notEmpty': return exists;
    case 'equals': return left === right;
    case 'notEquals': return left !== right;
    case 'gt': return left > right;
    case 'lt': return left < right;
    case 'gte': return left >= right;
    case 'lte': return left <= right;
    default: return false;
  }
}

function compareDates(operation: string, leftValue: unknown, rightValue: unknown, exists: boolean): boolean {
  if (operation === 'empty') return !exists;
  if (operation === 'notEmpty') return exists;
  if (!leftValue || !rightValue) return false;
  const left = (leftValue as DateTime).toMillis();
  const right = (rightValue as DateTime).toMillis();
  switch (operation) {
    case 'equals': return left === right;
    case 'notEquals': return left !== right;
    case 'after': return left > right;
    case 'before': return left < right;
    case 'afterOrEquals': return left >= right;
    case 'beforeOrEquals': return left <= right;
    default: return false;
  }
}

function compareBooleans(operation: string, left: unknown, right: unknown, exists: boolean): boolean {
  switch (operation) {
    case 'empty': return !exists;
    case 'notEmpty': return exists;
    case 'true': return Boolean(left);
    case 'false': return !left;
    case 'equals': return left === right;
    case 'notEquals': return left !== right;
    default: return false;
  }
}

function compareArrays(operation: string, leftValue: unknown, right: unknown, ignoreCase: boolean): boolean {
  const left: readonly unknown[] = Array.isArray(leftValue) ? leftValue : [];
  const length = right as number;
  switch (operation) {
    case 'contains': return arrayContains(left, right, ignoreCase);
    case 'notContains': return !arrayContains(left, right, ignoreCase);
    case 'lengthEquals': return left.length === length;
    case 'lengthNotEquals': return left.length !== length;
    case 'lengthGt': return left.length > length;
    case 'lengthLt': return left.length < length;
    case 'lengthGte': return left.length >= length;
    case 'lengthLte': return left.length <= length;
    case 'empty': return left.length === 0;
    case 'notEmpty': return left.length !== 0;
    default: return false;
  }
}

/** Membership by `===`; with `ignoreCase`, a text value matches text entries case-insensitively. */
export function arrayContains(list: readonly unknown[], value: unknown, ignoreCase: boolean): boolean {
  if (ignoreCase && typeof value === 'string') {
    const wanted = value.toLocaleLowerCase();
    return list.some((entry) => typeof entry === 'string' && entry.toLocaleLowerCase() === wanted);
  }
  return list.includes(value);
}

function checkObject(operation: string, left: unknown): boolean {
  const keyCount = left !== null && typeof left === 'object' ? Object.keys(left).length : 0;
  switch (operation) {
    case 'empty': return !left || keyCount === 0;
    case 'notEmpty': return !!left && keyCount !== 0;
    default: return false;
  }
}
