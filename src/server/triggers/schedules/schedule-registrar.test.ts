import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../adapters/sqlite-store/index.js';
import { createInProcessLock, type InProcessLockTable } from '../../../adapters/leader-lock/index.js';
import type { Item, WorkflowDocument, WorkflowNode } from '../../../core/model/types.js';
import { createSilentLogger } from '../../../logging/logger.js';
import type { LeaderLock } from '../../../ports/lock/types.js';
import type { Store } from '../../../ports/store/index.js';
import type { ExecutionRunner, StartRequest } from '../../executions/runner.js';
import type { TriggerRegistrar } from '../types.js';
import { createFakeClock, type FakeClock } from './fake-clock.test-util.js';
import { createScheduleRegistrar } from './schedule-registrar.js';

interface Fired {
  readonly at: string;
  readonly workflowId: string;
  readonly node: string | undefined;
  readonly items: Item[] | undefined;
  readonly by: string;
}

function recordingRunner(fired: Fired[], clock: FakeClock, by: string): ExecutionRunner {
  let next = 0;
  return {
    async start(request: StartRequest) {
      expect(request.mode).toBe('trigger');
      fired.push({ at: new Date(clock.now()).toISOString(), workflowId: request.workflow.id, node: request.startNode, items: request.startItems, by });
      return { executionId: `${by}-${++next}`, done: new Promise(() => undefined) };
    },
    cancel: () => false,
    running: () => undefined,
    drain: async () => undefined,
  };
}

function node(name: string, type: string, parameters: Record<string, unknown>): WorkflowNode {
  return { name, type, typeVersion: type.endsWith('scheduleTrigger') ? 1.2 : 1, position: [0, 0], parameters } as WorkflowNode;
}

function doc(nodes: WorkflowNode[], timezone?: string): WorkflowDocument {
  return { nodes, connections: {}, ...(timezone !== undefined ? { settings: { timezone } } : {}) };
}

describe('schedule registrar', () => {
  let store: Store;
  let clock: FakeClock;
  let table: InProcessLockTable;
  let fired: Fired[];
  const closers: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    store = await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
    // Saturday 23:00 in Berlin, the night clocks move forward.
    clock = createFakeClock(Date.parse('2026-03-28T22:00:00Z'));
    table = new Map();
    fired = [];
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await store.close();
  });

  function registrar(by: string, lock: LeaderLock = createInProcessLock({ table, now: () => clock.now() })): TriggerRegistrar {
    const made = createScheduleRegistrar({ store, runner: recordingRunner(fired, clock, by), lock, logger: createSilentLogger(), clock, lockTtlMs: 30_000, resyncMs: 3_600_000 });
    closers.push(async () => {
      await made.close();
      await lock.close();
    });
    return made;
  }

  it('fires every rule kind at its times in the workflow zone, across the DST change', async () => {
    const workflow = await store.createWorkflow({
      name: 'all kinds',
      active: true,
      definition: doc(
        [
          node('Daily', 'n8n-nodes-base.scheduleTrigger', { rule: { interval: [{ field: 'days', triggerAtHour: 9 }, { field: 'cronExpression', expression: '0 12 * * 0' }] } }),
          node('Legacy', 'n8n-nodes-base.cron', { triggerTimes: { item: [{ mode: 'everyDay', hour: 2, minute: 30 }] } }),
          node('Every12h', 'n8n-nodes-base.interval', { interval: 12, unit: 'hours' }),
          node('Off', 'n8n-nodes-base.interval', { interval: 1, unit: 'seconds' }),
        ].map((n) => (n.name === 'Off' ? { ...n, disabled: true } : n)),
        'Europe/Berlin',
      ),
    });
    const schedules = registrar('a');
    await schedules.activate(workflow);
    await clock.advanceTo(Date.parse('2026-03-30T12:00:00Z'));
    expect(fired.map((f) => `${f.at} ${f.node ?? ''}`)).toEqual([
      // 02:30 does not exist on the 29th: it fires just after the jump (03:30 CEST).
      '2026-03-29T01:30:00.000Z Legacy',
      '2026-03-29T07:00:00.000Z Daily',
      '2026-03-29T10:00:00.000Z Daily',
      '2026-03-29T10:00:00.000Z Every12h',
      '2026-03-29T22:00:00.000Z Every12h',
      '2026-03-30T00:30:00.000Z Legacy',
      '2026-03-30T07:00:00.000Z Daily',
      '2026-03-30T10:00:00.000Z Every12h',
    ]);
    const daily = fired.find((f) => f.node === 'Daily');
    expect(daily?.items?.[0]?.json).toMatchObject({ timestamp: '2026-03-29T09:00:00.000+02:00', Hour: '09', 'Day of week': 'Sunday', Timezone: 'Europe/Berlin (UTC+02:00)' });
  });

  it('uses the default zone without settings.timezone, and stops firing on deactivate', async () => {
    const workflow = await store.createWorkflow({ name: 'utc', active: true, definition: doc([node('Hourly', 'n8n-nodes-base.cron', { triggerTimes: { item: [{ mode: 'everyHour', minute: 15 }] } })]) });
    const schedules = registrar('a');
    await schedules.activate(workflow);
    await clock.advanceTo(Date.parse('2026-03-29T00:20:00Z'));
    expect(fired.map((f) => f.at)).toEqual(['2026-03-28T22:15:00.000Z', '2026-03-28T23:15:00.000Z', '2026-03-29T00:15:00.000Z']);
    // As the deactivate route does: the store says inactive, so the leader's periodic re-read does not bring it back.
    await store.updateWorkflow(workflow.id, { active: false });
    await schedules.deactivate(workflow.id);
    await clock.advanceTo(Date.parse('2026-03-29T06:00:00Z'));
    expect(fired).toHaveLength(3);
  });

  it('refuses a schedule that can never fire, and ignores workflows without schedule nodes', async () => {
    const schedules = registrar('a');
    const bad = await store.createWorkflow({ name: 'bad', definition: doc([node('Bad', 'n8n-nodes-base.scheduleTrigger', { rule: { interval: [{ field: 'cronExpression', expression: '0 99 * * *' }] } })]) });
    await expect(schedules.activate(bad)).rejects.toMatchObject({ code: 'WEFT_E_INVALID_WORKFLOW' });
    const manual = await store.createWorkflow({ name: 'manual', definition: doc([node('Start', 'n8n-nodes-base.manualTrigger', {})]) });
    await schedules.activate(manual);
    await clock.advanceTo(Date.parse('2026-03-29T22:00:00Z'));
    expect(fired).toEqual([]);
  });

  it('fires each tick once across two registrars sharing one lock, and fails over when the leader dies', async () => {
    const workflow = await store.createWorkflow({ name: 'shared', active: true, definition: doc([node('Every10m', 'n8n-nodes-base.scheduleTrigger', { rule: { interval: [{ field: 'minutes', minutesInterval: 10 }] } })]) });
    let aDead = false;
    const inner = createInProcessLock({ table, now: () => clock.now() });
    // A dead process never reaches its lock again (and never releases it).
    const aLock: LeaderLock = { tryAcquire: (name, ttl) => (aDead ? Promise.resolve(false) : inner.tryAcquire(name, ttl)), release: (name) => (aDead ? Promise.resolve() : inner.release(name)), close: () => inner.close() };
    const a = registrar('a', aLock);
    const b = registrar('b');
    await a.activate(workflow);
    await b.restore([workflow]);
    await clock.advanceTo(Date.parse('2026-03-28T23:00:00Z'));
    expect(fired.map((f) => f.at)).toEqual(['2026-03-28T22:10:00.000Z', '2026-03-28T22:20:00.000Z', '2026-03-28T22:30:00.000Z', '2026-03-28T22:40:00.000Z', '2026-03-28T22:50:00.000Z', '2026-03-28T23:00:00.000Z']);
    expect(new Set(fired.map((f) => f.by))).toEqual(new Set(['a']));

    aDead = true;
    fired.length = 0;
    await clock.advanceTo(Date.parse('2026-03-28T23:30:00Z'));
    // a's lease (30 s) ran out long before 23:10; b fires from then on and a does not.
    expect(fired.map((f) => `${f.at} ${f.by}`)).toEqual(['2026-03-28T23:10:00.000Z b', '2026-03-28T23:20:00.000Z b', '2026-03-28T23:30:00.000Z b']);
  });

  it('hands leadership over at once when the leader closes, and the new leader picks up workflows it was not told about', async () => {
    const workflow = await store.createWorkflow({ name: 'elsewhere', active: true, definition: doc([node('Every5m', 'n8n-nodes-base.scheduleTrigger', { rule: { interval: [{ field: 'minutes', minutesInterval: 5 }] } })]) });
    const a = registrar('a');
    const b = registrar('b');
    await a.activate(workflow);
    // b was started before the workflow was activated (e.g. it was activated through a): it has no timers for it.
    await b.restore([]);
    await clock.advanceTo(Date.parse('2026-03-28T22:05:00Z'));
    expect(fired.map((f) => f.by)).toEqual(['a']);
    await a.close();
    await clock.advanceTo(Date.parse('2026-03-28T22:15:00Z'));
    expect(fired.map((f) => `${f.at} ${f.by}`)).toEqual(['2026-03-28T22:05:00.000Z a', '2026-03-28T22:10:00.000Z b', '2026-03-28T22:15:00.000Z b']);
  });
});
