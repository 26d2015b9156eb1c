import { deepEqual, isEmptyValue, isPlainObject } from './equality.js';
import { ExtensionError, type ExtensionTable } from './types.js';

function numbers(value: readonly unknown[], name: string): number[] {
  return value.map((entry) => {
    const n = typeof entry === 'string' && entry.trim() !== '' ? Number(entry) : entry;
    if (typeof n !== 'number' || Number.isNaN(n)) throw new ExtensionError(`${name}(): all array elements must be numbers`);
    return n;
  });
}

function uniqueBy(value: readonly unknown[], fields: readonly unknown[]): unknown[] {
  const keyOf = (entry: unknown): unknown =>
    fields.length === 0 || !isPlainObject(entry) ? entry : fields.map((field) => entry[String(field)]);
  const out: unknown[] = [];
  const seen: unknown[] = [];
  for (const entry of value) {
    const key = keyOf(entry);
    if (!seen.some((other) => deepEqual(other, key))) {
      seen.push(key);
      out.push(entry);
    }
  }
  return out;
}

function arrayArg(arg: unknown, name: string): readonly unknown[] {
  if (!Array.isArray(arg)) throw new ExtensionError(`${name}(): expected an array argument`);
  return arg;
}

/** n8n's array extensions. */
export const arrayExtensions: ExtensionTable<readonly unknown[]> = {
  isEmpty: (value) => value.length === 0,
  isNotEmpty: (value) => value.length > 0,
  first: (value) => value[0],
  last: (value) => value[value.length - 1],
  sum: (value) => numbers(value, 'sum').reduce((a, b) => a + b, 0),
  average: (value) => {
    if (value.length === 0) throw new ExtensionError('average(): the array is empty');
    return numbers(value, 'average').reduce((a, b) => a + b, 0) / value.length;
  },
  min: (value) => Math.min(...numbers(value, 'min')),
  max: (value) => Math.max(...numbers(value, 'max')),
  unique: (value, fields) => uniqueBy(value, fields),
  removeDuplicates: (value, fields) => uniqueBy(value, fields),
  compact: (value) => value.filter((entry) => !isEmptyValue(entry)),
  chunk: (value, [size]) => {
    const n = typeof size === 'number' && size > 0 ? Math.floor(size) : 1;
    const out: unknown[][] = [];
    for (let i = 0; i < value.length; i += n) out.push(value.slice(i, i + n));
    return out;
  },
  difference: (value, [other]) => {
    const list = arrayArg(other, 'difference');
    return value.filter((entry) => !list.some((o) => deepEqual(o, entry)));
  },
  intersection: (value, [other]) => {
    const list = arrayArg(other, 'intersection');
    return uniqueBy(value.filter((entry) => list.some((o) => deepEqual(o, entry))), []);
  },
  union: (value, [other]) => uniqueBy([...value, ...arrayArg(other, 'union')], []),
  merge: (value, [other]) => {
    const all = [...value, ...(other === undefined ? [] : arrayArg(other, 'merge'))];
    const out: Record<string, unknown> = {};
    for (const entry of all) {
      if (!isPlainObject(entry)) throw new ExtensionError('merge(): all array elements must be objects');
      for (const [key, v] of Object.entries(entry)) if (!(key in out)) out[key] = v;
    }
    return out;
  },
  pluck: (value, fields) => {
    if (fields.length === 0) return [...value];
    return value
      .filter(isPlainObject)
      .map((entry) => (fields.length === 1 ? entry[String(fields[0])] : fields.map((field) => entry[String(field)])));
  },
  randomItem: (value) => value[Math.floor(Math.random() * value.length)],
  renameKeys: (value, pairs) => {
    if (pairs.length % 2 !== 0) throw new ExtensionError('renameKeys(): expected pairs of old and new key names');
    return value.map((entry) => {
      if (!isPlainObject(entry)) return entry;
      const out = { ...entry };
      for (let i = 0; i < pairs.length; i += 2) {
        const from = String(pairs[i]);
        const to = String(pairs[i + 1]);
        if (from in out) {
          out[to] = out[from];
          delete out[from];
        }
      }
      return out;
    });
  },
  smartJoin: (value, [keyField, valueField]) => {
    const out: Record<string, unknown> = {};
    for (const entry of value) if (isPlainObject(entry)) out[String(entry[String(keyField)])] = entry[String(valueField)];
    return out;
  },
  append: (value, items) => [...value, ...items],
  toJsonString: (value) => JSON.stringify(value),
};
