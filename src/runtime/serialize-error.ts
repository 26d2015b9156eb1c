import { NodeExecutionError, WeftError } from '../core/errors/index.js';
import type { SerializedError } from '../core/scheduler/index.js';

/** Converts whatever a node threw into the run-data error shape. Never includes a stack trace. */
export function serializeNodeError(error: unknown, nodeName: string): SerializedError {
  if (error instanceof NodeExecutionError) {
    const serialized: SerializedError = { name: error.name, message: error.message, code: error.code, node: nodeName, context: { ...error.context } };
    if (error.description !== undefined) serialized.description = error.description;
    return serialized;
  }
  if (error instanceof WeftError) {
    return { name: error.name, message: error.message, code: error.code, node: nodeName, context: { ...error.details } };
  }
  if (error instanceof Error) {
    const serialized: SerializedError = { name: 'NodeOperationError', message: error.message, code: 'WEFT_E_NODE_FAILED', node: nodeName, context: {} };
    const description = (error as { description?: unknown }).description;
    if (typeof description === 'string') serialized.description = description;
    return serialized;
  }
  return { name: 'NodeOperationError', message: String(error), code: 'WEFT_E_NODE_FAILED', node: nodeName, context: {} };
}
