import { describe, expect, it } from 'vitest';
import type { ExecutionRecord, NewExecution, Store } from '../types.js';
import { createWorkflowId, executionResult, items, nodeSucceeded } from './fixtures.js';
import { dayOf, utcMidnight, type ContractHarness } from './harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The history tests run on days a little ahead (after prepareAhead), so partitioned adapters need no partition
 * for the past: D is UTC midnight three days from now.
 */
function futureDay(): number {
  return utcMidnight(3);
}

/** Creates executions at the frozen time `at`, running since `at`, and finishes them with the given outcomes. */
async function finishedAt(
  h: ContractHarness,
  store: Store,
  at: number,
  workflowId: string,
  outcomes: ReadonlyArray<{ durationMs: number; status?: 'success' | 'error' | 'canceled' | 'crashed'; withData?: boolean }>,
): Promise<ExecutionRecord[]> {
  h.freezeClock(at);
  const inputs: NewExecution[] = outcomes.map(() => ({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', startedAt: at }));
  const created = await store.createExecutions(inputs);
  const applied = await store.finishExecutions(
    created.map((row, index) => {
      const outcome = outcomes[index]!;
      const status = outcome.status ?? 'success';
      return { id: row.id, status, attempt: 1, stoppedAt: at + outcome.durationMs, ...(outcome.withData === true ? { result: executionResult(items(2)) } : {}) };
    }),
  );
  expect(applied.every(Boolean)).toBe(true);
  return created;
}

/** Retention (by age and count, never touching unfinished executions), daily rollups, storage prepared ahead. */
export function describeHistoryContract(h: ContractHarness): void {
  describe('history', () => {
    it('prepares storage ahead without failing, and executions created in that range work', async () => {
      const { store } = await h.fresh();
      const until = utcMidnight(40);
      await store.prepareAhead(until);
      await store.prepareAhead(until);
      const workflowId = await createWorkflowId(store);
      for (const at of [Date.now(), utcMidnight(1) + HOUR, utcMidnight(39) + 23 * HOUR]) {
        h.freezeClock(at);
        const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', input: { at } });
        expect(created.createdAt).toBe(at);
        expect(await store.getExecution(created.id)).toStrictEqual(created);
        expect((await store.getExecutionData(created.id))?.input).toEqual({ at });
      }
      expect((await store.listExecutions({ workflowId, limit: 10 })).data).toHaveLength(3);
    });

    it('removes executions created before now - maxAgeMs, with their data and checkpoints, and returns how many', async () => {
      const { store } = await h.fresh();
      const t0 = futureDay() + 8 * HOUR;
      await store.prepareAhead(t0 + DAY);
      const workflowId = await createWorkflowId(store);
      const old = await finishedAt(h, store, t0, workflowId, [{ durationMs: 5, withData: true }, { durationMs: 6, status: 'error' }, { durationMs: 7, status: 'crashed' }]);
      await store.saveCheckpoints(old[0]!.id, 1, [{ sequence: 0, event: nodeSucceeded(0, 'old') }]);
      // Unfinished executions are never removed, however old: a waiting one may resume days later.
      const running = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w' });
      const waiting = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running' });
      await store.updateExecution(waiting.id, { status: 'waiting', attempt: 1, waitTill: t0 + 30 * DAY });
      const queued = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });
      const cutoff = t0 + 90 * 60_000;
      const atCutoff = await finishedAt(h, store, cutoff, workflowId, [{ durationMs: 1 }]);
      const recent = await finishedAt(h, store, t0 + 2 * HOUR, workflowId, [{ durationMs: 1 }, { durationMs: 2 }]);

      expect(await store.applyRetention({ maxAgeMs: HOUR }, cutoff + HOUR)).toBe(3);
      for (const gone of old) {
        expect(await store.getExecution(gone.id)).toBeUndefined();
        expect(await store.getExecutionData(gone.id)).toBeUndefined();
        expect(await store.loadCheckpoints(gone.id)).toEqual([]);
      }
      const left = (await store.listExecutions({ workflowId, limit: 50 })).data.map((row) => row.id).sort();
      expect(left).toEqual([running.id, waiting.id, queued.id, atCutoff[0]!.id, recent[0]!.id, recent[1]!.id].sort());
      expect(await store.applyRetention({ maxAgeMs: HOUR }, cutoff + HOUR)).toBe(0);
    });

    it('keeps only the newest maxCount finished executions, counting finished ones only', async () => {
      const { store } = await h.fresh();
      const t0 = futureDay() + 9 * HOUR;
      await store.prepareAhead(t0 + DAY);
      const first = await createWorkflowId(store);
      const second = await createWorkflowId(store);
      const made: ExecutionRecord[] = [];
      for (let index = 0; index < 5; index += 1) {
        made.push(...(await finishedAt(h, store, t0 + index * 1_000, index % 2 === 0 ? first : second, [{ durationMs: 10, withData: true }])));
      }
      expect(await store.applyRetention({ maxCount: 2 }, t0 + HOUR)).toBe(3);
      const left = [
        ...(await store.listExecutions({ workflowId: first, limit: 10 })).data,
        ...(await store.listExecutions({ workflowId: second, limit: 10 })).data,
      ].map((row) => row.id);
      expect(left.sort()).toEqual([made[3]!.id, made[4]!.id].sort());
      for (const gone of made.slice(0, 3)) expect(await store.getExecutionData(gone.id)).toBeUndefined();
      expect(await store.applyRetention({ maxCount: 2 }, t0 + HOUR)).toBe(0);
      // Newer unfinished executions neither count nor go.
      const running = await store.createExecution({ workflowId: first, workflowVersion: 1, mode: 'trigger', status: 'running' });
      expect(await store.applyRetention({ maxCount: 2 }, t0 + HOUR)).toBe(0);
      expect(await store.applyRetention({ maxCount: 1 }, t0 + HOUR)).toBe(1);
      expect((await store.getExecution(made[4]!.id))?.status).toBe('success');
      expect((await store.getExecution(running.id))?.status).toBe('running');
    });

    it('applies both limits together, and an empty policy removes nothing', async () => {
      const { store } = await h.fresh();
      const t0 = futureDay() + 10 * HOUR;
      await store.prepareAhead(t0 + DAY);
      const workflowId = await createWorkflowId(store);
      const made: ExecutionRecord[] = [];
      for (let index = 0; index < 5; index += 1) made.push(...(await finishedAt(h, store, t0 + index * 60_000, workflowId, [{ durationMs: 10 }])));
      expect(await store.applyRetention({}, t0 + DAY)).toBe(0);
      // Age removes the two oldest (created before t0 + 2 min), count alone would remove only the oldest.
      expect(await store.applyRetention({ maxAgeMs: 60_000, maxCount: 4 }, t0 + 3 * 60_000)).toBe(2);
      const left = (await store.listExecutions({ workflowId, limit: 10 })).data.map((row) => row.id);
      expect(left).toEqual([made[4]!.id, made[3]!.id, made[2]!.id]);
    });

    it('removes more than one batch: 1,500 old executions', async () => {
      const { store } = await h.fresh();
      const t0 = futureDay() + 11 * HOUR;
      await store.prepareAhead(t0 + DAY);
      const workflowId = await createWorkflowId(store);
      for (let chunk = 0; chunk < 3; chunk += 1) {
        await finishedAt(h, store, t0 + chunk, workflowId, Array.from({ length: 500 }, (_, index) => ({ durationMs: index, withData: index % 50 === 0 })));
      }
      const recent = await finishedAt(h, store, t0 + HOUR, workflowId, [{ durationMs: 1 }]);
      expect(await store.applyRetention({ maxAgeMs: 30 * 60_000 }, t0 + HOUR)).toBe(1_500);
      expect((await store.listExecutions({ workflowId, limit: 10 })).data.map((row) => row.id)).toEqual([recent[0]!.id]);
    });

    it('rolls up a day per workflow: finished count, errors, nearest-rank duration percentiles', async () => {
      const { store } = await h.fresh();
      const d = futureDay();
      await store.prepareAhead(d + 3 * DAY);
      const [a, b] = [await createWorkflowId(store, 'a'), await createWorkflowId(store, 'b')];
      // Workflow a: 100 runs lasting 10..1000 ms (shuffled); multiples of 100 ms are errors, 550 ms crashed, 330 ms canceled.
      const durations = Array.from({ length: 100 }, (_, index) => (((index * 37) % 100) + 1) * 10);
      await finishedAt(h, store, d + 10 * HOUR, a, durations.map((durationMs) => ({
        durationMs,
        status: durationMs % 100 === 0 ? 'error' : durationMs === 550 ? 'crashed' : durationMs === 330 ? 'canceled' : 'success',
      })));
      // Unfinished executions are not counted.
      await store.createExecution({ workflowId: a, workflowVersion: 1, mode: 'trigger' });
      const bRunning = await store.createExecution({ workflowId: b, workflowVersion: 1, mode: 'trigger', status: 'running', startedAt: d + 10 * HOUR });
      await finishedAt(h, store, d + 23 * HOUR, b, [{ durationMs: 1_000 }, { durationMs: 5 }, { durationMs: 20 }]);
      // The next day's executions belong to the next day.
      await finishedAt(h, store, d + DAY + HOUR, a, [{ durationMs: 42, status: 'error' }]);

      await store.rollupDay(dayOf(d));
      await store.rollupDay(dayOf(d + DAY));
      const rollupA = { workflowId: a, day: dayOf(d), count: 100, errors: 11, p50Ms: 500, p95Ms: 950, p99Ms: 990 };
      const rollupB = { workflowId: b, day: dayOf(d), count: 3, errors: 0, p50Ms: 20, p95Ms: 1_000, p99Ms: 1_000 };
      const nextA = { workflowId: a, day: dayOf(d + DAY), count: 1, errors: 1, p50Ms: 42, p95Ms: 42, p99Ms: 42 };
      expect(await store.listRollups({ workflowId: a, fromDay: dayOf(d), toDay: dayOf(d) })).toEqual([rollupA]);
      expect(await store.listRollups({ workflowId: b, fromDay: dayOf(d), toDay: dayOf(d + DAY) })).toEqual([rollupB]);
      expect(await store.listRollups({ workflowId: a, fromDay: dayOf(d - DAY), toDay: dayOf(d + 2 * DAY) })).toEqual([rollupA, nextA]);
      // Ordered by day, then workflow id.
      expect(await store.listRollups({ fromDay: dayOf(d), toDay: dayOf(d + DAY) })).toEqual([...[rollupA, rollupB].sort((x, y) => (x.workflowId < y.workflowId ? -1 : 1)), nextA]);
      expect(await store.listRollups({ fromDay: dayOf(d + 2 * DAY), toDay: dayOf(d + 2 * DAY) })).toEqual([]);

      // Recomputing a day replaces its rollups.
      h.freezeClock(d + 23 * HOUR + 30 * 60_000);
      expect(await store.finishExecution(bRunning.id, { status: 'error', attempt: 1, stoppedAt: d + 10 * HOUR + 3_000 })).toBe(true);
      await store.rollupDay(dayOf(d));
      await store.rollupDay(dayOf(d));
      expect(await store.listRollups({ workflowId: b, fromDay: dayOf(d), toDay: dayOf(d) })).toEqual([{ ...rollupB, count: 4, errors: 1, p50Ms: 20, p95Ms: 3_000, p99Ms: 3_000 }]);
      expect(await store.listRollups({ fromDay: dayOf(d), toDay: dayOf(d) })).toHaveLength(2);
    });

    it('rolls up a day without executions to no rows', async () => {
      const { store } = await h.fresh();
      const d = futureDay();
      await store.rollupDay(dayOf(d + 5 * DAY));
      expect(await store.listRollups({ fromDay: dayOf(d), toDay: dayOf(d + 10 * DAY) })).toEqual([]);
    });
  });
}
