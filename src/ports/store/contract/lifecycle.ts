import { describe, expect, it } from 'vitest';
import { createWorkflowId } from './fixtures.js';
import { expectWeftError, type ContractHarness } from './harness.js';

/** Migrations, health and closing. */
export function describeLifecycleContract(h: ContractHarness): void {
  describe('lifecycle', () => {
    it('names its kind', () => {
      expect(h.shared().kind).toMatch(/^[a-z]+$/);
    });

    it('runs migrate() again harmlessly, keeping the data, also twice at once', async () => {
      const { store } = await h.fresh();
      const workflowId = await createWorkflowId(store, 'kept');
      await store.migrate();
      await store.migrate();
      await Promise.all([store.migrate(), store.migrate()]);
      expect((await store.getWorkflow(workflowId))?.name).toBe('kept');
      expect(await createWorkflowId(store, 'after')).not.toBe(workflowId);
    });

    it('reports the primary up and every configured replica', async () => {
      const health = await h.shared().health();
      expect(health.primary).toBe(true);
      expect(Array.isArray(health.replicas)).toBe(true);
      expect(health.replicas.every((up) => up)).toBe(true);
    });

    it('closes idempotently; afterwards health reports the primary down and operations fail with WEFT_E_STORE_UNAVAILABLE', async () => {
      const { store } = await h.fresh();
      const workflowId = await createWorkflowId(store);
      await store.close();
      await store.close();
      await Promise.all([store.close(), store.close()]);
      expect((await store.health()).primary).toBe(false);
      await expectWeftError(store.getWorkflow(workflowId), 'WEFT_E_STORE_UNAVAILABLE');
      await expectWeftError(store.createWorkflow({ name: 'late', definition: { nodes: [], connections: {} } }), 'WEFT_E_STORE_UNAVAILABLE');
    });
  });
}
