import lodash from 'lodash';
import type { JsonObject } from '../../core/model/types.js';

/** Reads, writes and removes item fields by name, with or without dot notation. */
export interface FieldPaths {
  get(json: JsonObject, name: string): unknown;
  set(json: JsonObject, name: string, value: unknown): void;
  unset(json: JsonObject, name: string): void;
}

/**
 * With dot notation (the default) a name is a lodash path (`a.b`, `list[1]`). Without it a name is one top-level
 * key, where n8n also accepts the bracketed form `['key']` / `["key"]` for a key that does not exist verbatim.
 */
export function fieldPaths(dotNotation: boolean): FieldPaths {
  if (dotNotation) {
    return {
      get: (json, name) => lodash.get(json, name),
      set: (json, name, value) => void lodash.set(json, name, value),
      unset: (json, name) => void lodash.unset(json, name),
    };
  }
  return {
    get: (json, name) => {
      const key = literalKey(json, name);
      return Object.prototype.hasOwnProperty.call(json, key) ? json[key] : undefined;
    },
    set: (json, name, value) => {
      // defineProperty so a field called `__proto__` stays data.
      Object.defineProperty(json, literalKey(json, name), { value, enumerable: true, writable: true, configurable: true });
    },
    unset: (json, name) => void delete json[literalKey(json, name)],
  };
}

/** n8n's key sanitising for literal keys: `['a']` means `a` unless a key `['a']` exists. */
function literalKey(json: JsonObject, name: string): string {
  if (json[name] !== undefined) return name;
  const bracketed = (name.startsWith("['") && name.endsWith("']")) || (name.startsWith('["') && name.endsWith('"]'));
  return bracketed ? name.slice(2, -2) : name;
}
