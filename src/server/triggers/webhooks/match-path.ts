/**
 * Matches a request path against a registered webhook path whose segments may be `:name` parameters
 * (`user/:id` matches `user/42` with `{id: '42'}`). Returns the parameters, or undefined when it does not match.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const wanted = pattern.split('/');
  const actual = path.split('/');
  if (wanted.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of wanted.entries()) {
    const value = actual[index] ?? '';
    if (segment.startsWith(':') && segment.length > 1) {
      if (value === '') return undefined;
      params[segment.slice(1)] = safeDecode(value);
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
