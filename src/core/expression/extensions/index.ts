import { DateTime } from 'luxon';
import { arrayExtensions } from './arrays.js';
import { DATE_OVERRIDES, dateExtensions, toDateTime } from './dates.js';
import { isPlainObject } from './equality.js';
import { booleanExtensions, numberExtensions } from './numbers.js';
import { objectExtensions } from './objects.js';
import { stringExtensions } from './strings.js';
import type { ExtensionContext } from './types.js';

export { ExtensionError, type ExtensionContext } from './types.js';

/** A bound extension call, or undefined when `value` has no extension `name`. */
export type BoundExtension = (args: readonly unknown[], ctx: ExtensionContext) => unknown;

function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * Finds n8n's extension method `name` for `value`'s type. Extensions are looked up at call time by the
 * evaluator; no host prototype is ever patched.
 */
export function findExtension(value: unknown, name: string): BoundExtension | undefined {
  switch (typeof value) {
    case 'string': {
      const ext = own(stringExtensions, name);
      return ext && ((args, ctx) => ext(value, args, ctx));
    }
    case 'number': {
      const ext = own(numberExtensions, name);
      return ext && ((args, ctx) => ext(value, args, ctx));
    }
    case 'boolean': {
      const ext = own(booleanExtensions, name);
      return ext && ((args, ctx) => ext(value, args, ctx));
    }
    case 'object': {
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        const ext = own(arrayExtensions, name);
        return ext && ((args, ctx) => ext(value, args, ctx));
      }
      if (DateTime.isDateTime(value) || value instanceof Date) {
        const ext = own(dateExtensions, name);
        return ext && ((args, ctx) => ext(toDateTime(value, ctx), args, ctx));
      }
      if (isPlainObject(value)) {
        const ext = own(objectExtensions, name);
        return ext && ((args, ctx) => ext(value, args, ctx));
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** True when n8n's extension replaces the value's own method of that name (Luxon's `plus(n, unit)` form). */
export function extensionOverridesNative(value: unknown, name: string): boolean {
  return DATE_OVERRIDES.has(name) && DateTime.isDateTime(value);
}
