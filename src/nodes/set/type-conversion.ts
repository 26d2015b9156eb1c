import { parseJsObject } from './js-object.js';

/** The value types a Set field can have (`stringValue` → `string` for v3.0–3.2 fields). */
export type FieldType = 'string' | 'number' | 'boolean' | 'array' | 'object';

/** Outcome of converting one value to a field type. */
export type Conversion = { valid: true; value: unknown } | { valid: false; message: string };

/**
 * Converts `value` to `type` with n8n's loose rules (`validateFieldType`): numbers via `Number()`, booleans from
 * `true`/`false` (any case) and 0/1, arrays and objects from JSON text. null and undefined are always valid and
 * stay as they are. Unknown types pass the value through.
 */
export function convertToType(name: string, value: unknown, type: string): Conversion {
  if (value === null || value === undefined) return { valid: true, value };
  const failure: Conversion = { valid: false, message: `'${name}' expects a ${type} but we got ${describeValue(value)}` };
  try {
    switch (type.toLowerCase()) {
      case 'number':
        return { valid: true, value: toNumber(value) };
      case 'boolean':
        return { valid: true, value: toBoolean(value) };
      case 'array':
        return { valid: true, value: toArray(value) };
      case 'object':
        return { valid: true, value: toObject(value) };
      default:
        return { valid: true, value };
    }
  } catch {
    return failure;
  }
}

/** How n8n names a value in type errors: `'text'`, `'null'`, `array`, `object`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'object') {
    if (value === null) return "'null'";
    return Array.isArray(value) ? 'array' : 'object';
  }
  return `'${String(value)}'`;
}

function toNumber(value: unknown): number {
  const number = Number(value);
  if (Number.isNaN(number)) throw new Error('not a number');
  return number;
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) return value.toLowerCase() === 'true';
  // Anything but blank text may still be 0 or 1 once read as a number ("0", [], [1]…).
  if (!(typeof value === 'string' && value.trim() === '')) {
    const number = Number(value);
    if (number === 0) return false;
    if (number === 1) return true;
  }
  throw new Error('not a boolean');
}

function toArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const text = String(value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Arrays written with single quotes (['a', 'b']) are accepted too.
    parsed = JSON.parse(text.replace(/'/g, '"'));
  }
  if (!Array.isArray(parsed)) throw new Error('not an array');
  return parsed;
}

function toObject(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  const text = String(value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    parsed = parseJsObjectOr(text, error);
  }
  // n8n lets JSON `null` through here (typeof null is 'object'); the caller turns it into a null field.
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  return parsed;
}

function parseJsObjectOr(text: string, jsonError: unknown): unknown {
  try {
    return parseJsObject(text);
  } catch {
    throw jsonError;
  }
}
