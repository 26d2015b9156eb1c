import { NodeExecutionError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeOutput, NodeTypeSpec } from '../../core/node-api/index.js';
import { normalizeItems } from './normalize-items.js';
import { toItem } from './result-validation.js';
import { runUserCode, sandboxItems } from './run-user-code.js';
import { legacyUserErrorMessage, plainMessage } from './user-error.js';

/**
 * Legacy Function node (`n8n-nodes-base.function`, v1): runs `functionCode` once with `items` (copies of the
 * input items, each with its `index`) and outputs the items it returns, normalized like n8n does.
 */
export const functionNode: NodeTypeSpec = {
  type: 'n8n-nodes-base.function',
  versions: [1],
  displayName: 'Function',
  description: 'Run custom function code which gets executed once and allows you to add, remove, change and replace items',
  inputs: 1,
  outputs: 1,
  mayStopFlow: true,
  parameters: { functionCode: 'string' },
  execute: executeFunction,
};

async function executeFunction(ctx: NodeContext, inputs: readonly (readonly Item[])[]): Promise<NodeOutput> {
  const functionCode = String(ctx.getRawParameter<unknown>('functionCode', '') ?? '');
  const result = await runUserCode(ctx, 'function', functionCode, sandboxItems(inputs[0] ?? [], true));
  const outcome = result.outcomes[0];
  let message: string;
  if (outcome === undefined) message = 'Code did not run';
  else if (!outcome.ok) {
    if (ctx.continueOnFail) return [[{ json: { error: plainMessage(outcome.error) } }]];
    throw new NodeExecutionError(ctx.node.name, legacyUserErrorMessage(outcome.error), { code: 'WEFT_E_CODE_FAILED' });
  } else {
    try {
      return [validateFunctionResult(outcome.undef ? undefined : outcome.value)];
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
  }
  if (ctx.continueOnFail) return [[{ json: { error: message } }]];
  throw new NodeExecutionError(ctx.node.name, message, { code: 'WEFT_E_CODE_FAILED' });
}

/** The Function node's checks, with its messages, after n8n's item normalization. */
export function validateFunctionResult(value: unknown): Item[] {
  const items = normalizeItems(value);
  for (const item of items) {
    if (item.json === undefined) throw new Error('All returned items have to contain a property named "json"!');
    if (item.json === null) throw new TypeError('Cannot convert undefined or null to object');
    if (typeof item.json !== 'object' || Array.isArray(item.json)) throw new Error('The json-property has to be an object!');
    if (item.binary !== undefined && (item.binary === null || Array.isArray(item.binary) || typeof item.binary !== 'object')) {
      throw new Error('The binary-property has to be an object!');
    }
  }
  return items.map(toItem);
}
