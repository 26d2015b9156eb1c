import type { Logger } from '../../../logging/logger.js';
import type { LeaderLock } from '../../../ports/lock/types.js';
import type { Store, WorkflowRecord } from '../../../ports/store/index.js';
import { nextFireTime, scheduleItem, type ScheduleRule } from '../../../nodes/schedule-trigger/index.js';
import type { ExecutionRunner } from '../../executions/runner.js';
import type { TriggerRegistrar } from '../types.js';
import { MAX_TIMER_MS, systemClock, type Clock } from './clock.js';
import { planSchedules, type ScheduledNode } from './schedule-plan.js';

/** The lock every orchestrator competes for; its holder is the one that fires schedules. */
export const SCHEDULER_LOCK = 'weft:scheduler';

export interface ScheduleRegistrarOptions {
  readonly store: Store;
  readonly runner: ExecutionRunner;
  readonly lock: LeaderLock;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Zone for workflows without `settings.timezone` (default `UTC`). */
  readonly defaultTimezone?: string;
  /** Leader lease (default 30 s): a dead leader is replaced within it. Renewed every third of it. */
  readonly lockTtlMs?: number;
  /**
   * How often the leader re-reads the active workflows from the store (default 60 s), so workflows activated
   * through another orchestrator get fired too. Also done at once whenever this process becomes leader.
   */
  readonly resyncMs?: number;
}

interface Entry {
  readonly workflow: WorkflowRecord;
  /** One pending timer per rule, replaced as each fires. */
  readonly timers: Map<string, unknown>;
}

/**
 * The schedule TriggerRegistrar: keeps a timer per rule of every active workflow's Schedule Trigger / Cron /
 * Interval nodes. Every process keeps the timers, but a due timer only starts an execution (mode `trigger`, the
 * schedule item as start item) after `lock.tryAcquire` confirmed this process is the leader, so one fire runs
 * once however many orchestrators run. Fires missed while no process led are skipped, as in n8n.
 *
 * @example
 * const schedules = createScheduleRegistrar({ store, runner, lock: createInProcessLock(), logger });
 * await schedules.restore(activeWorkflows);
 */
export function createScheduleRegistrar(options: ScheduleRegistrarOptions): TriggerRegistrar {
  const { store, runner, lock, logger } = options;
  const clock = options.clock ?? systemClock;
  const defaultTimezone = options.defaultTimezone ?? 'UTC';
  const ttlMs = options.lockTtlMs ?? 30_000;
  const resyncMs = options.resyncMs ?? 60_000;
  const entries = new Map<string, Entry>();
  let leading = false;
  let lastResync = -Infinity;
  let heartbeat: unknown;
  let closed = false;

  const setTimer = (entry: Entry, key: string, at: number, callback: () => void): void => {
    const delay = at - clock.now();
    // Waits beyond Node's timer limit go in steps, re-checking the remaining time at each one.
    const handle = delay > MAX_TIMER_MS ? clock.setTimeout(() => setTimer(entry, key, at, callback), MAX_TIMER_MS) : clock.setTimeout(callback, Math.max(0, delay));
    entry.timers.set(key, handle);
  };

  const isLeader = async (): Promise<boolean> => {
    const now = await lock.tryAcquire(SCHEDULER_LOCK, ttlMs);
    if (now && !leading) logger.info({ lock: SCHEDULER_LOCK }, 'this orchestrator now fires schedules');
    if (!now && leading) logger.warn({ lock: SCHEDULER_LOCK }, 'this orchestrator no longer fires schedules');
    const gained = now && !leading;
    leading = now;
    if (now && (gained || clock.now() - lastResync >= resyncMs)) void resync();
    return now;
  };

  const fire = async (entry: Entry, node: ScheduledNode, at: Date): Promise<void> => {
    try {
      if (!(await isLeader()) || closed || entries.get(entry.workflow.id) !== entry) return;
      const started = await runner.start({ workflow: entry.workflow, mode: 'trigger', startNode: node.nodeName, startItems: [scheduleItem(at, node.timezone)] });
      logger.debug({ workflowId: entry.workflow.id, node: node.nodeName, executionId: started.executionId }, 'schedule fired');
    } catch (error) {
      logger.error({ workflowId: entry.workflow.id, node: node.nodeName, err: error instanceof Error ? error.message : String(error) }, 'schedule could not start the workflow');
    }
  };

  const arm = (entry: Entry, node: ScheduledNode, rule: ScheduleRule, key: string, after: number, anchor: Date): void => {
    const next = nextFireTime(rule, new Date(after), node.timezone, anchor);
    if (!next) return;
    setTimer(entry, key, next.getTime(), () => {
      if (closed || entries.get(entry.workflow.id) !== entry) return;
      // The next fire is counted from this one, not from when the timer ran, so a late timer does not drift.
      arm(entry, node, rule, key, next.getTime(), anchor);
      void fire(entry, node, next);
    });
  };

  const clear = (workflowId: string): void => {
    const entry = entries.get(workflowId);
    if (!entry) return;
    entries.delete(workflowId);
    for (const handle of entry.timers.values()) clock.clearTimeout(handle);
  };

  const startHeartbeat = (): void => {
    if (heartbeat !== undefined || closed) return;
    const beat = (): void => {
      heartbeat = clock.setTimeout(() => {
        if (closed) return;
        beat();
        void isLeader().catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'leader check failed'));
      }, Math.max(1, Math.floor(ttlMs / 3)));
    };
    beat();
  };

  const activate = async (workflow: WorkflowRecord): Promise<void> => {
    const planned = planSchedules(workflow, defaultTimezone);
    clear(workflow.id);
    if (planned.length === 0 || closed) return;
    const entry: Entry = { workflow, timers: new Map() };
    entries.set(workflow.id, entry);
    const now = clock.now();
    planned.forEach((node, n) => node.rules.forEach((rule, r) => arm(entry, node, rule, `${n}:${r}`, now, new Date(now))));
    startHeartbeat();
  };

  /** Makes the timers match the store's active workflows (new leader, or activations made through another process). */
  let resyncing: Promise<void> | undefined;
  const resync = (): Promise<void> =>
    (resyncing ??= (async () => {
      lastResync = clock.now();
      try {
        const active = new Map<string, number>();
        let cursor: string | undefined;
        do {
          const page = await store.listWorkflows({ active: true, limit: 200, ...(cursor !== undefined ? { cursor } : {}) });
          for (const summary of page.data) active.set(summary.id, summary.version);
          cursor = page.nextCursor;
        } while (cursor !== undefined && !closed);
        for (const id of [...entries.keys()]) {
          if (active.has(id)) continue;
          // Activation registers triggers just before the store says active: a strong read avoids dropping a
          // workflow activated while this page was read (a periodic re-read would restore it anyway).
          const current = await store.getWorkflow(id, { consistency: 'strong' });
          if (!current?.active) clear(id);
        }
        for (const [id, version] of active) {
          if (closed || entries.get(id)?.workflow.version === version) continue;
          const workflow = await store.getWorkflow(id);
          if (workflow?.active) await activate(workflow).catch((error: unknown) => logger.warn({ workflowId: id, err: error instanceof Error ? error.message : String(error) }, 'schedule not restored'));
        }
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not re-read active workflows for schedules');
      }
    })().finally(() => (resyncing = undefined)));

  return {
    kind: 'schedule',
    activate,
    async deactivate(workflowId) {
      clear(workflowId);
    },
    async restore(active) {
      for (const workflow of active) {
        try {
          await activate(workflow);
        } catch (error) {
          // One workflow with a broken schedule must not keep the others (or the server) from starting.
          logger.error({ workflowId: workflow.id, err: error instanceof Error ? error.message : String(error) }, 'schedule not restored');
        }
      }
      startHeartbeat();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (heartbeat !== undefined) clock.clearTimeout(heartbeat);
      for (const id of [...entries.keys()]) clear(id);
      await resyncing;
      // Handing the lock back lets another orchestrator take over at once instead of after the lease.
      if (leading) await lock.release(SCHEDULER_LOCK);
      leading = false;
    },
  };
}
