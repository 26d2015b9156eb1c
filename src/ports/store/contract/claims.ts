import { describe, expect, it } from 'vitest';
import type { ExecutionRecord, Store } from '../types.js';
import { createWorkflowId, nodeSucceeded } from './fixtures.js';
import { expectWeftError, unique, type ContractHarness } from './harness.js';

/** Oldest first by (createdAt, id): the order a workflow's queue is served in. */
function oldestFirst(rows: readonly ExecutionRecord[]): ExecutionRecord[] {
  return [...rows].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `count` new executions of one workflow, oldest first. */
async function queued(store: Store, workflowId: string, count: number): Promise<ExecutionRecord[]> {
  return oldestFirst(await store.createExecutions(Array.from({ length: count }, () => ({ workflowId, workflowVersion: 1, mode: 'trigger' }))));
}

/** Queue workers: atomic claims with fencing, per-workflow concurrency served first in first out, shard pins. */
/** One execution in each state a claim tells apart: new, running (attempt 1, another worker), ended, and an unknown id. */
async function oneOfEachState(store: Store): Promise<{ fresh: ExecutionRecord; running: ExecutionRecord; ended: ExecutionRecord; missing: string }> {
  const workflowId = await createWorkflowId(store);
  const fresh = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'webhook' });
  const running = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'old', startedAt: Date.now() - 1_000 });
  const ended = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });
  expect(await store.finishExecution(ended.id, { status: 'success', attempt: 1, stoppedAt: Date.now() })).toBe(true);
  return { fresh, running, ended, missing: unique('no-such-execution') };
}

export function describeClaimContract(h: ContractHarness): void {
  describe('execution claims', () => {
    it('claims a new execution: attempt + 1, running, the worker, startedAt now; the stored row is the one returned', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'webhook' });
      const at = Date.now() + 1_000;
      h.freezeClock(at);
      const outcome = await store.claimExecution(created.id, { worker: 'worker-a' });
      const expected: ExecutionRecord = { ...created, status: 'running', attempt: 2, worker: 'worker-a', startedAt: at };
      expect(outcome).toStrictEqual({ claimed: true, execution: expected });
      expect(await store.getExecution(created.id)).toStrictEqual(expected);
    });

    it('claims several executions at once: one outcome per id in order, each with its own new attempt', async () => {
      const store = h.shared();
      const { fresh, running, ended, missing } = await oneOfEachState(store);
      const outcomes = await store.claimExecutions([ended.id, fresh.id, missing, running.id], { worker: 'batch-worker' });
      expect(outcomes.map((outcome) => (outcome.claimed ? 'claimed' : outcome.reason))).toEqual(['ended', 'claimed', 'missing', 'claimed']);
      expect(outcomes[0]).toMatchObject({ execution: { id: ended.id, status: 'success' } });
      expect(outcomes[1]).toMatchObject({ execution: { id: fresh.id, status: 'running', attempt: 2, worker: 'batch-worker' } });
      expect(outcomes[3]).toMatchObject({ execution: { id: running.id, status: 'running', attempt: 2, worker: 'batch-worker', startedAt: running.startedAt } });
      expect(await store.getExecution(fresh.id)).toMatchObject({ status: 'running', attempt: 2, worker: 'batch-worker' });
      // The older attempt of the running one is fenced out now.
      expect(await store.finishExecution(running.id, { status: 'success', attempt: 1, stoppedAt: Date.now() })).toBe(false);
      expect(await store.claimExecutions([], { worker: 'batch-worker' })).toEqual([]);
    });

    it('refuses the same execution twice in one batch and an empty worker', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'webhook' });
      await expectWeftError(store.claimExecutions([created.id, created.id], { worker: 'w' }), 'WEFT_E_INVALID_ARGUMENT');
      await expectWeftError(store.claimExecutions([created.id], { worker: '' }), 'WEFT_E_INVALID_ARGUMENT');
      expect((await store.getExecution(created.id))?.attempt).toBe(1);
    });

    it('keeps startedAt when set, clears waitTill, and takes a running execution over from another worker', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const startedAt = Date.now() - 60_000;
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w1', startedAt });
      expect(await store.updateExecution(created.id, { status: 'waiting', attempt: 1, waitTill: Date.now() + 60_000 })).toBe(true);
      const fromWaiting = await store.claimExecution(created.id, { worker: 'w2' });
      expect(fromWaiting).toMatchObject({ claimed: true, execution: { status: 'running', attempt: 2, worker: 'w2', startedAt, waitTill: undefined } });
      const fromRunning = await store.claimExecution(created.id, { worker: 'w3' });
      expect(fromRunning).toMatchObject({ claimed: true, execution: { status: 'running', attempt: 3, worker: 'w3', startedAt } });
      expect(await store.getExecution(created.id)).toStrictEqual(fromRunning.claimed ? fromRunning.execution : undefined);
    });

    it('reports a missing execution, and an ended one with its row unchanged', async () => {
      const store = h.shared();
      expect(await store.claimExecution('no-such-execution', { worker: 'w' })).toStrictEqual({ claimed: false, reason: 'missing' });
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'manual', status: 'running' });
      await store.deleteExecution(created.id);
      // A well-formed id that no longer exists (PostgreSQL derives the partition from it).
      expect(await store.claimExecution(created.id, { worker: 'w' })).toStrictEqual({ claimed: false, reason: 'missing' });
      const done = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'manual', status: 'running' });
      await store.finishExecution(done.id, { status: 'success', attempt: 1, stoppedAt: Date.now() });
      const finished = await store.getExecution(done.id);
      expect(await store.claimExecution(done.id, { worker: 'w' })).toStrictEqual({ claimed: false, reason: 'ended', execution: finished });
      expect(await store.claimExecution(done.id, { worker: 'w', concurrencyLimit: 1 })).toStrictEqual({ claimed: false, reason: 'ended', execution: finished });
      expect(await store.getExecution(done.id)).toStrictEqual(finished);
    });

    it('fences out the attempt it took over from: its update, checkpoints and finish are refused', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w1' });
      const outcome = await store.claimExecution(created.id, { worker: 'w2' });
      expect(outcome.claimed && outcome.execution.attempt).toBe(2);
      expect(await store.updateExecution(created.id, { status: 'waiting', attempt: 1 })).toBe(false);
      expect(await store.saveCheckpoints(created.id, 1, [{ sequence: 0, event: nodeSucceeded(0, 'stale') }])).toBe(false);
      expect(await store.finishExecution(created.id, { status: 'success', attempt: 1, stoppedAt: Date.now() })).toBe(false);
      expect(await store.saveCheckpoints(created.id, 2, [{ sequence: 0, event: nodeSucceeded(0, 'current') }])).toBe(true);
      expect(await store.finishExecution(created.id, { status: 'success', attempt: 2, stoppedAt: Date.now() })).toBe(true);
      expect(await store.getExecution(created.id)).toMatchObject({ status: 'success', attempt: 2, worker: 'w2' });
    });

    it('gives concurrent claims of one execution different attempts; only the newest may finish', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });
      const outcomes = await Promise.all(Array.from({ length: 6 }, (_, index) => store.claimExecution(created.id, { worker: `w${index}` })));
      const attempts = outcomes.map((outcome) => (outcome.claimed ? outcome.execution.attempt : 0));
      expect([...attempts].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
      const stored = await store.getExecution(created.id);
      const newest = outcomes.find((outcome) => outcome.claimed && outcome.execution.attempt === 7);
      expect(stored).toMatchObject({ attempt: 7, worker: newest?.claimed === true ? newest.execution.worker : 'none' });
      expect(await store.finishExecution(created.id, { status: 'success', attempt: 6, stoppedAt: Date.now() })).toBe(false);
      expect(await store.finishExecution(created.id, { status: 'success', attempt: 7, stoppedAt: Date.now() })).toBe(true);
    });

    it('claims with onlyNew only an execution still new: a running or waiting one is left as it is (started), a finished one is ended', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const fresh = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'webhook' });
      const running = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w1', startedAt: Date.now() - 1_000 });
      const waiting = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w1' });
      expect(await store.updateExecution(waiting.id, { status: 'waiting', attempt: 1, waitTill: Date.now() - 1 })).toBe(true);
      const parked = await store.getExecution(waiting.id);
      const done = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });
      expect(await store.finishExecution(done.id, { status: 'success', attempt: 1, stoppedAt: Date.now() })).toBe(true);
      const finished = await store.getExecution(done.id);

      expect(await store.claimExecution(fresh.id, { worker: 'w2', onlyNew: true })).toMatchObject({ claimed: true, execution: { status: 'running', attempt: 2, worker: 'w2' } });
      // The same claim again finds it running now: the run it started is not taken over.
      const afterClaim = await store.getExecution(fresh.id);
      expect(await store.claimExecution(fresh.id, { worker: 'w3', onlyNew: true })).toStrictEqual({ claimed: false, reason: 'started', execution: afterClaim });
      expect(await store.claimExecution(running.id, { worker: 'w2', onlyNew: true })).toStrictEqual({ claimed: false, reason: 'started', execution: running });
      expect(await store.claimExecution(running.id, { worker: 'w2', onlyNew: true, concurrencyLimit: 5 })).toStrictEqual({ claimed: false, reason: 'started', execution: running });
      expect(await store.claimExecution(waiting.id, { worker: 'w2', onlyNew: true })).toStrictEqual({ claimed: false, reason: 'started', execution: parked });
      expect(await store.claimExecution(done.id, { worker: 'w2', onlyNew: true })).toStrictEqual({ claimed: false, reason: 'ended', execution: finished });
      expect(await store.claimExecution(done.id, { worker: 'w2', onlyNew: true, concurrencyLimit: 1 })).toStrictEqual({ claimed: false, reason: 'ended', execution: finished });
      expect(await store.claimExecution(unique('no-such-execution'), { worker: 'w2', onlyNew: true })).toStrictEqual({ claimed: false, reason: 'missing' });
      // Nothing changed on the rows it left: attempts unchanged, so the running attempt is not fenced out.
      expect(await store.getExecution(fresh.id)).toStrictEqual(afterClaim);
      expect(await store.getExecution(running.id)).toStrictEqual(running);
      expect(await store.getExecution(waiting.id)).toStrictEqual(parked);
      expect(await store.getExecution(done.id)).toStrictEqual(finished);
      expect(await store.finishExecution(running.id, { status: 'success', attempt: 1, stoppedAt: Date.now() })).toBe(true);
    });

    it('claims with onlyNew under a concurrency limit: a new execution within the limit is claimed', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const [first, second] = await queued(store, workflowId, 2);
      expect(await store.claimExecution(first!.id, { worker: 'w', onlyNew: true, concurrencyLimit: 1 })).toMatchObject({ claimed: true, execution: { attempt: 2 } });
      expect(await store.claimExecution(second!.id, { worker: 'w', onlyNew: true, concurrencyLimit: 1 })).toMatchObject({ claimed: false, reason: 'concurrency', execution: { status: 'new' } });
      expect(await store.claimExecution(first!.id, { worker: 'w', onlyNew: true, concurrencyLimit: 1 })).toMatchObject({ claimed: false, reason: 'started', execution: { attempt: 2 } });
    });

    it('claims several with onlyNew: only the new ones; running ones keep their attempt', async () => {
      const store = h.shared();
      const { fresh, running, ended, missing } = await oneOfEachState(store);
      const outcomes = await store.claimExecutions([running.id, fresh.id, ended.id, missing], { worker: 'batch-worker', onlyNew: true });
      expect(outcomes.map((outcome) => (outcome.claimed ? 'claimed' : outcome.reason))).toEqual(['started', 'claimed', 'ended', 'missing']);
      expect(outcomes[0]).toStrictEqual({ claimed: false, reason: 'started', execution: running });
      expect(outcomes[1]).toMatchObject({ execution: { id: fresh.id, status: 'running', attempt: 2, worker: 'batch-worker' } });
      expect(await store.getExecution(running.id)).toStrictEqual(running);
      expect((await store.claimExecutions([fresh.id], { worker: 'batch-worker', onlyNew: true }))[0]).toMatchObject({ claimed: false, reason: 'started', execution: { attempt: 2 } });
      expect(await store.claimExecutions([], { worker: 'batch-worker', onlyNew: true })).toEqual([]);
    });

    it('gives one of several concurrent onlyNew claims of a new execution the claim; the others find it started', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });
      const outcomes = await Promise.all([
        ...Array.from({ length: 3 }, (_, index) => store.claimExecution(created.id, { worker: `one${index}`, onlyNew: true })),
        ...Array.from({ length: 3 }, (_, index) => store.claimExecutions([created.id], { worker: `batch${index}`, onlyNew: true }).then((all) => all[0]!)),
      ]);
      expect(outcomes.filter((outcome) => outcome.claimed)).toHaveLength(1);
      expect(outcomes.filter((outcome) => !outcome.claimed && outcome.reason === 'started')).toHaveLength(5);
      expect(await store.getExecution(created.id)).toMatchObject({ status: 'running', attempt: 2 });
    });

    it('rejects a concurrency limit that is not a whole number >= 1, and an empty worker, with WEFT_E_INVALID_ARGUMENT', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });
      for (const bad of [0, -1, 1.5, Number.NaN]) {
        await expectWeftError(store.claimExecution(created.id, { worker: 'w', concurrencyLimit: bad }), 'WEFT_E_INVALID_ARGUMENT', ['concurrencyLimit'], `a claim with limit ${bad}`);
      }
      await expectWeftError(store.claimExecution(created.id, { worker: '' }), 'WEFT_E_INVALID_ARGUMENT', ['worker', created.id]);
      expect(await store.getExecution(created.id)).toStrictEqual(created);
    });
  });

  describe('execution claims under a concurrency limit', () => {
    it('serves a workflow’s queue first in first out, within the limit; slots free up when executions finish', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const [e1, e2, e3, e4] = await queued(store, workflowId, 4);
      const claim = (row: ExecutionRecord | undefined) => store.claimExecution(row!.id, { worker: 'w', concurrencyLimit: 2 });
      // Two slots: e1 and e2 take them, so e3 must wait even while a slot is free.
      expect(await claim(e3)).toStrictEqual({ claimed: false, reason: 'concurrency', execution: e3 });
      expect((await claim(e2)).claimed).toBe(true);
      expect((await claim(e3)).claimed).toBe(false);
      expect((await claim(e1)).claimed).toBe(true);
      expect((await claim(e4)).claimed).toBe(false);
      expect(await store.getExecution(e3!.id)).toStrictEqual(e3);
      // e1 ends: its slot goes to the oldest in line, e3, not e4.
      expect(await store.finishExecution(e1!.id, { status: 'success', attempt: 2, stoppedAt: Date.now() })).toBe(true);
      expect((await claim(e4)).claimed).toBe(false);
      expect((await claim(e3)).claimed).toBe(true);
      expect((await claim(e4)).claimed).toBe(false);
    });

    it('always lets a running execution be claimed again (it holds its slot), and counts only its own workflow', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const otherWorkflow = await createWorkflowId(store);
      const [running] = await store.createExecutions([{ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'crashed' }]);
      await store.createExecutions([{ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'crashed' }]);
      const [next] = await queued(store, workflowId, 1);
      expect((await store.claimExecution(next!.id, { worker: 'w', concurrencyLimit: 2 })).claimed).toBe(false);
      expect(await store.claimExecution(running!.id, { worker: 'w', concurrencyLimit: 1 })).toMatchObject({ claimed: true, execution: { attempt: 2, worker: 'w' } });
      // Another workflow's queue and running executions are not counted.
      const [other] = await queued(store, otherWorkflow, 1);
      expect((await store.claimExecution(other!.id, { worker: 'w', concurrencyLimit: 1 })).claimed).toBe(true);
    });

    it('puts due waiting executions in line by creation; one waiting for a later time holds no place', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const [sleeping, due, fresh] = await queued(store, workflowId, 3);
      expect(await store.updateExecution(sleeping!.id, { status: 'waiting', attempt: 1, waitTill: Date.now() + 3_600_000 })).toBe(true);
      expect(await store.updateExecution(due!.id, { status: 'waiting', attempt: 1, waitTill: Date.now() - 1 })).toBe(true);
      // `due` is older than `fresh` and due: it comes first; `sleeping` is older still but not due.
      expect((await store.claimExecution(fresh!.id, { worker: 'w', concurrencyLimit: 1 })).claimed).toBe(false);
      expect(await store.claimExecution(due!.id, { worker: 'w', concurrencyLimit: 1 })).toMatchObject({ claimed: true, execution: { status: 'running', waitTill: undefined } });
      expect(await store.finishExecution(due!.id, { status: 'success', attempt: 2, stoppedAt: Date.now() })).toBe(true);
      expect((await store.claimExecution(fresh!.id, { worker: 'w', concurrencyLimit: 1 })).claimed).toBe(true);
      // With the slot taken, the sleeping one (now resuming) waits its turn like any other.
      expect((await store.claimExecution(sleeping!.id, { worker: 'w', concurrencyLimit: 1 })).claimed).toBe(false);
    });

    it('under racing claims, starts exactly `limit` executions and they are the oldest', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const rows = await queued(store, workflowId, 20);
      // Claimed newest first, all at once: the order of arrival must not matter, only the order in line.
      const outcomes = await Promise.all([...rows].reverse().map((row, index) => store.claimExecution(row.id, { worker: `w${index}`, concurrencyLimit: 3 })));
      const claimed = outcomes.flatMap((outcome) => (outcome.claimed ? [outcome.execution.id] : []));
      expect(claimed.sort()).toEqual(rows.slice(0, 3).map((row) => row.id).sort());
      expect(outcomes.filter((outcome) => !outcome.claimed && outcome.reason === 'concurrency')).toHaveLength(17);
      const running = await store.listExecutions({ workflowId, status: 'running', limit: 50 });
      expect(running.data.map((row) => row.id).sort()).toEqual(claimed);
    });

    it('under racing claims of executions with no one ahead of them, still starts only `limit`', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const rows = await queued(store, workflowId, 12);
      // Waiting for a later time, none is in line, so no claim is held back by an older one: only the count of
      // running executions, read and acted on by racing claimers, keeps the limit.
      for (const row of rows) expect(await store.updateExecution(row.id, { status: 'waiting', attempt: 1, waitTill: Date.now() + 3_600_000 })).toBe(true);
      const outcomes = await Promise.all(rows.map((row, index) => store.claimExecution(row.id, { worker: `w${index}`, concurrencyLimit: 2 })));
      expect(outcomes.filter((outcome) => outcome.claimed)).toHaveLength(2);
      expect((await store.listExecutions({ workflowId, status: 'running', limit: 50 })).data).toHaveLength(2);
    });

    it('under racing claims with slots taken, fills only the free ones', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const [first] = await queued(store, workflowId, 1);
      expect((await store.claimExecution(first!.id, { worker: 'w', concurrencyLimit: 4 })).claimed).toBe(true);
      const rows = await queued(store, workflowId, 10);
      const outcomes = await Promise.all(rows.map((row, index) => store.claimExecution(row.id, { worker: `w${index}`, concurrencyLimit: 4 })));
      expect(outcomes.map((outcome) => outcome.claimed)).toEqual([true, true, true, false, false, false, false, false, false, false]);
    });
  });

  describe('workflow shard pins', () => {
    it('records the first shard and returns it to every later pin; deleteWorkflow removes the pin', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      expect(await store.pinWorkflowShard(workflowId, 3)).toBe(3);
      expect(await store.pinWorkflowShard(workflowId, 5)).toBe(3);
      expect(await store.pinWorkflowShard(unique('other-workflow'), 5)).toBe(5);
      expect(await store.deleteWorkflow(workflowId)).toBe(true);
      expect(await store.pinWorkflowShard(workflowId, 7)).toBe(7);
    });

    it('gives concurrent first pins with different shards one answer', async () => {
      const store = h.shared();
      const workflowId = unique('stateful');
      const answers = await Promise.all(Array.from({ length: 10 }, (_, shard) => store.pinWorkflowShard(workflowId, shard)));
      expect(new Set(answers).size).toBe(1);
      expect(answers[0]).toBeGreaterThanOrEqual(0);
      expect(answers[0]).toBeLessThan(10);
      expect(await store.pinWorkflowShard(workflowId, 99)).toBe(answers[0]);
    });

    it('rejects a shard that is not a whole number from 0 to 2^31 - 1 with WEFT_E_INVALID_ARGUMENT naming the workflow', async () => {
      const store = h.shared();
      const workflowId = unique('bad-shard');
      for (const bad of [-1, 1.5, Number.NaN, 2 ** 31]) {
        await expectWeftError(store.pinWorkflowShard(workflowId, bad), 'WEFT_E_INVALID_ARGUMENT', ['shard', workflowId], `a pin to shard ${bad}`);
      }
      expect(await store.pinWorkflowShard(workflowId, 2 ** 31 - 1)).toBe(2 ** 31 - 1);
    });
  });
}
