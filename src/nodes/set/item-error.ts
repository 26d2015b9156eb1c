import { NodeExecutionError, WeftError, errorMessage } from '../../core/errors/index.js';

/**
 * The error a v3 Set reports for a failed item: its own node errors as they are (n8n keeps their context), any
 * other failure (an expression error, an unknown include mode) as a node error with the item index and the
 * original description.
 */
export function toItemError(nodeName: string, error: unknown, itemIndex: number): NodeExecutionError {
  if (error instanceof NodeExecutionError) return error;
  const description = descriptionOf(error);
  return new NodeExecutionError(nodeName, errorMessage(error), {
    itemIndex,
    description,
    cause: error,
    code: error instanceof WeftError ? error.code : undefined,
  });
}

function descriptionOf(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const direct = (error as { description?: unknown }).description;
  if (typeof direct === 'string') return direct;
  const details = (error as { details?: unknown }).details;
  if (details !== null && typeof details === 'object') {
    const nested = (details as { description?: unknown }).description;
    if (typeof nested === 'string') return nested;
  }
  return undefined;
}
