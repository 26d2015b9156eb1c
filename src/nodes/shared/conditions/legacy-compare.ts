import { DateTime } from 'luxon';
import { NodeExecutionError } from '../../../core/errors/index.js';
import { parseRegexPattern } from './regex.js';

/**
 * The comparisons of n8n's first-generation conditions (If v1, Filter v1, Switch v1–v2). They keep JavaScript's
 * loose semantics on purpose: `larger` compares with `>` whatever the types, missing values count as 0 or '',
 * and `startsWith` on a non-text value fails as it does in n8n.
 */
export function legacyCompare(operation: string, value1: unknown, value2: unknown): boolean {
  const compare = legacyOperations[operation];
  if (!compare) throw new TypeError(`Unknown comparison operation "${operation}"`);
  return compare(value1, value2);
}

type Compare = (value1: unknown, value2: unknown) => boolean;

// Relational operators on `unknown` keep JS semantics (numbers numerically, text lexicographically); the casts
// only satisfy the type checker.
const gt = (a: unknown, b: unknown): boolean => ((a || 0) as number) > ((b || 0) as number);
const lt = (a: unknown, b: unknown): boolean => ((a || 0) as number) < ((b || 0) as number);
const gte = (a: unknown, b: unknown): boolean => ((a || 0) as number) >= ((b || 0) as number);
const lte = (a: unknown, b: unknown): boolean => ((a || 0) as number) <= ((b || 0) as number);
const text = (value: unknown): string => String(value || '');

const legacyOperations: Readonly<Record<string, Compare>> = {
  after: gt,
  before: lt,
  larger: gt,
  largerEqual: gte,
  smaller: lt,
  smallerEqual: lte,
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  contains: (a, b) => text(a).includes(text(b)),
  notContains: (a, b) => !text(a).includes(text(b)),
  startsWith: (a, b) => stringMethod(a, 'startsWith').startsWith(String(b)),
  notStartsWith: (a, b) => !stringMethod(a, 'startsWith').startsWith(String(b)),
  endsWith: (a, b) => stringMethod(a, 'endsWith').endsWith(String(b)),
  notEndsWith: (a, b) => !stringMethod(a, 'endsWith').endsWith(String(b)),
  isEmpty: (a) => isLegacyEmpty(a),
  isNotEmpty: (a) => !isLegacyEmpty(a),
  regex: (a, b) => parseRegexPattern(text(b)).test(text(a)),
  notRegex: (a, b) => !parseRegexPattern(text(b)).test(text(a)),
};

/** n8n calls text methods on the raw value; a non-text value fails with the error JavaScript gives. */
function stringMethod(value: unknown, method: string): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) throw new TypeError(`Cannot read properties of ${String(value)} (reading '${method}')`);
  throw new TypeError(`value1.${method} is not a function`);
}

/** Empty: undefined, null, '', NaN, an object without keys, or an invalid Date. */
function isLegacyEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || Number.isNaN(value)) return true;
  if (value instanceof Date) return Number.isNaN(value.getTime());
  if (typeof value === 'object') return Object.entries(value).length === 0;
  return false;
}

/**
 * Converts a legacy dateTime value to milliseconds for comparison: text through `Date`, numbers as they are,
 * Date and luxon DateTime objects by their time. Anything else fails with n8n's message.
 */
export function legacyDateToMillis(value: unknown, nodeName: string): number {
  let millis: number | undefined;
  if (typeof value === 'string') millis = new Date(value).getTime();
  else if (typeof value === 'number') millis = value;
  else if (value instanceof Date) millis = value.getTime();
  else if (DateTime.isDateTime(value)) millis = value.toMillis();
  if (millis === undefined || Number.isNaN(millis)) {
    throw new NodeExecutionError(nodeName, `The value "${String(value)}" is not a valid DateTime.`);
  }
  return millis;
}
