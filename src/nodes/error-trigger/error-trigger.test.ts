import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { createSilentLogger } from '../../logging/logger.js';
import { createEngine } from '../../runtime/engine.js';
import { errorTrigger } from './error-trigger.js';

describe('Error Trigger', () => {
  it('is an error-kind trigger that emits the error data item it is started with', async () => {
    expect(errorTrigger.triggerKind).toBe('error');
    const engine = createEngine(loadConfig({}), createSilentLogger());
    const errorData = { execution: { id: '7', error: { message: 'boom', name: 'NodeOperationError' }, lastNodeExecuted: 'A', mode: 'trigger' }, workflow: { id: 'w', name: 'W' } };
    const result = await engine.execute(
      { name: 'on error', nodes: [{ name: 'Err', type: 'n8n-nodes-base.errorTrigger', typeVersion: 1, parameters: {} }], connections: {} },
      { startNode: 'Err', startItems: [{ json: errorData }], mode: 'error' },
    );
    await engine.close();
    expect(result.status).toBe('success');
    expect(result.data.resultData.runData.Err![0]!.data.main[0]!.map((item) => item.json)).toEqual([errorData]);
  });
});
