import type { WorkflowRecord } from '../../ports/store/index.js';

/**
 * Something that starts executions for active workflows: webhooks, schedules. Activation calls `activate` for
 * every registrar (a registrar ignores workflows without its kind of trigger); deactivation, deletion and updates
 * of an active workflow call `deactivate` first.
 */
export interface TriggerRegistrar {
  /** A short name for logs, e.g. `webhook`, `schedule`. */
  readonly kind: string;
  /** Starts listening for the workflow's triggers of this kind. Throws WeftError (e.g. WEFT_E_CONFLICT for a taken webhook path) to refuse activation. */
  activate(workflow: WorkflowRecord): Promise<void>;
  deactivate(workflowId: string): Promise<void>;
  /** Re-activates every active workflow at start (after a restart). */
  restore(active: readonly WorkflowRecord[]): Promise<void>;
  /** Stops timers and listeners. Idempotent. */
  close(): Promise<void>;
}
