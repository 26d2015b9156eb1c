const literalPattern = /^\/(.*?)\/([gimusy]*)$/;

/**
 * Builds a RegExp from user text: `/source/flags` is a literal with flags, anything else is the bare source.
 * `ignoreCase` adds the `i` flag. Throws SyntaxError on an invalid pattern, as n8n does.
 */
export function parseRegexPattern(pattern: string, ignoreCase = false): RegExp {
  const literal = literalPattern.exec(pattern);
  if (!literal) return new RegExp(pattern, ignoreCase ? 'i' : '');
  let flags = literal[2] ?? '';
  if (ignoreCase && !flags.includes('i')) flags += 'i';
  return new RegExp(literal[1] ?? '', flags);
}
