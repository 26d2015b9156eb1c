import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../types.js';
import { createWorkflowId, executionResult, items, nodeSucceeded } from './fixtures.js';
import { expectLimitsChecked, expectWeftError, newestFirst, unique, walkPages, type ContractHarness } from './harness.js';

/** Executions: creation, attempt fencing, finishing once, listing with filters and keyset paging, deletion. */
export function describeExecutionContract(h: ContractHarness): void {
  describe('executions', () => {
    it('creates an execution as new, attempt 1, recording the workflow version; unset fields are undefined', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const before = Date.now();
      const created = await store.createExecution({ workflowId, workflowVersion: 3, mode: 'manual' });
      const expected: ExecutionRecord = {
        id: created.id,
        workflowId,
        workflowVersion: 3,
        status: 'new',
        mode: 'manual',
        createdAt: created.createdAt,
        startedAt: undefined,
        stoppedAt: undefined,
        retryOf: undefined,
        worker: undefined,
        attempt: 1,
        shard: undefined,
        errorMessage: undefined,
        waitTill: undefined,
      };
      // toStrictEqual: a null where the port says undefined is a difference.
      expect(created).toStrictEqual(expected);
      expect(created.createdAt).toBeGreaterThanOrEqual(before);
      expect(created.createdAt).toBeLessThanOrEqual(Date.now());
      expect(await store.getExecution(created.id)).toStrictEqual(expected);
      expect(await store.getExecution(created.id, { consistency: 'strong' })).toStrictEqual(expected);
    });

    it('creates a running execution with worker, shard, retryOf and startedAt', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const original = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });
      const startedAt = Date.now() - 5;
      const retry = await store.createExecution({ workflowId, workflowVersion: 2, mode: 'retry', status: 'running', worker: 'worker-a', shard: 7, retryOf: original.id, startedAt });
      expect(retry).toMatchObject({ status: 'running', mode: 'retry', worker: 'worker-a', shard: 7, retryOf: original.id, startedAt, workflowVersion: 2, attempt: 1 });
      expect(await store.getExecution(retry.id)).toStrictEqual(retry);
    });

    it('creates a group in one call, returned in input order; an empty group is a no-op', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      expect(await store.createExecutions([])).toEqual([]);
      const group = await store.createExecutions([
        { workflowId, workflowVersion: 1, mode: 'webhook', shard: 0 },
        { workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w' },
        { workflowId, workflowVersion: 2, mode: 'manual', input: { body: { a: 1 } } },
      ]);
      expect(group.map((row) => [row.mode, row.status, row.workflowVersion])).toEqual([
        ['webhook', 'new', 1],
        ['trigger', 'running', 1],
        ['manual', 'new', 2],
      ]);
      expect(new Set(group.map((row) => row.id)).size).toBe(3);
      for (const row of group) expect(await store.getExecution(row.id)).toStrictEqual(row);
      expect((await store.getExecutionData(group[2]!.id))?.input).toEqual({ body: { a: 1 } });
    });

    it('returns undefined for an unknown execution, and false for writes to one', async () => {
      const store = h.shared();
      expect(await store.getExecution('no-such-execution')).toBeUndefined();
      expect(await store.updateExecution('no-such-execution', { status: 'running', attempt: 1 })).toBe(false);
      expect(await store.finishExecution('no-such-execution', { status: 'success', attempt: 1, stoppedAt: Date.now() })).toBe(false);
      expect(await store.deleteExecution('no-such-execution')).toBe(false);
      expect(await store.saveCheckpoints('no-such-execution', 1, [{ sequence: 0, event: nodeSucceeded(0, 'x') }])).toBe(false);
      expect(await store.loadCheckpoints('no-such-execution')).toEqual([]);
    });

    it('applies updates of the current or a newer attempt; fields left out keep their values', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });
      const startedAt = Date.now();
      expect(await store.updateExecution(created.id, { status: 'running', attempt: 1, worker: 'w1', startedAt })).toBe(true);
      expect(await store.getExecution(created.id)).toMatchObject({ status: 'running', attempt: 1, worker: 'w1', startedAt });
      const waitTill = startedAt + 60_000;
      expect(await store.updateExecution(created.id, { status: 'waiting', attempt: 1, waitTill })).toBe(true);
      expect(await store.getExecution(created.id)).toMatchObject({ status: 'waiting', attempt: 1, worker: 'w1', startedAt, waitTill });
      // A redelivery (newer attempt) takes over on another worker.
      expect(await store.updateExecution(created.id, { status: 'running', attempt: 2, worker: 'w2' })).toBe(true);
      // Leaving 'waiting' clears waitTill: it only means something while waiting.
      expect(await store.getExecution(created.id)).toMatchObject({ status: 'running', attempt: 2, worker: 'w2', startedAt, waitTill: undefined });
    });

    it('fences out an older attempt: its update, finish and checkpoints return false and change nothing', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w1' });
      expect(await store.updateExecution(created.id, { status: 'running', attempt: 3, worker: 'w3' })).toBe(true);
      const current = await store.getExecution(created.id);
      expect(await store.updateExecution(created.id, { status: 'waiting', attempt: 2, worker: 'w2', waitTill: Date.now() })).toBe(false);
      expect(await store.finishExecution(created.id, { status: 'error', attempt: 2, stoppedAt: Date.now(), errorMessage: 'stale', result: executionResult([], 'error') })).toBe(false);
      expect(await store.saveCheckpoints(created.id, 2, [{ sequence: 0, event: nodeSucceeded(0, 'stale') }])).toBe(false);
      expect(await store.getExecution(created.id)).toStrictEqual(current);
      expect((await store.getExecutionData(created.id))?.result).toBeUndefined();
      expect(await store.loadCheckpoints(created.id)).toEqual([]);
      // The current attempt still finishes.
      const stoppedAt = Date.now();
      expect(await store.finishExecution(created.id, { status: 'success', attempt: 3, stoppedAt })).toBe(true);
      expect(await store.getExecution(created.id)).toMatchObject({ status: 'success', attempt: 3, worker: 'w3', stoppedAt });
    });

    it('lets a newer attempt finish, taking the attempt over', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w1' });
      const stoppedAt = Date.now();
      expect(await store.finishExecution(created.id, { status: 'crashed', attempt: 4, stoppedAt, errorMessage: 'worker lost' })).toBe(true);
      expect(await store.getExecution(created.id)).toMatchObject({ status: 'crashed', attempt: 4, stoppedAt, errorMessage: 'worker lost' });
    });

    it('finishes exactly once: a second finish returns false and keeps the first outcome; later updates and checkpoints are refused', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'manual', status: 'running', startedAt: Date.now() });
      const stoppedAt = Date.now() + 10;
      const result = executionResult(items(2), 'error');
      expect(await store.finishExecution(created.id, { status: 'error', attempt: 1, stoppedAt, errorMessage: 'Boom', result })).toBe(true);
      const finished = await store.getExecution(created.id);
      expect(finished).toMatchObject({ status: 'error', stoppedAt, errorMessage: 'Boom' });
      expect(await store.finishExecution(created.id, { status: 'success', attempt: 1, stoppedAt: stoppedAt + 5, result: executionResult([]) })).toBe(false);
      expect(await store.finishExecution(created.id, { status: 'success', attempt: 2, stoppedAt: stoppedAt + 5 })).toBe(false);
      expect(await store.updateExecution(created.id, { status: 'running', attempt: 1 })).toBe(false);
      expect(await store.updateExecution(created.id, { status: 'running', attempt: 2 })).toBe(false);
      expect(await store.saveCheckpoints(created.id, 1, [{ sequence: 0, event: nodeSucceeded(0, 'late') }])).toBe(false);
      expect(await store.loadCheckpoints(created.id)).toEqual([]);
      expect(await store.getExecution(created.id)).toStrictEqual(finished);
      expect((await store.getExecutionData(created.id))?.result).toEqual(result);
    });

    it('lets exactly one of two concurrent finishes win', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'manual', status: 'running' });
      const stoppedAt = Date.now();
      const outcomes = await Promise.all([
        store.finishExecution(created.id, { status: 'success', attempt: 1, stoppedAt }),
        store.finishExecution(created.id, { status: 'canceled', attempt: 1, stoppedAt }),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect((await store.getExecution(created.id))?.status).toBe(outcomes[0] === true ? 'success' : 'canceled');
    });

    it('finishes a group in one call, reporting in order which finish was applied', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const [a, b, c] = await store.createExecutions([
        { workflowId, workflowVersion: 1, mode: 'trigger', status: 'running' },
        { workflowId, workflowVersion: 1, mode: 'trigger', status: 'running' },
        { workflowId, workflowVersion: 1, mode: 'trigger', status: 'running' },
      ]);
      expect(await store.updateExecution(b!.id, { status: 'running', attempt: 2 })).toBe(true);
      expect(await store.finishExecution(c!.id, { status: 'success', attempt: 1, stoppedAt: Date.now() })).toBe(true);
      const stoppedAt = Date.now();
      const resultA = executionResult(items(3));
      expect(await store.finishExecutions([])).toEqual([]);
      const applied = await store.finishExecutions([
        { id: a!.id, status: 'success', attempt: 1, stoppedAt, result: resultA },
        { id: b!.id, status: 'success', attempt: 1, stoppedAt },
        { id: c!.id, status: 'error', attempt: 1, stoppedAt },
        { id: 'no-such-execution', status: 'success', attempt: 1, stoppedAt },
      ]);
      expect(applied).toEqual([true, false, false, false]);
      expect(await store.getExecution(a!.id)).toMatchObject({ status: 'success', stoppedAt });
      expect((await store.getExecutionData(a!.id))?.result).toEqual(resultA);
      expect((await store.getExecution(b!.id))?.status).toBe('running');
      expect((await store.getExecution(c!.id))?.status).toBe('success');
    });

    it('lists a workflow’s executions newest first by createdAt then id, walking pages exactly once', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const otherWorkflow = await createWorkflowId(store);
      const start = Date.now();
      const made: ExecutionRecord[] = [];
      // Several rows per millisecond, so ties on createdAt are broken by id.
      for (const [offset, count] of [[0, 3], [1, 1], [2, 4], [5, 2]] as const) {
        h.freezeClock(start + offset);
        made.push(...(await store.createExecutions(Array.from({ length: count }, () => ({ workflowId, workflowVersion: 1, mode: 'trigger' })))));
      }
      await store.createExecution({ workflowId: otherWorkflow, workflowVersion: 1, mode: 'trigger' });
      const expected = newestFirst(made, (row) => row.createdAt);
      for (const limit of [1, 4, 5, 10, 50]) {
        const { rows, pageSizes } = await walkPages(limit, (cursor) => store.listExecutions({ workflowId, limit, ...(cursor === undefined ? {} : { cursor }) }));
        expect(rows).toEqual(expected);
        expect(pageSizes).toHaveLength(Math.ceil(made.length / limit));
      }
      const replicaRead = await store.listExecutions({ workflowId, limit: 50 }, { consistency: 'replica' });
      expect(replicaRead.data.length).toBeLessThanOrEqual(made.length);
    });

    it('filters by one status or several, and by the createdAt range [startedAfter, startedBefore)', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const t = Date.now();
      h.freezeClock(t);
      const first = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });
      h.freezeClock(t + 10);
      const second = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running' });
      h.freezeClock(t + 20);
      const third = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running' });
      await store.finishExecution(third.id, { status: 'error', attempt: 1, stoppedAt: t + 25, errorMessage: 'x' });
      const ids = async (query: Omit<Parameters<typeof store.listExecutions>[0], 'limit' | 'workflowId'>) =>
        (await store.listExecutions({ workflowId, limit: 50, ...query })).data.map((row) => row.id);
      expect(await ids({ status: 'running' })).toEqual([second.id]);
      expect(await ids({ status: ['new', 'error'] })).toEqual([third.id, first.id]);
      expect(await ids({ status: ['success'] })).toEqual([]);
      expect(await ids({ status: [] })).toEqual([]);
      expect(await ids({ startedAfter: t + 10 })).toEqual([third.id, second.id]);
      expect(await ids({ startedBefore: t + 20 })).toEqual([second.id, first.id]);
      expect(await ids({ startedAfter: t + 10, startedBefore: t + 20 })).toEqual([second.id]);
      expect(await ids({ startedAfter: t + 1, startedBefore: t + 10 })).toEqual([]);
      expect(await ids({ startedAfter: t, status: 'running' })).toEqual([second.id]);
    });

    it('rejects a malformed cursor, and a limit that is not a whole number from 1 to 10,000, with WEFT_E_INVALID_ARGUMENT', async () => {
      const store = h.shared();
      await expectWeftError(store.listExecutions({ limit: 5, cursor: 'not-a-cursor' }), 'WEFT_E_INVALID_ARGUMENT');
      await expectLimitsChecked((limit) => store.listExecutions({ limit, workflowId: 'no-such-workflow' }));
    });

    it('deletes an execution with its data and checkpoints; the second delete returns false', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'manual', status: 'running', input: { q: 1 } });
      await store.saveCheckpoints(created.id, 1, [{ sequence: 0, event: nodeSucceeded(0, 'a') }]);
      await store.finishExecution(created.id, { status: 'success', attempt: 1, stoppedAt: Date.now(), result: executionResult(items(1)) });
      expect(await store.deleteExecution(created.id)).toBe(true);
      expect(await store.getExecution(created.id)).toBeUndefined();
      expect(await store.getExecutionData(created.id)).toBeUndefined();
      expect(await store.loadCheckpoints(created.id)).toEqual([]);
      expect((await store.listExecutions({ workflowId, limit: 10 })).data).toEqual([]);
      expect(await store.deleteExecution(created.id)).toBe(false);
    });

    it('lists the running executions of the given workers', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const [w1, w2, w3] = [unique('w1'), unique('w2'), unique('w3')];
      const a = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: w1 });
      const b = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: w2 });
      await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: w3 });
      const waiting = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: w1 });
      await store.updateExecution(waiting.id, { status: 'waiting', attempt: 1, waitTill: Date.now() + 1000 });
      const done = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: w2 });
      await store.finishExecution(done.id, { status: 'success', attempt: 1, stoppedAt: Date.now() });
      const moved = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: w1 });
      await store.updateExecution(moved.id, { status: 'running', attempt: 2, worker: w3 });
      const found = await store.listRunningByWorker([w1, w2]);
      expect(found.map((row) => row.id).sort()).toEqual([a.id, b.id].sort());
      expect(found.find((row) => row.id === a.id)).toStrictEqual(await store.getExecution(a.id));
      expect(await store.listRunningByWorker([])).toEqual([]);
      expect(await store.listRunningByWorker([unique('nobody')])).toEqual([]);
    });
  });
}
