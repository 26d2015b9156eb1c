import type { Store, WorkflowRecord } from '../../../ports/store/index.js';
import { matchPath } from './match-path.js';
import { webhookNodes, type WebhookNodeSettings } from './webhook-nodes.js';

/** A request matched to a workflow's webhook node. */
export interface WebhookTarget {
  readonly workflow: WorkflowRecord;
  readonly hook: WebhookNodeSettings;
  readonly params: Record<string, string>;
}

/**
 * What a lookup found: the target for the method (if any) and the methods seen registered at the path — all of
 * them when `allMethods` was asked for (CORS preflight), else at least those of a failed lookup (for n8n's hint).
 */
export interface WebhookLookup {
  readonly target: WebhookTarget | undefined;
  readonly methods: readonly string[];
}

/** How a lookup searches: `allMethods` skips the exact-match shortcut so that every method at the path is listed. */
export interface LookupOptions {
  readonly allMethods?: boolean;
}

/**
 * Production lookup among the registrations of active workflows: the exact method + path first, then paths with
 * `:param` segments (served as `<webhookId>/<path>` when the node has a webhookId). The workflow's current
 * version is loaded; one deactivated meanwhile does not match.
 *
 * @example
 * const { target } = await findProductionWebhook(store, 'POST', 'orders/42');
 */
export async function findProductionWebhook(store: Store, method: string, path: string, options: LookupOptions = {}): Promise<WebhookLookup> {
  if (!options.allMethods) {
    const exact = await store.findWebhook(method, path);
    const target = exact ? await loadTarget(store, exact.workflowId, exact.nodeName, {}) : undefined;
    if (target) return { target, methods: [method] };
  }
  const methods = new Set<string>();
  let target: WebhookTarget | undefined;
  for (const registration of await store.listWebhooks()) {
    const params = paramsFor(registration.path, path);
    if (!params) continue;
    if (registration.method === method && !target) target = await loadTarget(store, registration.workflowId, registration.nodeName, params);
    methods.add(registration.method);
  }
  return { target, methods: [...methods] };
}

/**
 * Test lookup (`/webhook-test/…`): runs the current saved version of any workflow, active or not, whose webhook
 * node has this method and path. It scans the workflows, which suits editing and trying out, not production load.
 *
 * @example
 * const { target } = await findTestWebhook(store, 'GET', 'try');
 */
export async function findTestWebhook(store: Store, method: string, path: string, options: LookupOptions = {}): Promise<WebhookLookup> {
  const methods = new Set<string>();
  let target: WebhookTarget | undefined;
  let cursor: string | undefined;
  do {
    const page = await store.listWorkflows({ limit: 100, ...(cursor !== undefined ? { cursor } : {}) });
    for (const summary of page.data) {
      const workflow = await store.getWorkflow(summary.id);
      if (!workflow) continue;
      for (const hook of webhookNodes(workflow.definition)) {
        const params = paramsFor(hook.servedPath, path);
        if (!params) continue;
        methods.add(hook.method);
        if (hook.method === method && !target) {
          target = { workflow, hook, params };
          if (!options.allMethods) return { target, methods: [...methods] };
        }
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { target, methods: [...methods] };
}

/** The path parameters when `path` is served by a webhook registered at `pattern`, else undefined. */
function paramsFor(pattern: string, path: string): Record<string, string> | undefined {
  if (pattern === path) return {};
  return pattern.includes(':') ? matchPath(pattern, path) : undefined;
}

async function loadTarget(store: Store, workflowId: string, nodeName: string, params: Record<string, string>): Promise<WebhookTarget | undefined> {
  const workflow = await store.getWorkflow(workflowId);
  if (!workflow?.active) return undefined;
  const hook = webhookNodes(workflow.definition).find((node) => node.node.name === nodeName);
  return hook ? { workflow, hook, params } : undefined;
}
