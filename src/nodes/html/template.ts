import type { NodeContext } from '../../core/node-api/index.js';

/**
 * The template used when the node has no `html` parameter (the editor omits a template left at its default).
 * Weft ships its own sample; it is not byte-identical to n8n's.
 */
export const DEFAULT_TEMPLATE = [
  '<!DOCTYPE html>',
  '<html>',
  '<head>',
  '  <meta charset="UTF-8" />',
  '  <title>Page</title>',
  '</head>',
  '<body>',
  '  <main>',
  '    <h1>Heading</h1>',
  '    <p>Paragraph text.</p>',
  '  </main>',
  '</body>',
  '</html>',
].join('\n');

/** Every `{{ … }}` block of a template, in order (non-greedy, may span lines). */
export function findResolvables(template: string): string[] {
  return template.match(/{{[\s\S]*?}}/g) ?? [];
}

/**
 * The `html` template of item `itemIndex` with each `{{ … }}` replaced by its value. Each block is evaluated on
 * its own, so the rest of the template (CSS braces, scripts) is left untouched.
 */
export function renderTemplate(ctx: NodeContext, itemIndex: number): string {
  let html = String(ctx.getParameter<unknown>('html', itemIndex, DEFAULT_TEMPLATE));
  for (const resolvable of findResolvables(html)) {
    // String.replace with a string pattern replaces the first occurrence, which is the block just found.
    html = html.replace(resolvable, String(ctx.evaluate(`=${resolvable}`, itemIndex)));
  }
  return html;
}
