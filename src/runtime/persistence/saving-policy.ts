import type { WorkflowSettings } from '../../core/model/types.js';

/**
 * What to keep of an execution, as n8n's workflow settings name it. `none` still records the execution row
 * (status, times, error message) but not its run data.
 */
export interface SavingPolicy {
  readonly saveDataSuccessExecution: 'all' | 'none';
  readonly saveDataErrorExecution: 'all' | 'none';
  /** When false, a manual (editor) execution is removed once it finished, as n8n does. */
  readonly saveManualExecutions: boolean;
  /** Per-node checkpoints while running: what a crashed execution resumes from. */
  readonly saveExecutionProgress: boolean;
}

/**
 * Weft's defaults for settings a workflow leaves unset (or at n8n's `DEFAULT`). They match n8n's except
 * progress: Weft saves it by default, because resuming a crashed execution needs it.
 */
export const defaultSavingPolicy: SavingPolicy = {
  saveDataSuccessExecution: 'all',
  saveDataErrorExecution: 'all',
  saveManualExecutions: true,
  saveExecutionProgress: true,
};

/**
 * The saving policy of a workflow: its settings where it names one, `defaults` otherwise (n8n's
 * `toSaveSettings`: `DEFAULT` or absent means the instance default; anything but `all` means none).
 *
 * @example
 * savingPolicyFor({ saveDataSuccessExecution: 'none' }).saveDataSuccessExecution; // 'none'
 * savingPolicyFor({ saveManualExecutions: 'DEFAULT' as never }).saveManualExecutions; // true
 */
export function savingPolicyFor(settings: WorkflowSettings | undefined, defaults: SavingPolicy = defaultSavingPolicy): SavingPolicy {
  const dataMode = (value: unknown, fallback: 'all' | 'none'): 'all' | 'none' =>
    value === undefined || value === null || value === 'DEFAULT' ? fallback : value === 'all' ? 'all' : 'none';
  const flag = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);
  return {
    saveDataSuccessExecution: dataMode(settings?.saveDataSuccessExecution, defaults.saveDataSuccessExecution),
    saveDataErrorExecution: dataMode(settings?.saveDataErrorExecution, defaults.saveDataErrorExecution),
    saveManualExecutions: flag(settings?.saveManualExecutions, defaults.saveManualExecutions),
    saveExecutionProgress: flag(settings?.saveExecutionProgress, defaults.saveExecutionProgress),
  };
}
