import { NodeExecutionError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';

/** Empty item lists, one per output. */
export function emptyOutputs(count: number): Item[][] {
  return Array.from({ length: Math.max(0, count) }, () => []);
}

/**
 * The item list of output `index`. n8n indexes its output array with whatever the parameter resolved to, so
 * `"2"` works and `1.5` or `"abc"` fail the way JavaScript fails there.
 */
export function outputAt(outputs: Item[][], index: unknown): Item[] {
  const bucket: unknown = typeof index === 'number' || typeof index === 'string' ? (outputs as unknown as Record<string, unknown>)[String(index)] : undefined;
  if (!Array.isArray(bucket)) throw new TypeError("Cannot read properties of undefined (reading 'push')");
  return bucket as Item[];
}

/** Switch v1–v2 range check: `index` must name an existing output (JavaScript comparison, as in n8n). */
export function checkLegacyIndex(nodeName: string, outputCount: number, index: unknown): void {
  const value = index as number;
  if (value < 0 || value >= outputCount) {
    throw new NodeExecutionError(nodeName, `The ouput ${String(index)} is not allowed. It has to be between 0 and ${outputCount - 1}!`);
  }
}

/** Switch v3 range check, with n8n's wording (including its typo) and hints. */
export function checkIndex(nodeName: string, outputCount: number, index: unknown, itemIndex: number): void {
  if (Number(index) === outputCount) {
    throw new NodeExecutionError(nodeName, `The ouput ${String(index)} is not allowed. `, {
      itemIndex,
      description: `Output indexes are zero based, if you want to use the extra output use ${(index as number) - 1}`,
    });
  }
  const value = index as number;
  if (value < 0 || value > outputCount) {
    throw new NodeExecutionError(nodeName, `The ouput ${String(index)} is not allowed`, {
      itemIndex,
      description: `It has to be between 0 and ${outputCount - 1}`,
    });
  }
}

/** The item a Switch emits for a failed item under continueOnFail: just the message, on output 0. */
export function errorItem(message: string, itemIndex: number): Item {
  return { json: { error: message }, pairedItem: { item: itemIndex } };
}
