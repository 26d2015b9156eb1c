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
      const object = parseErrorObject(ctx.getParameter<unknown>('errorObject', 0, '{}'), ctx.node.name);
      const description = nonEmptyString(object.description);
      throw new NodeExecutionError(ctx.node.name, errorObjectMessage(object), {
        code: 'WEFT_E_STOPPED_BY_NODE',
        description,
        // n8n keeps the whole object as the error's metadata.
        context: { metadata: object },
      });
    }
    const message = String(ctx.getParameter('errorMessage', 0, ''));
    throw new NodeExecutionError(ctx.node.name, message, { code: 'WEFT_E_STOPPED_BY_NODE' });
  },
};

/**
 * The message n8n takes from an error object: the first non-empty string among `message`, `description` and
 * `error`, else the object itself as JSON.
 */
export function errorObjectMessage(object: Record<string, unknown>): string {
  return nonEmptyString(object.message) ?? nonEmptyString(object.description) ?? nonEmptyString(object.error) ?? `Error: ${JSON.stringify(object)}`;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

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
