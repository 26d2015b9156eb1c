import lodash from 'lodash';
import type { JsonObject } from '../../../core/model/types.js';
import type { Fail } from './fail.js';

/**
 * How item fields are addressed, shared by every item-list operation. With dot notation (the default) a field
 * name is a lodash path (`a.b`, `list[0]`); with `disableDotNotation` it is one literal top-level key.
 */
export interface FieldAccess {
  readonly disableDotNotation: boolean;
}

/** Reads `field` of `json`; undefined when it is missing. */
export function readField(json: JsonObject, field: string, access: FieldAccess): unknown {
  if (access.disableDotNotation) return ownValue(json, field);
  return lodash.get(json, field);
}

/** Whether `field` holds a value in `json` (n8n's "found" test: defined value, or an own key without dot notation). */
export function hasField(json: JsonObject, field: string, access: FieldAccess): boolean {
  if (access.disableDotNotation) return Object.prototype.hasOwnProperty.call(json, field);
  return lodash.get(json, field) !== undefined;
}

/** Writes `value` at `field` of `json` (a nested path with dot notation). */
export function writeField(json: JsonObject, field: string, value: unknown, access: FieldAccess): void {
  if (access.disableDotNotation) json[field] = value;
  else lodash.set(json, field, value);
}

/** Removes `field` from `json` (a nested path with dot notation). */
export function removeField(json: JsonObject, field: string, access: FieldAccess): void {
  if (access.disableDotNotation) delete json[field];
  else lodash.unset(json, field);
}

/** An own property only: item json is data, inherited members (`constructor`, `__proto__`) are never fields. */
function ownValue(json: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(json, key) ? json[key] : undefined;
}

/**
 * A list of field names as the nodes save it, in any of n8n's shapes: a comma-separated string (standalone nodes,
 * Item Lists v3), an array of names, or a fixed collection `{fields: [{fieldName}]}` (Item Lists v1/v2).
 * Names from strings are trimmed and blanks dropped, as n8n does; array and collection entries are kept as saved.
 */
export function parseFieldList(raw: unknown, label: string, fail: Fail): string[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'string') {
    return raw
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  }
  if (Array.isArray(raw)) return raw.map((entry) => String(entry));
  if (typeof raw === 'object') {
    const fields = (raw as { fields?: unknown }).fields;
    if (fields === undefined) return [];
    if (Array.isArray(fields)) {
      return fields.map((entry) => {
        const name = entry !== null && typeof entry === 'object' ? (entry as { fieldName?: unknown }).fieldName : undefined;
        return name === undefined || name === null ? '' : String(name);
      });
    }
  }
  return fail(`The '${label}' parameter must be a string of fields separated by commas or an array of strings.`);
}
