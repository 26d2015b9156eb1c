/**
 * Copies item json the way n8n's `deepCopy` does, so copied items serialise the same: values with a `toJSON`
 * method (dates, Luxon DateTimes) become what `toJSON` returns, cycles are kept as cycles, functions and
 * primitives are kept as they are.
 */
export function deepCopy<T>(source: T): T {
  return copyValue(source, new WeakMap()) as T;
}

function copyValue(source: unknown, seen: WeakMap<object, unknown>): unknown {
  if (source === null || typeof source !== 'object') return source;
  const withToJson = source as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') return (withToJson.toJSON as () => unknown).call(source);
  if (seen.has(source)) return seen.get(source);
  if (Array.isArray(source)) {
    const clone: unknown[] = [];
    seen.set(source, clone);
    for (const entry of source) clone.push(copyValue(entry, seen));
    return clone;
  }
  const clone: Record<string, unknown> = {};
  seen.set(source, clone);
  for (const [key, value] of Object.entries(source)) {
    // defineProperty keeps a `__proto__` key a plain data key instead of replacing the clone's prototype.
    Object.defineProperty(clone, key, { value: copyValue(value, seen), enumerable: true, writable: true, configurable: true });
  }
  return clone;
}
