import { describe, expect, it } from 'vitest';
import { defaultSavingPolicy, savingPolicyFor } from './saving-policy.js';

describe('savingPolicyFor', () => {
  it('uses the defaults for unset settings and for n8n\'s DEFAULT', () => {
    expect(savingPolicyFor(undefined)).toEqual(defaultSavingPolicy);
    expect(
      savingPolicyFor({ saveDataSuccessExecution: 'DEFAULT', saveDataErrorExecution: 'DEFAULT', saveManualExecutions: 'DEFAULT' as never, saveExecutionProgress: 'DEFAULT' as never }),
    ).toEqual(defaultSavingPolicy);
  });

  it('takes the workflow\'s own settings; anything but "all" saves no data', () => {
    expect(savingPolicyFor({ saveDataSuccessExecution: 'none', saveDataErrorExecution: 'all', saveManualExecutions: false, saveExecutionProgress: false })).toEqual({
      saveDataSuccessExecution: 'none',
      saveDataErrorExecution: 'all',
      saveManualExecutions: false,
      saveExecutionProgress: false,
    });
    expect(savingPolicyFor({ saveDataErrorExecution: 'nothing' }).saveDataErrorExecution).toBe('none');
  });

  it('falls back to the instance defaults it is given', () => {
    const instance = { ...defaultSavingPolicy, saveDataSuccessExecution: 'none' as const, saveExecutionProgress: false };
    expect(savingPolicyFor({ saveExecutionProgress: true }, instance)).toEqual({ ...instance, saveExecutionProgress: true });
  });
});
