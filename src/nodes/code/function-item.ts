import { NodeExecutionError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeOutput, NodeTypeSpec } from '../../core/node-api/index.js';
import { runUserCode, sandboxItems } from './run-user-code.js';
import { legacyUserErrorMessage, plainMessage } from './user-error.js';

/**
 * Legacy Function Item node (`n8n-nodes-base.functionItem`, v1): runs `functionCode` once per input item with
 * `item` set to a copy of that item's json; what the code returns becomes the item's json (its binary data is
 * kept, or replaced through `setBinaryData`).
 */
export const functionItemNode: NodeTypeSpec = {
  type: 'n8n-nodes-base.functionItem',
  versions: [1],
  displayName: 'Function Item',
  description: 'Run custom function code which gets executed once per item',
  inputs: 1,
  outputs: 1,
  mayStopFlow: true,
  parameters: { functionCode: 'string' },
  execute: executeFunctionItem,
};

async function executeFunctionItem(ctx: NodeContext, inputs: readonly (readonly Item[])[]): Promise<NodeOutput> {
  const functionCode = String(ctx.getRawParameter<unknown>('functionCode', '') ?? '');
  const input = inputs[0] ?? [];
  const result = await runUserCode(ctx, 'functionItem', functionCode, sandboxItems(input, true));
  const output: Item[] = [];
  for (const outcome of result.outcomes) {
    if (!outcome.ok) {
      if (!ctx.continueOnFail) {
        throw new NodeExecutionError(ctx.node.name, legacyUserErrorMessage(outcome.error, outcome.i), { code: 'WEFT_E_CODE_FAILED', itemIndex: outcome.i });
      }
      // n8n reports a thrown error of Function Item without pairing.
      output.push({ json: { error: plainMessage(outcome.error) } });
      continue;
    }
    const value = outcome.undef ? undefined : outcome.value;
    const problem =
      value === undefined
        ? 'No data got returned. Always an object has to be returned!'
        : value === null || typeof value !== 'object' || Array.isArray(value)
          ? 'The json-property has to be an object!'
          : undefined;
    if (problem !== undefined) {
      if (!ctx.continueOnFail) throw new NodeExecutionError(ctx.node.name, problem, { code: 'WEFT_E_CODE_FAILED', itemIndex: outcome.i });
      output.push({ json: { error: problem }, pairedItem: { item: outcome.i } });
      continue;
    }
    const item: Item = { json: value as Item['json'], pairedItem: { item: outcome.i } };
    const binary = outcome.binary ?? input[outcome.i]?.binary;
    if (binary !== undefined) item.binary = binary as Item['binary'];
    output.push(item);
  }
  return [output];
}
