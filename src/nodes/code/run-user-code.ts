import { NodeExecutionError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext } from '../../core/node-api/index.js';
import { SandboxLimitError, SandboxSyntaxError } from '../../runtime/sandbox/errors.js';
import type { SandboxItem, SandboxKind, SandboxPayload, SandboxResult } from '../../runtime/sandbox/types.js';
import { codeSandboxPool } from './sandbox-pool.js';
import { keepStaticData, staticDataScopes } from './static-data-scopes.js';
import { createWorkflowBridge, expressionScope } from './workflow-bridge.js';
import { createWorkflowData } from '../../core/expression/workflow-data.js';

/** Items as the sandbox receives them: json, binary and pairing (plus `index` for the legacy Function nodes). */
export function sandboxItems(items: readonly Item[], withIndex: boolean): SandboxItem[] {
  return items.map((item, index) => {
    const out: SandboxItem = { json: item.json };
    if (item.binary !== undefined) out.binary = item.binary;
    if (item.pairedItem !== undefined) out.pairedItem = item.pairedItem;
    if (withIndex) out.index = index;
    return out;
  });
}

/**
 * Runs the user's code for this node run in the shared isolate pool. `console.*` output goes to the node's
 * logger. A syntax error is reported as a thrown SyntaxError of every invocation (n8n reports it that way);
 * a time or memory limit breach is a `WEFT_E_CODE_LIMIT` node error.
 */
export async function runUserCode(ctx: NodeContext, kind: SandboxKind, code: string, items: SandboxItem[]): Promise<SandboxResult> {
  let result: SandboxResult;
  try {
    result = await codeSandboxPool().run({ code, payload: buildPayload(ctx, kind, items), bridge: createWorkflowBridge(ctx) });
  } catch (error) {
    if (error instanceof SandboxSyntaxError) return syntaxErrorResult(kind, items.length, error, ctx.continueOnFail);
    if (error instanceof SandboxLimitError) {
      throw new NodeExecutionError(ctx.node.name, error.message, {
        code: 'WEFT_E_CODE_LIMIT',
        description: error.limit === 'time' ? 'Check the code for endless loops, or make it do less work per run.' : 'The code used too much memory.',
        cause: error,
      });
    }
    throw error;
  }
  for (const [level, message] of result.logs) ctx.logger[level](message, { console: true });
  // Kept also when the code then threw: n8n's static data is changed in place, so changes before a throw stay.
  keepStaticData(ctx, result.staticData);
  return result;
}

function syntaxErrorResult(kind: SandboxKind, itemCount: number, error: SandboxSyntaxError, continueOnFail: boolean): SandboxResult {
  const info = { thrown: 'object', name: 'SyntaxError', message: error.reason, stack: `SyntaxError: ${error.reason}` };
  const perItem = kind === 'each' || kind === 'functionItem';
  const count = perItem ? (continueOnFail ? itemCount : Math.min(1, itemCount)) : 1;
  return { outcomes: Array.from({ length: count }, (_, i) => ({ i, ok: false as const, error: info })), logs: [] };
}

function buildPayload(ctx: NodeContext, kind: SandboxKind, items: SandboxItem[]): SandboxPayload {
  const { node, workflow } = ctx;
  const prevNode = createWorkflowData(expressionScope(ctx, 0)).prevNode();
  return {
    kind,
    items,
    continueOnFail: ctx.continueOnFail,
    node: { name: node.name, type: node.type, typeVersion: node.typeVersion, id: node.id, webhookId: node.webhookId, parameters: node.parameters ?? {} },
    nodeContext: { ...ctx.nodeState },
    workflow: { id: workflow.id, name: workflow.name, active: workflow.active === true },
    prevNode,
    runIndex: ctx.runIndex,
    executionId: ctx.executionId,
    executionMode: ctx.mode,
    timezone: ctx.timezone,
    now: ctx.clock.now(),
    staticData: staticDataScopes(ctx),
  };
}
