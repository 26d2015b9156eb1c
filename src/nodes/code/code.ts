import { NodeExecutionError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeOutput, NodeTypeSpec } from '../../core/node-api/index.js';
import { CodeProblem, withLocation } from './code-error.js';
import { validateAllItemsResult, validateEachItemResult } from './result-validation.js';
import { runUserCode, sandboxItems } from './run-user-code.js';
import { codeNodeUserError } from './user-error.js';

/**
 * Code node (`n8n-nodes-base.code`, typeVersions 1 and 2), JavaScript only. `mode` is `runOnceForAllItems`
 * (default: the code sees `items` / `$input.all()` and returns the output items) or `runOnceForEachItem` (the
 * code sees `item` / `$json` / `$input.item` and returns one item per input item). The code runs in an
 * isolated-vm sandbox; what it returns is validated with n8n's rules and messages.
 */
export const code: NodeTypeSpec = {
  type: 'n8n-nodes-base.code',
  versions: [1, 2],
  displayName: 'Code',
  description: 'Run custom JavaScript code',
  inputs: 1,
  outputs: 1,
  mayStopFlow: true,
  parameters: { mode: 'options', language: 'options', jsCode: 'string' },
  execute: executeCode,
};

async function executeCode(ctx: NodeContext, inputs: readonly (readonly Item[])[]): Promise<NodeOutput> {
  const language = ctx.typeVersion >= 2 ? ctx.getRawParameter<string>('language', 'javaScript') : 'javaScript';
  if (language !== 'javaScript') {
    throw new NodeExecutionError(ctx.node.name, `The Code node language "${language}" is not supported; Weft runs JavaScript only`, {
      code: 'WEFT_E_CODE_FAILED',
    });
  }
  // `mode` and `jsCode` are n8n `noDataExpression` parameters: read as saved, never evaluated.
  const mode = ctx.getRawParameter<string>('mode', 'runOnceForAllItems');
  const jsCode = String(ctx.getRawParameter<unknown>('jsCode', '') ?? '');
  const items = inputs[0] ?? [];
  return mode === 'runOnceForEachItem' ? [await runForEachItem(ctx, jsCode, items)] : [await runForAllItems(ctx, jsCode, items)];
}

async function runForAllItems(ctx: NodeContext, jsCode: string, items: readonly Item[]): Promise<Item[]> {
  const result = await runUserCode(ctx, 'all', jsCode, sandboxItems(items, false));
  try {
    const outcome = result.outcomes[0];
    if (outcome === undefined) throw new CodeProblem('Code did not run');
    if (!outcome.ok) throw codeNodeUserError(outcome.error, undefined);
    return validateAllItemsResult(outcome.value, outcome.undef);
  } catch (error) {
    const problem = asProblem(error);
    if (ctx.continueOnFail) return [{ json: { error: problem.message } }];
    throw problem.toNodeError(ctx.node.name);
  }
}

async function runForEachItem(ctx: NodeContext, jsCode: string, items: readonly Item[]): Promise<Item[]> {
  const disallowed = disallowedInEachItemMode(jsCode);
  if (disallowed) throw disallowed.toNodeError(ctx.node.name);
  const result = await runUserCode(ctx, 'each', jsCode, sandboxItems(items, false));
  const output: Item[] = [];
  for (const outcome of result.outcomes) {
    try {
      if (!outcome.ok) throw codeNodeUserError(outcome.error, outcome.i);
      const item = validateEachItemResult(outcome.value, outcome.undef, outcome.i);
      if (item) output.push(item);
    } catch (error) {
      const problem = asProblem(error);
      if (!ctx.continueOnFail) throw problem.toNodeError(ctx.node.name);
      output.push({ json: { error: problem.message }, pairedItem: { item: outcome.i } });
    }
  }
  return output;
}

/**
 * n8n refuses `$input.all()` / `.first()` / `.last()` / `.itemMatching()` in "Run Once for Each Item" mode before
 * running, naming the first line (outside comments) that uses it.
 */
export function disallowedInEachItemMode(jsCode: string): CodeProblem | undefined {
  const method = /\$input\.(first|last|all|itemMatching)/.exec(jsCode)?.[1];
  if (method === undefined) return undefined;
  const line =
    jsCode.split('\n').findIndex((text) => {
      const trimmed = text.trimStart();
      return trimmed.includes(method) && !trimmed.startsWith('//') && !trimmed.startsWith('/*') && !trimmed.startsWith('*');
    }) + 1;
  if (line === 0) return undefined;
  return new CodeProblem(withLocation(`Can't use .${method}() here`, { line, itemIndex: 0 }), {
    description: "This is only available in 'Run Once for All Items' mode",
    itemIndex: 0,
  });
}

function asProblem(error: unknown): CodeProblem {
  if (error instanceof CodeProblem) return error;
  return new CodeProblem(error instanceof Error ? error.message : String(error));
}
