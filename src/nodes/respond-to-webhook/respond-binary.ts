import { NodeExecutionError } from '../../core/errors/index.js';
import type { BinaryData, Item } from '../../core/model/types.js';
import type { NodeContext } from '../../core/node-api/index.js';

/**
 * The file Respond to Webhook "Binary File" sends, from the first incoming item: its only (first) binary property
 * with `responseDataSource: automatically` (the default), or the property `inputFieldName` (default `data`) with
 * `responseDataSource: set`. Fails with n8n's messages when the item has no such file.
 *
 * @example
 * const file = responseFile(ctx, items); // {data: <base64>, mimeType: 'image/png', …}
 */
export function responseFile(ctx: NodeContext, items: readonly Item[]): BinaryData {
  const binary = items[0]?.binary;
  const names = binary ? Object.keys(binary) : [];
  if (!binary || names.length === 0) throw new NodeExecutionError(ctx.node.name, 'No binary data exists on the first item!', { itemIndex: 0 });
  const source = ctx.getParameter<string>('responseDataSource', 0, 'automatically');
  const property = source === 'set' ? ctx.getParameter<string>('inputFieldName', 0, 'data') : (names[0] ?? 'data');
  const file = binary[property];
  if (!file || typeof file.data !== 'string') {
    throw new NodeExecutionError(ctx.node.name, `The item has no binary field '${property}'`, {
      itemIndex: 0,
      description: `Check that the parameter where you specified the input binary field name is correct, and that it matches a field in the binary input (it has: ${names.join(', ')})`,
    });
  }
  return file;
}
