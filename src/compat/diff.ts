/**
 * Finds the first difference between two JSON values and describes it with its path, e.g.
 * `[2].json.name: expected "Ann", got "Bob"`. Returns undefined when they are deeply equal.
 */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (Object.is(expected, actual)) return undefined;
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return mismatch(path, expected, actual);
    for (let index = 0; index < Math.min(expected.length, actual.length); index++) {
      const difference = firstDifference(expected[index], actual[index], `${path}[${index}]`);
      if (difference) return difference;
    }
    if (expected.length !== actual.length) return `${path || '$'}: expected ${expected.length} entries, got ${actual.length}`;
    return undefined;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) return `${join(path, key)}: missing (expected ${preview(expected[key])})`;
      const difference = firstDifference(expected[key], actual[key], join(path, key));
      if (difference) return difference;
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected)) return `${join(path, key)}: unexpected field (got ${preview(actual[key])})`;
    }
    return undefined;
  }
  return mismatch(path, expected, actual);
}

function mismatch(path: string, expected: unknown, actual: unknown): string {
  return `${path || '$'}: expected ${preview(expected)}, got ${preview(actual)}`;
}

function join(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
