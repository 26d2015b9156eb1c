import { isEmptyValue } from './equality.js';
import { ExtensionError, type ExtensionTable } from './types.js';

function contains(value: unknown, text: string): boolean {
  if (typeof value === 'string') return value.includes(text);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).includes(text);
  return false;
}

/** n8n's object extensions (plain objects only). */
export const objectExtensions: ExtensionTable<Record<string, unknown>> = {
  isEmpty: (value) => Object.keys(value).length === 0,
  isNotEmpty: (value) => Object.keys(value).length > 0,
  keys: (value) => Object.keys(value),
  values: (value) => Object.values(value),
  hasField: (value, [name]) => Object.hasOwn(value, String(name)),
  removeField: (value, [name]) => {
    const out = { ...value };
    delete out[String(name)];
    return out;
  },
  removeFieldsContaining: (value, [text]) => {
    if (typeof text !== 'string' || text === '') throw new ExtensionError('removeFieldsContaining(): expected a non-empty string');
    return Object.fromEntries(Object.entries(value).filter(([, v]) => !contains(v, text)));
  },
  keepFieldsContaining: (value, [text]) => {
    if (typeof text !== 'string' || text === '') throw new ExtensionError('keepFieldsContaining(): expected a non-empty string');
    return Object.fromEntries(Object.entries(value).filter(([, v]) => contains(v, text)));
  },
  merge: (value, [other]) => {
    if (other === null || typeof other !== 'object' || Array.isArray(other)) throw new ExtensionError('merge(): expected an object');
    return { ...(other as Record<string, unknown>), ...value };
  },
  compact: (value) => Object.fromEntries(Object.entries(value).filter(([, v]) => !isEmptyValue(v))),
  urlEncode: (value) => new URLSearchParams(Object.entries(value).map(([k, v]): [string, string] => [k, String(v)])).toString(),
  toJsonString: (value) => JSON.stringify(value),
};
