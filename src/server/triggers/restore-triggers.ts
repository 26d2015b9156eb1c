import type { Store, WorkflowRecord } from '../../ports/store/index.js';
import type { TriggerRegistrar } from './types.js';

/** Every active workflow (current version), page by page. */
export async function activeWorkflows(store: Store): Promise<WorkflowRecord[]> {
  const active: WorkflowRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listWorkflows({ active: true, limit: 100, ...(cursor !== undefined ? { cursor } : {}) });
    for (const summary of page.data) {
      const workflow = await store.getWorkflow(summary.id, { consistency: 'strong' });
      if (workflow?.active) active.push(workflow);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return active;
}

/** Re-activates the triggers of every active workflow after a (re)start. */
export async function restoreTriggers(store: Store, triggers: readonly TriggerRegistrar[]): Promise<void> {
  if (triggers.length === 0) return;
  const active = await activeWorkflows(store);
  for (const registrar of triggers) await registrar.restore(active);
}
