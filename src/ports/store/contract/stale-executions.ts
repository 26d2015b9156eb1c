import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../types.js';
import { createWorkflowId } from './fixtures.js';
import { expectLimitsChecked, expectWeftError, walkPages, type ContractHarness } from './harness.js';

/** Oldest first by (createdAt, id), ids compared as code units. */
function oldestFirst(rows: readonly ExecutionRecord[]): ExecutionRecord[] {
  return [...rows].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Queue-mode recovery: the `new` executions older than a cutoff, whose job may never have been published. */
export function describeStaleExecutionContract(h: ContractHarness): void {
  describe('stale new executions', () => {
    it('lists only new executions created before the cutoff, oldest first, as stored', async () => {
      // A fresh store: the list spans every workflow, so rows of other tests would show up on the shared one.
      const { store } = await h.fresh();
      const workflowId = await createWorkflowId(store);
      const other = await createWorkflowId(store);
      const t = Date.now();
      h.freezeClock(t);
      const first = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'webhook', shard: 2 });
      const claimed = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });
      await store.claimExecution(claimed.id, { worker: 'w' });
      const running = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w' });
      const waiting = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w' });
      await store.updateExecution(waiting.id, { status: 'waiting', attempt: 1, waitTill: t + 60_000 });
      const finished = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', worker: 'w' });
      await store.finishExecution(finished.id, { status: 'success', attempt: 1, stoppedAt: t });
      h.freezeClock(t + 10);
      const second = await store.createExecution({ workflowId: other, workflowVersion: 3, mode: 'manual', input: { startItems: [] } });
      h.freezeClock(t + 20);
      const atCutoff = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger' });

      const page = await store.listStaleNewExecutions({ createdBefore: t + 20, limit: 50 });
      expect(page.data.map((row) => row.id)).toEqual([first.id, second.id]);
      expect(page.nextCursor).toBeUndefined();
      // The rows are the stored records, every field as getExecution gives it.
      expect(page.data[0]).toStrictEqual(await store.getExecution(first.id));
      expect(page.data[1]).toStrictEqual(await store.getExecution(second.id));
      expect((await store.listStaleNewExecutions({ createdBefore: t + 21, limit: 50 })).data.map((row) => row.id)).toEqual([first.id, second.id, atCutoff.id]);
      expect((await store.listStaleNewExecutions({ createdBefore: t, limit: 50 })).data).toEqual([]);
      // Claimed in the meantime: no longer stale.
      await store.claimExecution(first.id, { worker: 'w' });
      expect((await store.listStaleNewExecutions({ createdBefore: t + 20, limit: 50 })).data.map((row) => row.id)).toEqual([second.id]);
      expect([running.id, waiting.id, finished.id, claimed.id].some((id) => page.data.some((row) => row.id === id))).toBe(false);
    });

    it('pages oldest first through ties on createdAt (broken by id); the last page has no cursor', async () => {
      const { store } = await h.fresh();
      const workflowId = await createWorkflowId(store);
      const t = Date.now();
      const made: ExecutionRecord[] = [];
      for (const offset of [0, 0, 0, 5, 5, 9, 12]) {
        h.freezeClock(t + offset);
        made.push(...(await store.createExecutions([{ workflowId, workflowVersion: 1, mode: 'trigger' }])));
      }
      h.freezeClock(t + 100);
      for (const limit of [1, 2, 3, 7]) {
        const { rows, pageSizes } = await walkPages(limit, (cursor) => store.listStaleNewExecutions({ createdBefore: t + 100, limit, ...(cursor === undefined ? {} : { cursor }) }));
        expect(rows.map((row) => row.id), `limit ${limit}`).toEqual(oldestFirst(made).map((row) => row.id));
        expect(pageSizes.length, `limit ${limit}`).toBe(Math.ceil(made.length / limit));
      }
    });

    it('rejects a malformed cursor, and a limit that is not a whole number from 1 to 10,000, with WEFT_E_INVALID_ARGUMENT', async () => {
      const store = h.shared();
      await expectWeftError(store.listStaleNewExecutions({ createdBefore: Date.now(), limit: 5, cursor: 'not-a-cursor' }), 'WEFT_E_INVALID_ARGUMENT');
      // Far in the past: no row of the shared store is that old, whatever other tests wrote.
      await expectLimitsChecked((limit) => store.listStaleNewExecutions({ createdBefore: 1, limit }));
    });
  });
}
