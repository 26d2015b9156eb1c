import { NodeExecutionError } from '../../core/errors/index.js';
import type { BinaryData, Item } from '../../core/model/types.js';

/**
 * The binary property `propertyName` of an input item, or n8n's error when the item has no binary data or not
 * that property (same wording as n8n's `assertBinaryData`).
 */
export function requireBinary(nodeName: string, item: Item, itemIndex: number, propertyName: string): BinaryData {
  if (item.binary === undefined) {
    throw new NodeExecutionError(
      nodeName,
      `This operation expects the node's input data to contain a binary file '${propertyName}', but none was found [item ${itemIndex}]`,
      { itemIndex, description: 'Make sure that the previous node outputs a binary file' },
    );
  }
  const data = item.binary[propertyName];
  if (data === undefined) {
    throw new NodeExecutionError(nodeName, `The item has no binary field '${propertyName}' [item ${itemIndex}]`, {
      itemIndex,
      description: 'Check that the parameter where you specified the input binary field name is correct, and that it matches a field in the binary input',
    });
  }
  return data;
}

/** The bytes of a binary attachment (stored inline as base64). */
export function binaryBuffer(data: BinaryData): Buffer {
  return Buffer.from(data.data, 'base64');
}
