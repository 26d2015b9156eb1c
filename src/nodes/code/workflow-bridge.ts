import jmespath from 'jmespath';
import { createWorkflowData, type WorkflowData } from '../../core/expression/workflow-data.js';
import type { ExpressionScope } from '../../core/expression/index.js';
import { WeftError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext } from '../../core/node-api/index.js';

/** Where one node's items sit in the run data: output `branch` of run `run`. */
interface ItemsLocation {
  branch: number;
  run: number;
}

/**
 * The host side of the sandbox's workflow-data calls (`$('Node')…`, `$jmespath`, `$evaluateExpression`,
 * `$getNodeParameter`). Every answer is a JSON string: a copy, never a reference to host objects.
 * Errors are answered as `{error: {message, description}}` and rethrown inside the sandbox.
 */
export function createWorkflowBridge(ctx: NodeContext): (op: string, argsJson: string) => string {
  const scope = expressionScope(ctx, 0);
  const data = createWorkflowData(scope);
  return (op, argsJson) => {
    try {
      const args = (JSON.parse(argsJson) ?? {}) as Record<string, unknown>;
      return JSON.stringify({ value: answer(ctx, data, op, args) ?? null });
    } catch (error) {
      const description = error instanceof WeftError && typeof error.details['description'] === 'string' ? error.details['description'] : undefined;
      return JSON.stringify({ error: { message: error instanceof Error ? error.message : String(error), description } });
    }
  };
}

function answer(ctx: NodeContext, data: WorkflowData, op: string, args: Record<string, unknown>): unknown {
  const name = typeof args['name'] === 'string' ? args['name'] : '';
  switch (op) {
    case 'nodeInfo': {
      if (!data.nodeExists(name)) {
        throw new WeftError('WEFT_E_EXPRESSION', "Referenced node doesn't exist", {
          description: `The node '${name}' doesn't exist, but it's used in an expression here.`,
        });
      }
      const runs = ctx.runData.runCount(name);
      return { params: data.nodeParams(name), context: data.nodeContext(name), isExecuted: runs > 0, runIndex: Math.max(0, runs - 1) };
    }
    case 'nodeItems': {
      const branch = optionalIndex(args['branch']);
      const run = optionalIndex(args['run']);
      const runs = ctx.runData.runCount(name);
      // n8n fails on a run the node never had (code loops over runs until this throws), unless it never ran at all.
      if (run !== undefined && runs > 0 && run >= runs) {
        throw new WeftError('WEFT_E_EXPRESSION', `Run ${run} of node "${name}" not found`, {});
      }
      const items = data.nodeAll(name, branch, run);
      return { at: locate(ctx, name, items) ?? { branch: branch ?? 0, run: run ?? ctx.runData.runCount(name) - 1 }, items: items.map(plainItem) };
    }
    case 'pairedItem': {
      const index = optionalIndex(args['itemIndex']) ?? 0;
      const item = data.pairedItem(name, index, 'itemMatching');
      for (const at of candidateLocations(ctx, name)) {
        const position = ctx.runData.getOutput(name, at.branch, at.run)?.indexOf(item) ?? -1;
        if (position >= 0) return { ...at, index: position };
      }
      return { item: plainItem(item) };
    }
    case 'jmespath':
      return jmespath.search(args['data'] as Parameters<typeof jmespath.search>[0], String(args['expression']));
    case 'evaluate': {
      const expression = String(args['expression']);
      return ctx.evaluate(expression.startsWith('=') ? expression : `=${expression}`, optionalIndex(args['itemIndex']) ?? 0);
    }
    case 'parameter':
      return ctx.getParameter(String(args['name']), optionalIndex(args['itemIndex']) ?? 0, args['fallback']);
    case 'customData.set':
      ctx.customData[String(args['key'])] = String(args['value']);
      return null;
    case 'customData.get':
      return ctx.customData[String(args['key'])];
    case 'customData.getAll':
      return { ...ctx.customData };
    default:
      throw new Error(`Unknown sandbox call: ${op}`);
  }
}

/** The output and run a list of items came from, so the sandbox can share one copy of each list. */
function locate(ctx: NodeContext, name: string, items: readonly Item[]): ItemsLocation | undefined {
  for (const at of candidateLocations(ctx, name)) if (ctx.runData.getOutput(name, at.branch, at.run) === items) return at;
  return undefined;
}

/** Every (output, run) of a node, latest run first. */
function* candidateLocations(ctx: NodeContext, name: string): Generator<ItemsLocation> {
  const runs = ctx.runData.runCount(name);
  const outputs = Math.max(1, ctx.workflow.connections[name]?.['main']?.length ?? 1);
  for (let run = runs - 1; run >= 0; run--) {
    for (let branch = 0; branch < outputs; branch++) yield { branch, run };
  }
}

function optionalIndex(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function plainItem(item: Item): Record<string, unknown> {
  const out: Record<string, unknown> = { json: item.json };
  if (item.binary !== undefined) out['binary'] = item.binary;
  if (item.pairedItem !== undefined) out['pairedItem'] = item.pairedItem;
  return out;
}

/** The expression scope of this node run, as the runtime builds it for parameters. */
export function expressionScope(ctx: NodeContext, itemIndex: number): ExpressionScope {
  return {
    node: ctx.node,
    workflow: ctx.workflow,
    runIndex: ctx.runIndex,
    itemIndex,
    inputs: ctx.inputs,
    source: ctx.source,
    runData: ctx.runData,
    executionId: ctx.executionId,
    mode: ctx.mode,
    timezone: ctx.timezone,
    now: ctx.clock.now(),
    customData: ctx.customData,
  };
}
