import { NodeExecutionError } from '../../core/errors/index.js';
import type { NodeContext } from '../../core/node-api/index.js';

/**
 * Fills a JSON template as n8n does for Set's JSON fields: every `{{ … }}` is evaluated on its own for the item
 * and replaced by its result, objects and arrays as JSON text, anything else as `String(value)`. So
 * `{"a": {{ $json.obj }}}` embeds an object, and `"{{ $json.name }}"` a string inside quotes.
 */
export function fillJsonTemplate(ctx: NodeContext, template: string, itemIndex: number): string {
  let result = template;
  for (const resolvable of template.match(/{{[\s\S]*?}}/g) ?? []) {
    const value = ctx.evaluate(`=${resolvable}`, itemIndex);
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    // A replacer function so `$&`-like sequences in the value are inserted literally.
    result = result.replace(resolvable, () => text);
  }
  return result;
}

/**
 * Parses the JSON of a Set JSON field (`'JSON Output'` in raw mode, or an object field of v3.0–3.2 when
 * `entryName` is given) into an object. Like n8n it retries once after common fixes (single quotes, unquoted
 * keys, trailing commas) and fails with n8n's messages.
 */
export function parseJsonParameter(nodeName: string, data: unknown, itemIndex: number, entryName?: string): Record<string, unknown> {
  const location = entryName === undefined ? "'JSON Output'" : `entry "${entryName}" inside 'Fields to Set'`;
  let parsed: unknown = data;
  if (typeof data === 'string') parsed = parseWithRecovery(nodeName, data, `The ${location} in item ${itemIndex} contains invalid JSON`);
  if (parsed === undefined || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new NodeExecutionError(nodeName, `The ${location} in item ${itemIndex} does not contain a valid JSON object`);
  }
  if (parsed === null) {
    // n8n accepts `null` here and then fails listing its keys; report it the same way.
    throw new NodeExecutionError(nodeName, 'Cannot convert undefined or null to object');
  }
  return parsed as Record<string, unknown>;
}

function parseWithRecovery(nodeName: string, text: string, message: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const recovered = text
      .replace(/'/g, '"')
      .replace(/(['"])?([a-zA-Z0-9_]+)(['"])?:/g, '"$2":')
      .replace(/,\s*([\]}])/g, '$1')
      .replace(/,+$/, '');
    try {
      return JSON.parse(recovered);
    } catch {
      const description = recovered === text ? text : `${recovered};\n Original input: ${text}`;
      throw new NodeExecutionError(nodeName, message, { description });
    }
  }
}
