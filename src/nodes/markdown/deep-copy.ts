/**
 * A deep copy of item json the way n8n copies it: objects with a `toJSON` method (dates, Luxon DateTimes) become
 * what `toJSON` returns, arrays and plain objects are copied member by member, cycles keep pointing at the copy.
 */
export function deepCopyJson<T>(source: T, seen = new WeakMap<object, unknown>()): T {
  if (typeof source !== 'object' || source === null) return source;
  const withToJson = source as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return withToJson.toJSON() as T;
  if (seen.has(source)) return seen.get(source) as T;
  if (Array.isArray(source)) {
    const copy: unknown[] = [];
    seen.set(source, copy);
    for (const entry of source) copy.push(deepCopyJson(entry, seen));
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  seen.set(source, copy);
  for (const [key, value] of Object.entries(source)) copy[key] = deepCopyJson(value, seen);
  return copy as T;
}
