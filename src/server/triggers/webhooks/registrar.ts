import type { Logger } from '../../../logging/logger.js';
import type { Store, WebhookRegistration, WorkflowRecord } from '../../../ports/store/index.js';
import type { TriggerRegistrar } from '../types.js';
import { webhookNodes } from './webhook-nodes.js';

/**
 * Registers the webhook nodes of active workflows in the store, where the webhook routes look requests up (so
 * every process serving HTTP sees the same registrations). A method + path taken by another workflow makes the
 * store fail with WEFT_E_CONFLICT, which refuses the activation. Paths with `:param` segments are registered under
 * the node's webhookId (`<webhookId>/user/:id`), as n8n serves them.
 *
 * @example
 * const webhooks = createWebhookRegistrar({ store, logger });
 * await webhooks.activate(workflow); // POST /webhook/<path> now starts it
 */
export function createWebhookRegistrar(deps: { store: Store; logger: Logger }): TriggerRegistrar {
  const { store, logger } = deps;
  const activate = async (workflow: WorkflowRecord): Promise<void> => {
    const registrations: WebhookRegistration[] = webhookNodes(workflow.definition).map((hook) => ({
      workflowId: workflow.id,
      nodeName: hook.node.name,
      method: hook.method,
      path: hook.servedPath,
      ...(hook.node.webhookId !== undefined ? { webhookId: hook.node.webhookId } : {}),
    }));
    // A workflow that lost its webhook nodes in an update must not keep the old registrations.
    if (registrations.length === 0) await store.removeWebhooks(workflow.id);
    else await store.setWebhooks(workflow.id, registrations);
  };
  return {
    kind: 'webhook',
    activate,
    async deactivate(workflowId) {
      await store.removeWebhooks(workflowId);
    },
    async restore(active) {
      for (const workflow of active) {
        try {
          await activate(workflow);
        } catch (error) {
          // One workflow whose path is now taken must not keep the others from starting.
          logger.error({ workflowId: workflow.id, err: error instanceof Error ? error.message : String(error) }, 'could not restore webhooks');
        }
      }
    },
    async close() {
      // Registrations live in the store and stay for the next start; there is nothing to stop in this process.
    },
  };
}
