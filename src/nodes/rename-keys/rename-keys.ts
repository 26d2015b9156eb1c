import lodash from 'lodash';
import type { Item, JsonObject } from '../../core/model/types.js';
import type { NodeContext, NodeOutput, NodeTypeSpec } from '../../core/node-api/index.js';
import { renameByRegex, type RegexReplacement } from './regex-rename.js';

/** One entry of `keys.key`. */
interface KeyRename {
  readonly currentKey?: unknown;
  readonly newKey?: unknown;
}

/**
 * Moves the value at `currentKey` to `newKey` (both lodash paths). Entries with an empty name, or renaming a key to
 * itself, are ignored, and so is a key the item does not have.
 */
function renameKey(original: JsonObject, json: JsonObject, rename: KeyRename): void {
  const currentKey = String(rename.currentKey ?? '');
  const newKey = String(rename.newKey ?? '');
  if (currentKey === '' || newKey === '' || currentKey === newKey) return;
  // Read from the original item: a value moved by an earlier rename is still found under its old name.
  const value: unknown = lodash.get(original, currentKey);
  if (value === undefined) return;
  lodash.set(json, newKey, value);
  lodash.unset(json, currentKey);
}

/** Rename Keys: renames item fields by name (dot paths allowed) and, optionally, by regular expression. */
function executeRenameKeys(ctx: NodeContext, inputs: readonly (readonly Item[])[]): NodeOutput {
  const items = inputs[0] ?? [];
  return [
    items.map((item, itemIndex) => {
      const renames = ctx.getParameter<KeyRename[]>('keys.key', itemIndex, []) ?? [];
      const replacements = ctx.getParameter<RegexReplacement[]>('additionalOptions.regexReplacement.replacements', itemIndex, []) ?? [];
      let json = structuredClone(item.json);
      for (const rename of renames) renameKey(item.json, json, rename);
      for (const replacement of replacements) json = renameByRegex(json, replacement);
      const output: Item = { json, pairedItem: { item: itemIndex } };
      if (item.binary !== undefined) output.binary = item.binary;
      return output;
    }),
  ];
}

/** Rename Keys v1 (n8n-nodes-base.renameKeys). */
export const renameKeys: NodeTypeSpec = {
  type: 'n8n-nodes-base.renameKeys',
  versions: [1],
  displayName: 'Rename Keys',
  description: 'Update item field names',
  inputs: 1,
  outputs: 1,
  parameters: { keys: 'object', additionalOptions: 'object' },
  execute: executeRenameKeys,
};
