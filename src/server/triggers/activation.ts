import type { WorkflowRecord } from '../../ports/store/index.js';
import type { TriggerRegistrar } from './types.js';

/**
 * Activates a workflow's triggers with every registrar. When one refuses (e.g. WEFT_E_CONFLICT for a taken
 * webhook path), the ones already done are undone and the error is rethrown, so no half-active workflow remains.
 */
export async function activateTriggers(triggers: readonly TriggerRegistrar[], workflow: WorkflowRecord): Promise<void> {
  try {
    for (const registrar of triggers) await registrar.activate(workflow);
  } catch (error) {
    await deactivateTriggers(triggers, workflow.id);
    throw error;
  }
}

/** Stops a workflow's triggers with every registrar (each ignores workflows it knows nothing about). */
export async function deactivateTriggers(triggers: readonly TriggerRegistrar[], workflowId: string): Promise<void> {
  for (const registrar of triggers) await registrar.deactivate(workflowId);
}
