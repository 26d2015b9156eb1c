import { NodeExecutionError } from '../../core/errors/index.js';
import type { BinaryData, Item } from '../../core/model/types.js';

/**
 * The binary data a `binary` assignment (v3.3+) names: either the name of a binary property of the input item,
 * or a binary object the expression returned (`{{ $('Node').item.binary.data }}`). Fails with n8n's messages.
 */
export function binaryFieldValue(nodeName: string, item: Item, value: unknown, itemIndex: number): BinaryData {
  if (isBinaryData(value)) return value;
  if (typeof value !== 'string') {
    throw new NodeExecutionError(nodeName, 'Provided parameter is not a string or binary data object.', {
      itemIndex,
      description:
        'Specify the property name of the binary data in input item or use an expression to access the binary data in previous nodes, e.g. "{{ $(_target_node_).item.binary[_binary_property_name_] }}"',
    });
  }
  if (item.binary === undefined) {
    throw new NodeExecutionError(
      nodeName,
      `This operation expects the node's input data to contain a binary file '${value}', but none was found [item ${itemIndex}]`,
      { itemIndex, description: 'Make sure that the previous node outputs a binary file' },
    );
  }
  const data = Object.prototype.hasOwnProperty.call(item.binary, value) ? item.binary[value] : undefined;
  if (data === undefined) {
    throw new NodeExecutionError(nodeName, `The item has no binary field '${value}' [item ${itemIndex}]`, {
      itemIndex,
      description:
        'Check that the parameter where you specified the input binary field name is correct, and that it matches a field in the binary input',
    });
  }
  return data;
}

function isBinaryData(value: unknown): value is BinaryData {
  return typeof value === 'object' && value !== null && 'data' in value && 'mimeType' in value;
}
