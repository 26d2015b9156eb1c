/**
 * Freezes a JSON-like value and everything reachable from it, and returns it. Shared read-only values (a cached
 * workflow handed to many concurrent executions) are frozen so that code changing one by mistake fails loudly
 * (a TypeError in strict mode) instead of silently changing what every other reader sees.
 *
 * @example
 * const shared = deepFreeze(JSON.parse(text));
 * Object.isFrozen(shared.nodes[0]); // true
 */
export function deepFreeze<T>(value: T): T {
  // Typed arrays cannot be frozen while they have elements; they never occur in stored JSON documents.
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
