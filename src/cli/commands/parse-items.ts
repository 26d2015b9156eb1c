import { WeftError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';

/**
 * Parses `--input`: a JSON array of items (`{json: {...}}`) or of plain objects (wrapped as items), or a single
 * object (one item).
 */
export function parseInputItems(text: string): Item[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `--input is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { option: '--input' });
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((entry: unknown, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new WeftError('WEFT_E_INVALID_ARGUMENT', `--input[${index}] must be an object (an item or its json)`, { option: '--input', index });
    }
    const record = entry as Record<string, unknown>;
    const json = record.json;
    if (json !== undefined && json !== null && typeof json === 'object' && !Array.isArray(json)) {
      return { ...record, json } as Item;
    }
    return { json: record };
  });
}
