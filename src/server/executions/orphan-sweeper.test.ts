import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInProcessLock, type InProcessLockTable } from '../../adapters/leader-lock/index.js';
import { createSqliteStore } from '../../adapters/sqlite-store/index.js';
import { createSilentLogger } from '../../logging/logger.js';
import type { Store } from '../../ports/store/index.js';
import type { EnqueueOptions, RoutedWorkflow } from '../../runtime/worker/execution-enqueuer.js';
import { createFakeClock, type FakeClock } from '../triggers/schedules/fake-clock.test-util.js';
import { createOrphanSweeper, ORPHAN_SWEEPER_LOCK } from './orphan-sweeper.js';

const T0 = Date.UTC(2030, 0, 1);
const AFTER_MS = 4_000;
const INTERVAL_MS = 1_000;

let dir: string;
let store: Store;
let clock: FakeClock;
let table: InProcessLockTable;

/** An enqueuer that records which sweeper published what. */
function recordingEnqueuer(into: string[]) {
  return {
    async enqueue(executionId: string, workflow: RoutedWorkflow, options: EnqueueOptions) {
      into.push(executionId);
      return { executionId, workflowId: workflow.id, kind: options.kind, concurrencyLimit: 0, hasCheckpoints: true, deferrals: 0, priority: 4 };
    },
  };
}

function sweeper(published: string[], metrics?: Registry) {
  return createOrphanSweeper({
    store,
    enqueuer: recordingEnqueuer(published),
    lock: createInProcessLock({ table, now: () => clock.now() }),
    logger: createSilentLogger(),
    clock,
    orphanAfterMs: AFTER_MS,
    intervalMs: INTERVAL_MS,
    ...(metrics ? { metrics } : {}),
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'weft-orphan-sweeper-'));
  clock = createFakeClock(T0);
  table = new Map();
  store = await createSqliteStore({ file: join(dir, 'weft.db'), encryptionKey: randomBytes(32), now: () => clock.now() });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('orphan sweeper', () => {
  it('sweeps every interval in the one process holding the lock, counts what it queued, and hands over on close', async () => {
    const stranded = await store.createExecution({ workflowId: 'wf', workflowVersion: 1, mode: 'trigger' });
    const metrics = new Registry();
    const [byFirst, bySecond]: [string[], string[]] = [[], []];
    const first = sweeper(byFirst, metrics);
    const second = sweeper(bySecond);
    first.start();
    await clock.advanceTo(T0 + INTERVAL_MS / 2);
    second.start();

    // Not stale yet at the first sweeps; stale after AFTER_MS.
    await clock.advanceTo(T0 + AFTER_MS);
    expect(byFirst).toEqual([]);
    await clock.advanceTo(T0 + AFTER_MS + INTERVAL_MS);
    expect(byFirst).toEqual([stranded.id]);
    expect(bySecond).toEqual([]);
    expect(table.has(ORPHAN_SWEEPER_LOCK)).toBe(true);
    expect(await metrics.getSingleMetricAsString('weft_queue_orphans_requeued_total')).toContain('weft_queue_orphans_requeued_total 1');

    // The leader stops: the lock is released, and the other orchestrator's next sweep takes over (its own back-off
    // starts empty, so it publishes the still-new execution once more).
    await first.close();
    await first.close();
    expect(clock.pending).toBe(1);
    await clock.advanceTo(T0 + AFTER_MS + 2 * INTERVAL_MS);
    expect(bySecond).toEqual([stranded.id]);
    expect(byFirst).toEqual([stranded.id]);
    await second.close();
    expect(clock.pending).toBe(0);
    expect(table.has(ORPHAN_SWEEPER_LOCK)).toBe(false);
  });

  it('runs one sweep at a time, and sweeps nothing after close', async () => {
    await store.createExecution({ workflowId: 'wf', workflowVersion: 1, mode: 'trigger' });
    await clock.advanceTo(T0 + AFTER_MS + 1);
    const published: string[] = [];
    const only = sweeper(published);
    const [a, b] = await Promise.all([only.sweepNow(), only.sweepNow()]);
    expect([a, b]).toEqual([1, 1]);
    expect(published).toHaveLength(1);
    await only.close();
    expect(await only.sweepNow()).toBe(0);
  });
});
