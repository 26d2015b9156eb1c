/** n8n's notion of an object for item checks: not null, not an array, not a Date. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Raised when returned items mix wrapped (`{json}`) and unwrapped shapes. */
export class InconsistentItemsError extends Error {
  constructor() {
    super('Inconsistent item format');
    this.name = 'InconsistentItemsError';
  }
}

const has = (value: unknown, key: string): boolean => typeof value === 'object' && value !== null && key in value;

/**
 * Wraps returned data into items the way n8n's `normalizeItems` does: a single object becomes a list; when every
 * entry has `json` the list is kept; when every entry has `binary` the other keys become its `json`; otherwise
 * each entry is wrapped as `{json: entry}`. Mixed shapes are an error.
 *
 * @example
 * normalizeItems({ a: 1 }); // [{ json: { a: 1 } }]
 */
export function normalizeItems(data: unknown): Record<string, unknown>[] {
  let list: unknown[];
  if (Array.isArray(data)) list = data;
  else if (typeof data === 'object' && data !== null) list = (data as Record<string, unknown>).json ? [data] : [{ json: data }];
  else if (data === undefined || data === null) throw new TypeError(`Cannot read properties of ${String(data)} (reading '${data === null ? 'json' : 'every'}')`);
  else throw new TypeError('executionData.every is not a function');

  if (list.every((entry) => has(entry, 'json'))) return list as Record<string, unknown>[];
  if (list.some((entry) => has(entry, 'json'))) throw new InconsistentItemsError();
  if (list.every((entry) => has(entry, 'binary'))) {
    return (list as Record<string, unknown>[]).map((entry) => {
      const { binary, ...json } = entry;
      return { json, binary };
    });
  }
  if (list.some((entry) => has(entry, 'binary'))) throw new InconsistentItemsError();
  return list.map((entry) => ({ json: entry }));
}
