import type { Item, JsonObject } from '../../core/model/types.js';
import { deepCopy } from './deep-copy.js';
import { fieldPaths } from './field-paths.js';

/** Which input fields a v3 Set keeps besides the fields it sets. */
export type IncludeMode = 'all' | 'none' | 'selected' | 'except';

/** How one output item of a v3 Set is built. */
export interface ComposeOptions {
  include: string;
  /** Comma-separated names for `selected` / `except`. */
  includeFields: string;
  excludeFields: string;
  dotNotation: boolean;
  /** Whether the input item's binary data is carried over. */
  includeBinary: boolean;
}

/**
 * Builds the output item for input `item` (index `itemIndex`): the kept input fields per `include`, then every
 * new field written in order (a nested path with dot notation). Kept fields are copies, never shared with input.
 */
export function composeItem(item: Item, itemIndex: number, newFields: JsonObject, options: ComposeOptions): Item {
  const output: Item = { json: {}, pairedItem: { item: itemIndex } };
  if (options.includeBinary && item.binary !== undefined) output.binary = { ...item.binary };
  const paths = fieldPaths(options.dotNotation);
  switch (options.include) {
    case 'all':
      output.json = deepCopy(item.json);
      break;
    case 'selected':
      for (const name of splitFieldList(options.includeFields)) {
        // With dot notation `a.b` is kept as `b` at the top level, as n8n does.
        const target = options.dotNotation && name.includes('.') ? (name.split('.').pop() ?? name) : name;
        paths.set(output.json, target, deepCopy(paths.get(item.json, name)));
      }
      break;
    case 'except': {
      const json = deepCopy(item.json);
      for (const name of splitFieldList(options.excludeFields)) paths.unset(json, name);
      output.json = json;
      break;
    }
    case 'none':
      break;
    default:
      throw new Error(`The include option "${options.include}" is not known!`);
  }
  for (const name of Object.keys(newFields)) paths.set(output.json, name, newFields[name]);
  return output;
}

/** Splits n8n's comma-separated field list, trimming names and dropping blanks. */
function splitFieldList(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
