import { describe, expect, it } from 'vitest';
import type { Store, WebhookRegistration } from '../types.js';
import { createWorkflowId } from './fixtures.js';
import { expectWeftError, unique, type ContractHarness } from './harness.js';

const byKey = (a: WebhookRegistration, b: WebhookRegistration) => `${a.method} ${a.path}`.localeCompare(`${b.method} ${b.path}`);

async function hooksOf(store: Store, workflowId: string): Promise<WebhookRegistration[]> {
  return (await store.listWebhooks()).filter((hook) => hook.workflowId === workflowId).sort(byKey);
}

/** Webhook registrations: replaced per workflow, unique per method and path across workflows. */
export function describeWebhookContract(h: ContractHarness): void {
  describe('webhooks', () => {
    it('registers a workflow’s webhooks, finds one by method (any case) and path, and lists them', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const base = unique('hooks');
      const hooks: WebhookRegistration[] = [
        { workflowId, nodeName: 'Webhook', method: 'POST', path: `${base}/orders`, webhookId: 'b3c1f7e2-hook' },
        { workflowId, nodeName: 'Webhook1', method: 'GET', path: `${base}/user/:id` },
      ];
      await store.setWebhooks(workflowId, hooks);
      expect(await store.findWebhook('POST', `${base}/orders`)).toEqual(hooks[0]);
      expect(await store.findWebhook('post', `${base}/orders`)).toEqual(hooks[0]);
      expect(await store.findWebhook('GET', `${base}/user/:id`)).toEqual(hooks[1]);
      const found = await store.findWebhook('Get', `${base}/user/:id`);
      // Absent optional fields come back undefined, not null.
      expect(found).toStrictEqual(hooks[1]);
      expect(await store.findWebhook('GET', `${base}/orders`)).toBeUndefined();
      expect(await store.findWebhook('POST', `${base}/ORDERS`)).toBeUndefined();
      expect(await hooksOf(store, workflowId)).toEqual([...hooks].sort(byKey));
      // A leading slash in the looked-up path is ignored (registrations are stored without one).
      expect(await store.findWebhook('POST', `/${base}/orders`)).toEqual(hooks[0]);
    });

    it('stores the method in upper case, and refuses a set that repeats a method and path', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const path = unique('methods');
      await store.setWebhooks(workflowId, [{ workflowId, nodeName: 'W', method: 'patch', path }]);
      expect(await store.findWebhook('PATCH', path)).toEqual({ workflowId, nodeName: 'W', method: 'PATCH', path });
      await expectWeftError(
        store.setWebhooks(workflowId, [
          { workflowId, nodeName: 'A', method: 'GET', path: `${path}/dup` },
          { workflowId, nodeName: 'B', method: 'GET', path: `${path}/dup` },
        ]),
        'WEFT_E_CONFLICT',
        [`${path}/dup`],
      );
      expect(await hooksOf(store, workflowId)).toEqual([{ workflowId, nodeName: 'W', method: 'PATCH', path }]);
    });

    it('replaces a workflow’s set on every setWebhooks', async () => {
      const store = h.shared();
      const workflowId = await createWorkflowId(store);
      const base = unique('replace');
      await store.setWebhooks(workflowId, [
        { workflowId, nodeName: 'A', method: 'POST', path: `${base}/a` },
        { workflowId, nodeName: 'B', method: 'POST', path: `${base}/b` },
      ]);
      const next: WebhookRegistration[] = [
        { workflowId, nodeName: 'B', method: 'POST', path: `${base}/b` },
        { workflowId, nodeName: 'C', method: 'PUT', path: `${base}/c` },
      ];
      await store.setWebhooks(workflowId, next);
      expect(await hooksOf(store, workflowId)).toEqual([...next].sort(byKey));
      expect(await store.findWebhook('POST', `${base}/a`)).toBeUndefined();
      await store.setWebhooks(workflowId, []);
      expect(await hooksOf(store, workflowId)).toEqual([]);
    });

    it('refuses a method and path another workflow holds with WEFT_E_CONFLICT naming the path, changing nothing', async () => {
      const store = h.shared();
      const owner = await createWorkflowId(store);
      const intruder = await createWorkflowId(store);
      const path = unique('taken');
      const ownerHooks: WebhookRegistration[] = [{ workflowId: owner, nodeName: 'Webhook', method: 'POST', path }];
      await store.setWebhooks(owner, ownerHooks);
      const intruderHooks: WebhookRegistration[] = [{ workflowId: intruder, nodeName: 'Old', method: 'GET', path: `${path}/old` }];
      await store.setWebhooks(intruder, intruderHooks);
      await expectWeftError(
        store.setWebhooks(intruder, [
          { workflowId: intruder, nodeName: 'Free', method: 'PUT', path: `${path}/free` },
          { workflowId: intruder, nodeName: 'Clash', method: 'POST', path },
        ]),
        'WEFT_E_CONFLICT',
        [path],
      );
      // All or nothing: the intruder keeps its previous set and the owner keeps the path.
      expect(await hooksOf(store, intruder)).toEqual(intruderHooks);
      expect(await store.findWebhook('PUT', `${path}/free`)).toBeUndefined();
      expect(await store.findWebhook('POST', path)).toEqual(ownerHooks[0]);
      // The same path with another method is free.
      const otherMethod: WebhookRegistration = { workflowId: intruder, nodeName: 'Get', method: 'GET', path };
      await store.setWebhooks(intruder, [otherMethod]);
      expect(await store.findWebhook('GET', path)).toEqual(otherMethod);
      expect(await store.findWebhook('POST', path)).toEqual(ownerHooks[0]);
    });

    it('removes one workflow’s webhooks and keeps the others', async () => {
      const store = h.shared();
      const first = await createWorkflowId(store);
      const second = await createWorkflowId(store);
      const base = unique('remove');
      await store.setWebhooks(first, [{ workflowId: first, nodeName: 'W', method: 'POST', path: `${base}/1` }]);
      const kept: WebhookRegistration = { workflowId: second, nodeName: 'W', method: 'POST', path: `${base}/2` };
      await store.setWebhooks(second, [kept]);
      await store.removeWebhooks(first);
      await store.removeWebhooks(first);
      expect(await hooksOf(store, first)).toEqual([]);
      expect(await store.findWebhook('POST', `${base}/1`)).toBeUndefined();
      expect(await store.findWebhook('POST', `${base}/2`)).toEqual(kept);
      // The freed path can be taken by another workflow.
      await store.setWebhooks(second, [kept, { workflowId: second, nodeName: 'X', method: 'POST', path: `${base}/1` }]);
      expect((await store.findWebhook('POST', `${base}/1`))?.workflowId).toBe(second);
    });

    it('lists every workflow’s webhooks in a fresh store', async () => {
      const { store } = await h.fresh();
      expect(await store.listWebhooks()).toEqual([]);
      const a = await createWorkflowId(store);
      const b = await createWorkflowId(store);
      const all: WebhookRegistration[] = [
        { workflowId: a, nodeName: 'W', method: 'POST', path: 'a' },
        { workflowId: b, nodeName: 'W', method: 'DELETE', path: 'b/:id', webhookId: 'x' },
      ];
      await store.setWebhooks(a, [all[0]!]);
      await store.setWebhooks(b, [all[1]!]);
      expect((await store.listWebhooks()).sort(byKey)).toEqual([...all].sort(byKey));
    });
  });
}
