import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SchedulerEvent } from '../../core/scheduler/index.js';
import type { ExecutionResult } from '../../core/scheduler/index.js';
import { postgresTestStore, type PostgresTestStore } from './test-support.js';

const event = (runId: number): SchedulerEvent => ({ type: 'nodeSucceeded', runId, at: 1_709_632_800_000 + runId, outputs: [[{ json: { runId } }]] });
const result: ExecutionResult = { status: 'success', mode: 'trigger', startedAt: new Date(0).toISOString(), stoppedAt: new Date(1).toISOString(), data: { resultData: { runData: {} } } };

let t: PostgresTestStore;
beforeAll(async () => {
  t = await postgresTestStore();
});
afterAll(async () => {
  await t.teardown();
});

/** How many statements `call` sent to the server (every statement goes through pg's Client#query). */
async function statementsOf<T>(call: () => Promise<T>): Promise<{ value: T; statements: number }> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    const value = await call();
    return { value, statements: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

/** Waits until some session of the store's database waits on a row lock. */
async function untilBlockedOnLock(): Promise<void> {
  for (let round = 0; round < 200; round += 1) {
    const waiting = await t.query<{ count: number }>(
      "select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
    );
    if ((waiting[0]?.count ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no store statement ever waited on the lock');
}

describe('postgres store: hot execution statements', () => {
  it('runs each per-execution call as one statement (no BEGIN/COMMIT round trips)', async () => {
    const created = await statementsOf(() => t.store.createExecution({ workflowId: 'wf-hot', workflowVersion: 1, mode: 'trigger', input: { items: [1, 2] } }));
    expect(created.statements).toBe(1);
    const id = created.value.id;
    expect((await statementsOf(() => t.store.claimExecution(id, { worker: 'w1' }))).statements).toBe(1);
    expect((await statementsOf(() => t.store.getExecution(id))).statements).toBe(1);
    expect((await statementsOf(() => t.store.getExecutionData(id))).statements).toBe(1);
    const saved = await statementsOf(() => t.store.saveCheckpoints(id, 2, [{ sequence: 0, event: event(0) }, { sequence: 1, event: event(1) }]));
    expect(saved).toEqual({ value: true, statements: 1 });
    const finished = await statementsOf(() => t.store.finishExecution(id, { status: 'success', attempt: 2, stoppedAt: Date.now(), result }));
    expect(finished).toEqual({ value: true, statements: 1 });
    const batch = await statementsOf(() => t.store.createExecutions([{ workflowId: 'wf-hot', workflowVersion: 1, mode: 'trigger', input: 'a' }, { workflowId: 'wf-hot', workflowVersion: 1, mode: 'trigger' }]));
    expect(batch.statements).toBe(1);
    const finishedBatch = await statementsOf(() =>
      t.store.finishExecutions(batch.value.map((execution) => ({ id: execution.id, status: 'error' as const, attempt: 1, stoppedAt: Date.now(), errorMessage: 'boom', result }))),
    );
    expect(finishedBatch).toEqual({ value: [true, true], statements: 1 });
    // What the single statements wrote is what the contract reads back.
    expect(await t.store.getExecutionData(id)).toEqual({ input: { items: [1, 2] }, result });
    expect(await t.store.getExecutionData(batch.value[0]!.id)).toEqual({ input: 'a', result });
    expect(await t.store.loadCheckpoints(id)).toEqual([{ sequence: 0, event: event(0) }, { sequence: 1, event: event(1) }]);
  });

  /**
   * Attempt 1's checkpoints, sent while another transaction holds the row after `update` (another engine's claim, a
   * finish): they wait for its lock; the other transaction commits; resolves with whether they were accepted.
   */
  async function lateCheckpointsBehind(update: string, id: string): Promise<boolean> {
    await t.query('begin');
    try {
      await t.query(update, [id]);
      const late = t.store.saveCheckpoints(id, 1, [{ sequence: 0, event: event(0) }]);
      await untilBlockedOnLock();
      await t.query('commit');
      return await late;
    } catch (error) {
      await t.query('rollback');
      throw error;
    }
  }

  it('refuses checkpoints of an attempt a claim takes over while they wait for the row', async () => {
    const created = await t.store.createExecution({ workflowId: 'wf-fence', workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'old' });
    // Another engine's claim (attempt 2) holds the row, not yet committed.
    expect(await lateCheckpointsBehind('update executions set attempt = attempt + 1 where id = $1', created.id)).toBe(false);
    expect(await t.store.loadCheckpoints(created.id)).toEqual([]);
    expect(await t.store.saveCheckpoints(created.id, 2, [{ sequence: 0, event: event(7) }])).toBe(true);
    expect(await t.store.loadCheckpoints(created.id)).toEqual([{ sequence: 0, event: event(7) }]);
  });

  it('takes no checkpoints once a finish that was waiting for the row commits', async () => {
    const created = await t.store.createExecution({ workflowId: 'wf-fence', workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w' });
    expect(await lateCheckpointsBehind("update executions set status = 'success', stopped_at = 1 where id = $1", created.id)).toBe(false);
    expect(await t.store.loadCheckpoints(created.id)).toEqual([]);
  });
});
