/** A piece of an expression string: literal text or the code between `{{` and `}}`. */
export type TemplateChunk = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'code'; readonly code: string };

/** True when `position` of `text` lies inside a string literal (so a `}}` there does not close the code). */
function insideString(text: string, position: number): boolean {
  let quote: string | undefined;
  for (let i = 0; i < position; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (quote === undefined) {
      if (char === "'" || char === '"' || char === '`') quote = char;
    } else if (char === quote) {
      quote = undefined;
    }
  }
  return quote !== undefined;
}

/**
 * Splits an expression (without its leading `=`) into text and code chunks the way n8n does: `\{{` is literal
 * text, a `}}` inside a string literal does not close the code, and an unclosed `{{` runs to the end.
 */
export function splitTemplate(source: string): TemplateChunk[] {
  const chunks: TemplateChunk[] = [];
  let text = '';
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf('{{', index);
    if (open < 0) {
      text += source.slice(index);
      break;
    }
    if (open > 0 && source[open - 1] === '\\') {
      text += source.slice(index, open + 2);
      index = open + 2;
      continue;
    }
    text += source.slice(index, open);
    chunks.push({ kind: 'text', text });
    text = '';
    let close = source.indexOf('}}', open + 2);
    while (close >= 0 && (insideString(source.slice(open + 2, close), close - open - 2) || source[close - 1] === '\\')) {
      close = source.indexOf('}}', close + 2);
    }
    const end = close < 0 ? source.length : close;
    chunks.push({ kind: 'code', code: source.slice(open + 2, end).replaceAll('\\}}', '}}') });
    index = close < 0 ? source.length : close + 2;
  }
  if (text.length > 0 || chunks.length === 0) chunks.push({ kind: 'text', text });
  return chunks.filter((chunk) => chunk.kind === 'code' || chunk.text.length > 0 || chunks.length === 1);
}
