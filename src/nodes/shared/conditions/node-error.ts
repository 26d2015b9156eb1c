import { NodeExecutionError, WeftError, errorMessage } from '../../../core/errors/index.js';

/**
 * Turns anything a condition node caught into the error it fails with: Weft errors (node and expression
 * errors) pass unchanged, anything else becomes a node error for item `itemIndex`, as n8n wraps them.
 */
export function asNodeError(nodeName: string, error: unknown, itemIndex: number): WeftError {
  if (error instanceof WeftError) return error;
  return new NodeExecutionError(nodeName, errorMessage(error), { itemIndex, cause: error });
}
