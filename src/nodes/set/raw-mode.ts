import type { NodeContext } from '../../core/node-api/index.js';
import { fillJsonTemplate, parseJsonParameter } from './json-parameter.js';

/** n8n's default for `jsonOutput` when a raw-mode node leaves it out. */
const defaultJsonOutput = '{\n  "my_field_1": "value",\n  "my_field_2": 1\n}\n';

/**
 * The `jsonOutput` template when it is saved as an expression (leading `=` removed), else undefined. Like n8n,
 * such a template is filled `{{ }}` by `{{ }}` per item and then parsed, rather than evaluated whole.
 */
export function jsonOutputTemplate(ctx: NodeContext): string | undefined {
  const raw = ctx.getRawParameter<unknown>('jsonOutput', defaultJsonOutput);
  return typeof raw === 'string' && raw.startsWith('=') ? raw.replace(/^=+/, '') : undefined;
}

/** The fields raw (JSON) mode sets on item `itemIndex`: the parsed `jsonOutput` object. */
export function rawFields(ctx: NodeContext, itemIndex: number, template: string | undefined): Record<string, unknown> {
  const data = template === undefined ? ctx.getParameter<unknown>('jsonOutput', itemIndex, defaultJsonOutput) : fillJsonTemplate(ctx, template, itemIndex);
  return parseJsonParameter(ctx.node.name, data, itemIndex);
}
