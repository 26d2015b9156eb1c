import type { Store, WorkflowRecord } from '../../../ports/store/index.js';
import { matchPath } from './match-path.js';
import { webhookNodes, type WebhookNodeSettings } from './webhook-nodes.js';

/** A request matched to a workflow's webhook node. */
export interface WebhookTarget {
  readonly workflow: WorkflowRecord;
  readonly hook: WebhookNodeSettings;
  readonly params: Record<string, string>;
}

/** What a lookup found: the target, or whether the path exists for other methods (for n8n's hint). */
export type WebhookLookup = { readonly target: WebhookTarget } | { readonly target?: undefined; readonly otherMethods: string[] };

/**
 * Production lookup among the registrations of active workflows: the exact method + path first, then paths with
 * `:param` segments. The workflow's current version is loaded; one deactivated meanwhile does not match.
 */
export async function findProductionWebhook(store: Store, method: string, path: string): Promise<WebhookLookup> {
  const exact = await store.findWebhook(method, path);
  const candidates = exact ? [{ registration: exact, params: {} }] : [];
  const otherMethods: string[] = [];
  if (!exact) {
    for (const registration of await store.listWebhooks()) {
      const params = registration.path === path ? {} : registration.path.includes(':') ? matchPath(registration.path, path) : undefined;
      if (!params) continue;
      if (registration.method === method) candidates.push({ registration, params });
      else otherMethods.push(registration.method);
    }
  }
  for (const { registration, params } of candidates) {
    const workflow = await store.getWorkflow(registration.workflowId);
    if (!workflow?.active) continue;
    const hook = webhookNodes(workflow.definition).find((node) => node.node.name === registration.nodeName);
    if (hook) return { target: { workflow, hook, params } };
  }
  return { otherMethods };
}

/**
 * Test lookup (`/webhook-test/…`): runs the current saved version of any workflow, active or not, whose webhook
 * node has this method and path. It scans the workflows, which suits editing and trying out, not production load.
 */
export async function findTestWebhook(store: Store, method: string, path: string): Promise<WebhookLookup> {
  const otherMethods: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listWorkflows({ limit: 100, ...(cursor !== undefined ? { cursor } : {}) });
    for (const summary of page.data) {
      const workflow = await store.getWorkflow(summary.id);
      if (!workflow) continue;
      for (const hook of webhookNodes(workflow.definition)) {
        const params = hook.path === path ? {} : hook.path.includes(':') ? matchPath(hook.path, path) : undefined;
        if (!params) continue;
        if (hook.method === method) return { target: { workflow, hook, params } };
        otherMethods.push(hook.method);
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { otherMethods };
}
