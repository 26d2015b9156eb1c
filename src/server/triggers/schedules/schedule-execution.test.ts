import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/sqlite-store/index.js';
import { createInProcessLock } from '../../../adapters/leader-lock/index.js';
import { loadConfig } from '../../../config/config.js';
import { createSilentLogger } from '../../../logging/logger.js';
import { createEngine } from '../../../runtime/engine.js';
import { createExecutionRunner } from '../../executions/runner.js';
import { createFakeClock } from './fake-clock.test-util.js';
import { createScheduleRegistrar } from './schedule-registrar.js';

describe('a schedule fire through the real runner', () => {
  const logger = createSilentLogger();
  const engine = createEngine(loadConfig({}), logger);
  afterAll(async () => {
    await engine.close();
  });

  it('records a trigger execution whose trigger node emitted the schedule item in the workflow zone', async () => {
    const store = await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
    const clock = createFakeClock(Date.parse('2026-06-01T07:59:00Z'));
    const lock = createInProcessLock({ table: new Map(), now: () => clock.now() });
    const runner = createExecutionRunner({ store, engine, logger });
    const schedules = createScheduleRegistrar({ store, runner, lock, logger, clock });
    try {
      const workflow = await store.createWorkflow({
        name: 'morning',
        active: true,
        definition: {
          nodes: [
            { name: 'Schedule Trigger', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, position: [0, 0], parameters: { rule: { interval: [{ field: 'days', triggerAtHour: 10 }] } } },
            { name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
          ],
          connections: { 'Schedule Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
          settings: { timezone: 'Europe/Paris' },
        },
      });
      await schedules.activate(workflow);
      await clock.advanceTo(Date.parse('2026-06-01T08:00:00Z'));
      await runner.drain();
      const page = await store.listExecutions({ workflowId: workflow.id, limit: 10 });
      expect(page.data).toHaveLength(1);
      const summary = page.data[0];
      expect(summary).toMatchObject({ mode: 'trigger', status: 'success' });
      const stored = await store.getExecutionData(summary?.id ?? '');
      const runData = stored?.result?.data.resultData.runData;
      expect(runData?.Done?.[0]?.data?.main[0]?.[0]?.json).toMatchObject({ timestamp: '2026-06-01T10:00:00.000+02:00', Hour: '10', Timezone: 'Europe/Paris (UTC+02:00)' });
    } finally {
      await schedules.close();
      await lock.close();
      await store.close();
    }
  });
});
