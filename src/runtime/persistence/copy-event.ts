/**
 * A deep copy of a scheduler event for its checkpoint. Events are plain data (arrays, plain objects, primitives),
 * which this copies ~6× faster than `structuredClone` (measured on a webhook item: 0.65 µs vs 4.2 µs), and every
 * finished node's event is copied. Anything else inside (a Date, a Buffer, a Map) is copied by `structuredClone`,
 * and so is a whole event that holds a cycle. An object reached twice is copied twice (`structuredClone` would keep
 * one copy): the JSON the store writes repeats it anyway.
 *
 * @example
 * const copy = copyEvent(event); // later changes to `event` do not show in `copy`
 */
export function copyEvent<T>(event: T): T {
  try {
    return copyPlain(event, 0) as T;
  } catch (error) {
    if (error instanceof CycleSuspected) return structuredClone(event);
    throw error;
  }
}

/** Deeper than any real item: taken as a cycle, which `structuredClone` copies faithfully. */
const MAX_DEPTH = 500;

class CycleSuspected extends Error {}

function copyPlain(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) throw new CycleSuspected();
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = copyPlain(value[index], depth + 1);
    return copy;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const entry = copyPlain((value as Record<string, unknown>)[key], depth + 1);
    // A `__proto__` key (JSON.parse makes them) must stay a data key, not replace the copy's prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: entry, enumerable: true, writable: true, configurable: true });
    else copy[key] = entry;
  }
  return copy;
}
