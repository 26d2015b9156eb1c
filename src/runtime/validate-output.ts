import { WeftError } from '../core/errors/index.js';
import type { Item } from '../core/model/types.js';

/** Checks that a node returned `Item[][]`; a node bug must fail that node with a clear message, not the engine. */
export function validateNodeOutput(output: unknown, nodeName: string): Item[][] {
  if (!Array.isArray(output)) {
    throw new WeftError('WEFT_E_NODE_OUTPUT_INVALID', `Node "${nodeName}" returned ${describe(output)} instead of a list of outputs`, { node: nodeName });
  }
  output.forEach((items, outputIndex) => {
    if (!Array.isArray(items)) {
      throw new WeftError('WEFT_E_NODE_OUTPUT_INVALID', `Node "${nodeName}" output ${outputIndex} is ${describe(items)}, not a list of items`, { node: nodeName, outputIndex });
    }
    items.forEach((item: unknown, itemIndex) => {
      const json = (item as { json?: unknown } | null)?.json;
      if (item === null || typeof item !== 'object' || json === null || typeof json !== 'object' || Array.isArray(json)) {
        throw new WeftError('WEFT_E_NODE_OUTPUT_INVALID', `Node "${nodeName}" output ${outputIndex} item ${itemIndex} has no "json" object`, { node: nodeName, outputIndex, itemIndex });
      }
    });
  });
  return output as Item[][];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
