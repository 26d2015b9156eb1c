import { NodeExecutionError } from '../../core/errors/index.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';

/**
 * Stop and Error: fails the workflow on purpose with a message (`errorType: errorMessage`) or an error object
 * (`errorType: errorObject`, JSON with `message`, `description`…).
 */
export const stopAndError: NodeTypeSpec = {
  type: 'n8n-nodes-base.stopAndError',
  versions: [1],
  displayName: 'Stop and Error',
  inputs: 1,
  outputs: 0,
  parameters: { errorType: 'options', errorMessage: 'string', errorObject: 'any' },
  execute(ctx) {
    const errorType = ctx.getParameter<string>('errorType', 0, 'errorMessage');
    if (errorType === 'errorObject') {
      const raw = ctx.getParameter<unknown>('errorObject', 0, '{}');
      const object = parseErrorObject(raw, ctx.node.name);
      const message = String(object.message ?? object.description ?? object.error ?? 'Error');
      throw new NodeExecutionError(ctx.node.name, message, {
        code: 'WEFT_E_STOPPED_BY_NODE',
        description: typeof object.description === 'string' ? object.description : undefined,
        context: object,
      });
    }
    const message = String(ctx.getParameter('errorMessage', 0, ''));
    throw new NodeExecutionError(ctx.node.name, message, { code: 'WEFT_E_STOPPED_BY_NODE' });
  },
};

function parseErrorObject(raw: unknown, nodeName: string): Record<string, unknown> {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(String(raw));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new NodeExecutionError(nodeName, 'Error Object is not a valid JSON object', { description: 'The "Error Object" parameter must be a JSON object' });
}
