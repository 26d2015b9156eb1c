import type { NodeContext } from '../../core/node-api/index.js';
import { isRecord } from '../../core/model/is-record.js';

/** n8n's key of a node's own static data scope. */
function nodeScopeKey(ctx: NodeContext): string {
  return `node:${ctx.node.name}`;
}

/**
 * The static data scopes a node's user code can reach through `$getWorkflowStaticData`: `global` and its own
 * `node:<Node name>`, taken from the execution's static data (else the workflow document's). Only these two go
 * into the sandbox, so a workflow with much state per node does not copy all of it into every Code node run.
 *
 * @example
 * const payload = { ...rest, staticData: staticDataScopes(ctx) }; // { global: {...}, 'node:Code': {...} } or undefined
 */
export function staticDataScopes(ctx: NodeContext): Record<string, unknown> | undefined {
  const source = ctx.staticData ?? (isRecord(ctx.workflow.staticData) ? ctx.workflow.staticData : undefined);
  if (source === undefined) return undefined;
  const scopes: Record<string, unknown> = {};
  const nodeKey = nodeScopeKey(ctx);
  if (source['global'] !== undefined) scopes['global'] = source['global'];
  if (source[nodeKey] !== undefined) scopes[nodeKey] = source[nodeKey];
  return scopes;
}

/**
 * Writes the scopes the user code asked for, as the sandbox returned them (copies), back into the execution's
 * static data, where the execution's end saves them. Without execution static data (nothing persists it) they
 * are dropped. Nodes running in parallel branches that both change `global`: the one finishing last wins, as
 * concurrent executions of the workflow do when they save.
 *
 * @example
 * keepStaticData(ctx, result.staticData); // ctx.staticData.global is now the code's changed copy
 */
export function keepStaticData(ctx: NodeContext, returned: Record<string, unknown> | undefined): void {
  const target = ctx.staticData;
  if (target === undefined || returned === undefined) return;
  // Only the two keys the sandbox can produce are taken: the result is data from user code's realm.
  for (const key of ['global', nodeScopeKey(ctx)]) {
    const scope = returned[key];
    if (isRecord(scope)) target[key] = scope;
  }
}
