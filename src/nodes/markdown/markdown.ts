import lodash from 'lodash';
import { NodeHtmlMarkdown } from 'node-html-markdown';
import type { NodeHtmlMarkdownOptions } from 'node-html-markdown';
import showdown from 'showdown';
import { errorMessage } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { deepCopyJson } from './deep-copy.js';

type PatternPair = { pattern?: string; replacement?: string };

/**
 * Markdown v1: `mode` htmlToMarkdown (node-html-markdown, from `html`) or markdownToHtml (showdown, from
 * `markdown`). The result goes to `destinationKey` (dotted paths nest) of a copy of the item's json.
 */
export const markdown: NodeTypeSpec = {
  type: 'n8n-nodes-base.markdown',
  versions: [1],
  displayName: 'Markdown',
  inputs: 1,
  outputs: 1,
  parameters: { mode: 'options', html: 'any', markdown: 'any', destinationKey: 'string', options: 'object' },
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const mode = ctx.getParameter<string>('mode', 0, 'htmlToMarkdown');
    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        let converted: unknown;
        if (mode === 'htmlToMarkdown') converted = htmlToMarkdown(ctx, i);
        else if (mode === 'markdownToHtml') converted = markdownToHtml(ctx, i);
        else continue;
        const json = deepCopyJson(items[i]!.json);
        lodash.set(json, ctx.getParameter<string>('destinationKey', i, 'data'), converted);
        out.push({ json, pairedItem: { item: i } });
      } catch (error) {
        if (!ctx.continueOnFail) throw error;
        out.push({ json: { error: errorMessage(error) }, pairedItem: { item: i } });
      }
    }
    return [out];
  },
};

function htmlToMarkdown(ctx: NodeContext, i: number): unknown {
  const options: Record<string, unknown> = { ...ctx.getParameter<Record<string, unknown>>('options', i, {}) };
  const textReplace = ctx.getParameter<PatternPair[]>('options.textReplace.values', i, []);
  options.textReplace = textReplace.length > 0 ? textReplace.map((entry) => [entry.pattern, entry.replacement]) : undefined;
  options.lineStartEscape = patternPair(ctx.getParameter<PatternPair>('options.lineStartEscape.value', i, {}));
  options.globalEscape = patternPair(ctx.getParameter<PatternPair>('options.globalEscape.value', i, {}));
  options.ignore = splitList(options.ignore);
  options.blockElements = splitList(options.blockElements);
  // Only set options reach the converter. Patterns stay strings as n8n passes them (so a textReplace pattern
  // replaces its first literal occurrence), and `codeBlockStyle: fence` is handed over unchanged.
  const effective = Object.fromEntries(Object.entries(options).filter(([, value]) => Boolean(value))) as Partial<NodeHtmlMarkdownOptions>;
  return NodeHtmlMarkdown.translate(ctx.getParameter<string>('html', i, ''), effective);
}

function markdownToHtml(ctx: NodeContext, i: number): unknown {
  const converter = new showdown.Converter();
  for (const [key, value] of Object.entries(ctx.getParameter<Record<string, unknown>>('options', i, {}))) {
    converter.setOption(key, value);
  }
  return converter.makeHtml(ctx.getParameter<string>('markdown', i, ''));
}

function patternPair(entry: PatternPair): [string | undefined, string | undefined] | undefined {
  return Object.keys(entry).length > 0 ? [entry.pattern, entry.replacement] : undefined;
}

/** `"h1, p"` -> `['h1', 'p']`; empty or absent -> undefined. */
function splitList(value: unknown): string[] | undefined {
  return value ? String(value).split(',').map((element) => element.trim()) : undefined;
}
