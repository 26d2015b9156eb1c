import { describe, expect, it } from 'vitest';
import { createWorkflowId, executionResult, items, nodeSucceeded } from './fixtures.js';
import type { ContractHarness } from './harness.js';

/** About 2 MB of items as JSON. */
const LARGE_ITEM_COUNT = 8_000;
const LARGE_ITEM_BYTES = 200;

/** Execution data (kept apart from the row, compressed) and per-node checkpoints. */
export function describeExecutionDataContract(h: ContractHarness): void {
  describe('execution data', () => {
    it('keeps the start input from creation and the result from finish, deep-equal', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const input = { headers: { 'content-type': 'application/json' }, body: { list: [1, 'two', null, { three: 3.5 }] }, query: {} };
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'webhook', status: 'running', input });
      expect(await store.getExecutionData(created.id)).toEqual({ result: undefined, input });
      const result = executionResult(items(5));
      await store.finishExecution(created.id, { status: 'success', attempt: 1, stoppedAt: Date.now(), result });
      const data = await store.getExecutionData(created.id);
      expect(data).toEqual({ result, input });
      expect(JSON.stringify(data?.result)).toBe(JSON.stringify(result));
    });

    it('keeps an error result with its error fields', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'manual', status: 'running' });
      const result = executionResult(items(1), 'error');
      await store.finishExecution(created.id, { status: 'error', attempt: 1, stoppedAt: Date.now(), errorMessage: 'Boom', result });
      const data = await store.getExecutionData(created.id);
      expect(data?.result).toEqual(result);
      expect(data?.input).toBeUndefined();
    });

    it('round-trips about 2 MB of items unchanged', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'manual', status: 'running' });
      const result = executionResult(items(LARGE_ITEM_COUNT, LARGE_ITEM_BYTES));
      expect(JSON.stringify(result).length).toBeGreaterThan(2_000_000);
      expect(await store.finishExecution(created.id, { status: 'success', attempt: 1, stoppedAt: Date.now(), result })).toBe(true);
      const data = await store.getExecutionData(created.id);
      expect(JSON.stringify(data?.result)).toBe(JSON.stringify(result));
    });

    it('stores large data compressed', async (context) => {
      const underTest = h.sharedUnderTest();
      if (underTest.storedExecutionDataBytes === undefined) {
        context.skip('the adapter offers no storedExecutionDataBytes hook');
        return;
      }
      const store = underTest.store;
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'manual', status: 'running' });
      const result = executionResult(items(LARGE_ITEM_COUNT, LARGE_ITEM_BYTES));
      await store.finishExecution(created.id, { status: 'success', attempt: 1, stoppedAt: Date.now(), result });
      const stored = await underTest.storedExecutionDataBytes(created.id);
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(JSON.stringify(result).length / 4);
    });

    it('keeps no result when finished without one (saving mode "none"), the input staying', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running', input: { tick: 1 } });
      expect(await store.finishExecution(created.id, { status: 'success', attempt: 1, stoppedAt: Date.now() })).toBe(true);
      const data = await store.getExecutionData(created.id);
      expect(data).toBeDefined();
      expect(data).toEqual({ result: undefined, input: { tick: 1 } });
      expect(data?.result).toBeUndefined();
    });

    it('has no data for an unknown execution, nor for one that kept neither input nor result', async () => {
      const store = h.shared();
      expect(await store.getExecutionData('no-such-execution')).toBeUndefined();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'manual', status: 'running' });
      expect(await store.getExecutionData(created.id)).toBeUndefined();
      await store.finishExecution(created.id, { status: 'success', attempt: 1, stoppedAt: Date.now() });
      expect(await store.getExecutionData(created.id)).toBeUndefined();
    });
  });

  describe('checkpoints', () => {
    it('saves checkpoints in batches and loads them ordered by sequence', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running' });
      expect(await store.loadCheckpoints(created.id)).toEqual([]);
      const all = [0, 1, 2, 3, 4].map((sequence) => ({ sequence, event: nodeSucceeded(sequence, `node ${sequence}`) }));
      expect(await store.saveCheckpoints(created.id, 1, [all[0]!, all[1]!])).toBe(true);
      expect(await store.saveCheckpoints(created.id, 1, [all[4]!, all[2]!])).toBe(true);
      expect(await store.saveCheckpoints(created.id, 1, [all[3]!])).toBe(true);
      expect(await store.saveCheckpoints(created.id, 1, [])).toBe(true);
      expect(await store.loadCheckpoints(created.id)).toEqual(all);
    });

    it('keeps a failed node’s event as saved', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running' });
      const failed = { sequence: 0, event: { type: 'nodeFailed' as const, runId: 3, at: 1_709_632_800_123, error: { message: 'Bad', name: 'NodeApiError', code: '500', context: { status: 500 } } } };
      await store.saveCheckpoints(created.id, 1, [failed]);
      expect(await store.loadCheckpoints(created.id)).toEqual([failed]);
    });

    it('is idempotent per sequence: saving a sequence again keeps the first one', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running' });
      const first = { sequence: 0, event: nodeSucceeded(0, 'first') };
      const second = { sequence: 1, event: nodeSucceeded(1, 'second') };
      expect(await store.saveCheckpoints(created.id, 1, [first])).toBe(true);
      expect(await store.saveCheckpoints(created.id, 1, [first, second])).toBe(true);
      expect(await store.saveCheckpoints(created.id, 1, [{ sequence: 0, event: nodeSucceeded(0, 'replayed') }])).toBe(true);
      expect(await store.loadCheckpoints(created.id)).toEqual([first, second]);
    });

    it('ignores checkpoints of an older attempt, keeping those of the current one', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', status: 'running' });
      const kept = { sequence: 0, event: nodeSucceeded(0, 'attempt 1') };
      expect(await store.saveCheckpoints(created.id, 1, [kept])).toBe(true);
      expect(await store.updateExecution(created.id, { status: 'running', attempt: 2, worker: 'w2' })).toBe(true);
      expect(await store.saveCheckpoints(created.id, 1, [{ sequence: 1, event: nodeSucceeded(1, 'late attempt 1') }])).toBe(false);
      const next = { sequence: 1, event: nodeSucceeded(1, 'attempt 2') };
      expect(await store.saveCheckpoints(created.id, 2, [next])).toBe(true);
      expect(await store.loadCheckpoints(created.id)).toEqual([kept, next]);
    });
  });
}
