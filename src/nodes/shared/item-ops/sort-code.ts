import { errorMessage } from '../../../core/errors/index.js';
import type { Item } from '../../../core/model/types.js';
import type { NodeContext } from '../../../core/node-api/index.js';
import { sharedSandboxPool } from '../../../runtime/sandbox/shared-pool.js';
import type { SandboxItem, SandboxPayload } from '../../../runtime/sandbox/types.js';
import type { Fail } from './fail.js';

/** Workflow-data helpers (`$('Node')`, …) are not offered to sort code; n8n's sort sandbox has only `a` and `b`. */
const noBridge = (op: string): string => JSON.stringify({ error: { message: `${op} is not available in sort code` } });

/**
 * Sorts items with user code, the body of a compare function of `a` and `b` (whole items: `a.json.field`), as
 * n8n's "Code" sort does (`items.sort((a, b) => { code })`, sloppy mode). The code runs in the Code node's
 * sandbox (the process-wide child-process pool, so a compare function that exhausts memory cannot crash Weft);
 * each item carries its input position there so the sorted copies map back to the originals.
 */
export async function sortByCode(ctx: NodeContext, items: readonly Item[], code: string, fail: Fail): Promise<Item[]> {
  const payload: SandboxPayload = {
    kind: 'all',
    items: items.map((item, index): SandboxItem => ({ json: item.json, pairedItem: { item: index } })),
    continueOnFail: false,
    node: { name: ctx.node.name, type: ctx.node.type, typeVersion: ctx.typeVersion, id: ctx.node.id, parameters: ctx.node.parameters },
    nodeContext: {},
    workflow: { id: ctx.workflow.id, name: ctx.workflow.name, active: ctx.workflow.active === true },
    runIndex: ctx.runIndex,
    executionId: ctx.executionId,
    executionMode: ctx.mode,
    timezone: ctx.timezone,
    now: ctx.clock.now(),
  };
  let sorted: unknown;
  try {
    const result = await sharedSandboxPool().run({ code: `return items.sort((a, b) => { ${code}\n});`, payload, bridge: noBridge });
    for (const [level, line] of result.logs) ctx.logger[level](line);
    const outcome = result.outcomes[0];
    if (!outcome) return fail('Sort code did not finish');
    if (!outcome.ok) return fail(outcome.error.message ?? 'Sort code failed', { description: outcome.error.description });
    sorted = outcome.value;
  } catch (error) {
    return fail(errorMessage(error));
  }
  if (!Array.isArray(sorted)) return fail('Sort code did not give back the items');
  return sorted.map((entry) => {
    const index = positionOf(entry);
    const original = index === undefined ? undefined : items[index];
    if (index === undefined || original === undefined) return fail('Sort code replaced the items instead of comparing them');
    return { ...original, pairedItem: { item: index } };
  });
}

function positionOf(entry: unknown): number | undefined {
  const paired = entry !== null && typeof entry === 'object' ? (entry as { pairedItem?: { item?: unknown } }).pairedItem : undefined;
  return typeof paired?.item === 'number' ? paired.item : undefined;
}
