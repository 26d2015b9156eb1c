import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/sqlite-store/index.js';
import type { WorkflowDocument } from '../../core/model/types.js';
import type { Store } from '../../ports/store/index.js';
import { exportWorkflows, importWorkflows } from './index.js';

const encryptionKey = Buffer.alloc(32, 7);

const workflow = (name: string, extra: Partial<WorkflowDocument> = {}): WorkflowDocument => ({
  name,
  nodes: [{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] }],
  connections: {},
  settings: { executionOrder: 'v1' },
  ...extra,
});

let store: Store;

beforeEach(async () => {
  store = await createSqliteStore({ file: ':memory:', encryptionKey });
});

afterEach(async () => {
  await store.close();
});

describe('importWorkflows', () => {
  it('creates workflows, keeps a given id, takes tag objects and strings, and imports them inactive', async () => {
    const results = await importWorkflows(store, [
      workflow('with id', { id: 'wf-given-1', active: true, tags: [{ id: '1', name: 'sales' }, 'ops'] }),
      workflow('without id'),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created']);
    expect(results[0]!.id).toBe('wf-given-1');
    const kept = await store.getWorkflow('wf-given-1');
    expect(kept?.name).toBe('with id');
    expect(kept?.active).toBe(false);
    expect(kept?.tags).toEqual(['sales', 'ops']);
    const generated = await store.getWorkflow(results[1]!.id);
    expect(generated?.definition.nodes[0]?.name).toBe('Start');
  });

  it('saves a new version when the id exists, as n8n overwrites it', async () => {
    await importWorkflows(store, [workflow('first', { id: 'wf-same' })]);
    const [again] = await importWorkflows(store, [workflow('second', { id: 'wf-same' })]);
    expect(again?.outcome).toBe('updated');
    const record = await store.getWorkflow('wf-same');
    expect(record?.name).toBe('second');
    expect(record?.version).toBe(2);
  });
});

describe('exportWorkflows', () => {
  it('round-trips: export → import into another store → same workflows', async () => {
    await importWorkflows(store, [workflow('a', { id: 'wf-a', tags: ['x'] }), workflow('b', { id: 'wf-b', pinData: { Start: [{ json: { v: 1 } }] } })]);
    const exported = await exportWorkflows(store, {});
    expect(exported.map((d) => d.id)).toEqual(['wf-a', 'wf-b']);
    expect(exported[0]!.tags).toEqual([{ name: 'x' }]);

    const other = await createSqliteStore({ file: ':memory:', encryptionKey });
    try {
      await importWorkflows(other, JSON.parse(JSON.stringify(exported)) as WorkflowDocument[]);
      const again = await exportWorkflows(other, {});
      const strip = (docs: WorkflowDocument[]) => docs.map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);
      expect(strip(again)).toEqual(strip(exported));
      expect(again[1]!.pinData).toEqual({ Start: [{ json: { v: 1 } }] });
    } finally {
      await other.close();
    }
  });

  it("carries static data both ways: an import stores the export's staticData, an export includes what is stored", async () => {
    await importWorkflows(store, [workflow('polling', { id: 'wf-p', staticData: { global: { lastId: 41 } } })]);
    expect(await store.getStaticData('wf-p')).toEqual({ global: { lastId: 41 } });
    await store.setStaticData('wf-p', { global: { lastId: 42 }, 'node:Poll': { cursor: 'c' } });
    const [exported] = await exportWorkflows(store, { id: 'wf-p' });
    expect(exported?.staticData).toEqual({ global: { lastId: 42 }, 'node:Poll': { cursor: 'c' } });
    await importWorkflows(store, [workflow('plain', { id: 'wf-q' })]);
    const [plain] = await exportWorkflows(store, { id: 'wf-q' });
    expect(plain).not.toHaveProperty('staticData');
  });

  it('exports one workflow by id and reports an unknown id as WEFT_E_NOT_FOUND', async () => {
    await importWorkflows(store, [workflow('a', { id: 'wf-a' }), workflow('b', { id: 'wf-b' })]);
    const one = await exportWorkflows(store, { id: 'wf-b' });
    expect(one.map((d) => d.name)).toEqual(['b']);
    await expect(exportWorkflows(store, { id: 'missing' })).rejects.toMatchObject({ code: 'WEFT_E_NOT_FOUND' });
  });

  it('walks every page of a large store', async () => {
    await importWorkflows(store, Array.from({ length: 450 }, (_, i) => workflow(`w${i}`, { id: `wf-${String(i).padStart(3, '0')}` })));
    const all = await exportWorkflows(store, {});
    expect(all).toHaveLength(450);
    expect(new Set(all.map((d) => d.id)).size).toBe(450);
  });
});
