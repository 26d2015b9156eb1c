import { DateTime } from 'luxon';
import { parseJsObjectLiteral } from './js-object.js';

/** Result of converting a value to a comparison type: the converted value, or a refusal. */
export type Coerced = { readonly valid: true; readonly value: unknown } | { readonly valid: false };

const refuse: Coerced = { valid: false };
const accept = (value: unknown): Coerced => ({ valid: true, value });

/** How strictly to convert: `strict` refuses values of another JS type (dates and `any` are never strict). */
export interface CoerceOptions {
  readonly strict: boolean;
  /** Zone for date strings without an offset. */
  readonly zone?: string;
}

/**
 * Converts `value` to `type` the way n8n validates filter values: strings stringify anything (objects as JSON),
 * numbers accept numeric strings, booleans accept `"true"`/`"false"`/`0`/`1`, arrays and objects accept JSON
 * text, dates accept ISO, HTTP, RFC 2822 and SQL text. `null`/`undefined` are always accepted unchanged.
 */
export function coerceValue(value: unknown, type: string, options: CoerceOptions): Coerced {
  if (value === null || value === undefined) return accept(value);
  const { strict } = options;
  switch (type.toLowerCase()) {
    case 'string':
      if (strict && typeof value !== 'string') return refuse;
      return accept(stringify(value));
    case 'number':
      if (strict && typeof value !== 'number') return refuse;
      return toNumber(value);
    case 'boolean':
      if (strict && typeof value !== 'boolean') return refuse;
      return toBoolean(value);
    case 'datetime':
      return toDateTime(value, options.zone);
    case 'array':
      if (strict && !Array.isArray(value)) return refuse;
      return toArray(value);
    case 'object':
      if (strict && !isObjectLike(value)) return refuse;
      return toObject(value);
    default:
      return accept(value);
  }
}

/** String form used for loose string comparison: objects and arrays as JSON. */
function stringify(value: unknown): string {
  if (typeof value === 'object') return JSON.stringify(value) ?? String(value);
  return String(value);
}

function toNumber(value: unknown): Coerced {
  const number = Number(value);
  return Number.isNaN(number) ? refuse : accept(number);
}

/** Booleans, `"true"`/`"false"` in any case, and anything whose numeric value is exactly 0 or 1. */
export function toBoolean(value: unknown): Coerced {
  if (typeof value === 'boolean') return accept(value);
  if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) return accept(value.toLowerCase() === 'true');
  if (!(typeof value === 'string' && value.trim() === '')) {
    const number = Number(value);
    if (number === 0) return accept(false);
    if (number === 1) return accept(true);
  }
  return refuse;
}

/** Parses a date from a luxon DateTime, a JS Date or text in the formats luxon and `Date.parse` know. */
export function toDateTime(value: unknown, zone?: string): Coerced {
  if (DateTime.isDateTime(value) && value.isValid) return accept(value);
  if (value instanceof Date) {
    const fromDate = DateTime.fromJSDate(value, { zone });
    if (fromDate.isValid) return accept(fromDate);
  }
  const text = String(value).trim();
  const parsers = [
    () => DateTime.fromISO(text, { zone, setZone: true }),
    () => DateTime.fromHTTP(text, { zone, setZone: true }),
    () => DateTime.fromRFC2822(text, { zone, setZone: true }),
    () => DateTime.fromSQL(text, { zone, setZone: true }),
    () => DateTime.fromMillis(Date.parse(text), { zone }),
  ];
  for (const parseWith of parsers) {
    const parsed = parseWith();
    if (parsed.isValid) return accept(parsed);
  }
  return refuse;
}

function toArray(value: unknown): Coerced {
  if (Array.isArray(value)) return accept(value);
  const text = String(value);
  const parsed = parseJson(text) ?? parseJson(text.replace(/'/g, '"'));
  return parsed !== undefined && Array.isArray(parsed.value) ? accept(parsed.value) : refuse;
}

function toObject(value: unknown): Coerced {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return accept(value);
  const text = String(value);
  let parsed = parseJson(text)?.value;
  if (parsed === undefined) {
    try {
      parsed = parseJsObjectLiteral(text);
    } catch {
      return refuse;
    }
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? accept(parsed) : refuse;
}

/** `JSON.parse` that reports failure as `undefined` (the parsed value is boxed so `null` stays distinguishable). */
function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** lodash `isObject`: objects, arrays and functions. */
function isObjectLike(value: unknown): boolean {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}
