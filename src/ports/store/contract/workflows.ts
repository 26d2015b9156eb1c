import { describe, expect, it } from 'vitest';
import type { WorkflowRecord, WorkflowSummary } from '../types.js';
import { exoticDocument, workflowDocument } from './fixtures.js';
import { expectLimitsChecked, expectWeftError, newestFirst, unique, walkPages, type ContractHarness } from './harness.js';

const summaryOf = ({ definition: _definition, ...summary }: WorkflowRecord): WorkflowSummary => summary;

/** Workflows: versions, optimistic concurrency, cascading delete, static data, filters and keyset paging. */
export function describeWorkflowContract(h: ContractHarness): void {
  describe('workflows', () => {
    it('creates a workflow at version 1 with a generated id, inactive and untagged by default', async () => {
      const store = h.shared();
      const name = unique('create');
      const definition = workflowDocument(name);
      const before = Date.now();
      const created = await store.createWorkflow({ name, definition });
      const after = Date.now();
      expect(created).toEqual({ id: expect.any(String), name, active: false, tags: [], version: 1, definition, createdAt: expect.any(Number), updatedAt: created.createdAt });
      expect(created.createdAt).toBeGreaterThanOrEqual(before);
      expect(created.createdAt).toBeLessThanOrEqual(after);
      expect(await store.getWorkflow(created.id)).toEqual(created);
      const other = await store.createWorkflow({ name, definition });
      expect(other.id).not.toBe(created.id);
    });

    it('creates a workflow under a caller-chosen n8n-style id; a taken id is WEFT_E_CONFLICT naming it', async () => {
      const store = h.shared();
      const id = `Wf${unique('Id').replace(/[^A-Za-z0-9]/g, '')}`;
      const created = await store.createWorkflow({ id, name: 'imported', definition: workflowDocument('imported'), active: true, tags: ['b', 'a'] });
      expect(created.id).toBe(id);
      expect(created.active).toBe(true);
      expect([...created.tags].sort()).toEqual(['a', 'b']);
      expect((await store.getWorkflow(id))?.name).toBe('imported');
      await expectWeftError(store.createWorkflow({ id, name: 'again', definition: workflowDocument('again') }), 'WEFT_E_CONFLICT', [id]);
      expect((await store.getWorkflow(id))?.name).toBe('imported');
    });

    it('returns the definition exactly as saved: unknown fields, nulls, unicode and key order kept', async () => {
      const store = h.shared();
      const definition = exoticDocument();
      const created = await store.createWorkflow({ name: unique('exotic'), definition });
      const read = await store.getWorkflow(created.id);
      expect(read?.definition).toEqual(definition);
      expect(JSON.stringify(read?.definition)).toBe(JSON.stringify(definition));
      expect(JSON.stringify(created.definition)).toBe(JSON.stringify(definition));
    });

    it('returns undefined for an unknown workflow and for a version that was never saved', async () => {
      const store = h.shared();
      expect(await store.getWorkflow('no-such-workflow')).toBeUndefined();
      const created = await store.createWorkflow({ name: unique('versions'), definition: workflowDocument('v') });
      expect(await store.getWorkflow(created.id, { version: 2 })).toBeUndefined();
      expect(await store.getWorkflow(created.id, { version: 0 })).toBeUndefined();
    });

    it('saves every update as a new version and keeps each earlier version readable as it was saved', async () => {
      const store = h.shared();
      const first = workflowDocument('first');
      const second = workflowDocument('second');
      const created = await store.createWorkflow({ name: unique('history'), definition: first, tags: ['v1'] });
      await pause(3);
      const v2 = await store.updateWorkflow(created.id, { name: 'renamed', definition: second });
      expect(v2).toMatchObject({ id: created.id, name: 'renamed', version: 2, definition: second, createdAt: created.createdAt });
      expect(v2.updatedAt).toBeGreaterThan(created.updatedAt);
      await pause(3);
      // Every save is a version, even one that only activates.
      const v3 = await store.updateWorkflow(created.id, { active: true, tags: ['v3'] });
      expect(v3).toMatchObject({ version: 3, name: 'renamed', active: true, tags: ['v3'], definition: second });
      expect(await store.getWorkflow(created.id)).toEqual(v3);
      expect(await store.getWorkflow(created.id, { version: 3 })).toEqual(v3);
      // An older version is a snapshot of that save: its name, active flag, tags and definition, updatedAt = when saved.
      expect(await store.getWorkflow(created.id, { version: 1 })).toEqual(created);
      expect(await store.getWorkflow(created.id, { version: 2 })).toEqual(v2);
      const versions = await store.listWorkflowVersions(created.id);
      expect(versions.map((entry) => entry.version)).toEqual([3, 2, 1]);
      expect(versions[2]?.savedAt).toBe(created.updatedAt);
      expect(versions[1]?.savedAt).toBe(v2.updatedAt);
      expect(versions[0]?.savedAt).toBe(v3.updatedAt);
    });

    it('changes only the patched fields: name, active and tags each on their own', async () => {
      const store = h.shared();
      const definition = workflowDocument('patch');
      const created = await store.createWorkflow({ name: unique('patch'), definition, tags: ['one'] });
      const tagged = await store.updateWorkflow(created.id, { tags: ['two', 'three'] });
      expect(tagged).toMatchObject({ name: created.name, active: false, definition, version: 2 });
      expect([...tagged.tags].sort()).toEqual(['three', 'two']);
      const cleared = await store.updateWorkflow(created.id, { tags: [] });
      expect(cleared.tags).toEqual([]);
      const active = await store.updateWorkflow(created.id, { active: true });
      expect(active).toMatchObject({ active: true, name: created.name, tags: [], version: 4 });
      expect(await store.getWorkflow(created.id)).toEqual(active);
    });

    it('rejects a stale expectedVersion with WEFT_E_CONFLICT naming the workflow, and saves nothing', async () => {
      const store = h.shared();
      const created = await store.createWorkflow({ name: unique('occ'), definition: workflowDocument('occ') });
      const v2 = await store.updateWorkflow(created.id, { name: 'mine' }, { expectedVersion: 1 });
      expect(v2.version).toBe(2);
      await expectWeftError(store.updateWorkflow(created.id, { name: 'theirs' }, { expectedVersion: 1 }), 'WEFT_E_CONFLICT', [created.id]);
      expect(await store.getWorkflow(created.id)).toMatchObject({ version: 2, name: 'mine' });
      expect((await store.listWorkflowVersions(created.id)).map((entry) => entry.version)).toEqual([2, 1]);
      // Without expectedVersion the save always applies.
      expect((await store.updateWorkflow(created.id, { name: 'last' })).version).toBe(3);
    });

    it('lets exactly one of two concurrent saves with the same expectedVersion win', async () => {
      const store = h.shared();
      const created = await store.createWorkflow({ name: unique('race'), definition: workflowDocument('race') });
      const outcomes = await Promise.allSettled([
        store.updateWorkflow(created.id, { name: 'left' }, { expectedVersion: 1 }),
        store.updateWorkflow(created.id, { name: 'right' }, { expectedVersion: 1 }),
      ]);
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0]?.reason as { code?: string }).code).toBe('WEFT_E_CONFLICT');
      const current = await store.getWorkflow(created.id);
      expect(current?.version).toBe(2);
      expect(current?.name).toBe((won[0] as PromiseFulfilledResult<WorkflowRecord>).value.name);
    });

    it('fails to update an unknown workflow with WEFT_E_NOT_FOUND naming it; it has no versions', async () => {
      await expectWeftError(h.shared().updateWorkflow('missing-workflow-id', { name: 'x' }), 'WEFT_E_NOT_FOUND', ['missing-workflow-id']);
      expect(await h.shared().listWorkflowVersions('missing-workflow-id')).toEqual([]);
    });

    it('deletes a workflow with its versions, webhooks and static data; the second delete returns false', async () => {
      const store = h.shared();
      const created = await store.createWorkflow({ name: unique('doomed'), definition: workflowDocument('doomed') });
      await store.updateWorkflow(created.id, { name: 'doomed v2' });
      const path = unique('doomed-hook');
      await store.setWebhooks(created.id, [{ workflowId: created.id, nodeName: 'Webhook', method: 'POST', path }]);
      await store.setStaticData(created.id, { lastId: 42 });
      expect(await store.deleteWorkflow(created.id)).toBe(true);
      expect(await store.getWorkflow(created.id)).toBeUndefined();
      expect(await store.getWorkflow(created.id, { version: 1 })).toBeUndefined();
      expect(await store.listWorkflowVersions(created.id)).toEqual([]);
      expect(await store.findWebhook('POST', path)).toBeUndefined();
      expect((await store.listWebhooks()).filter((hook) => hook.workflowId === created.id)).toEqual([]);
      expect(await store.getStaticData(created.id)).toEqual({});
      expect(await store.deleteWorkflow(created.id)).toBe(false);
      // The id is free again, and nothing of the old workflow comes back with it.
      const reborn = await store.createWorkflow({ id: created.id, name: 'reborn', definition: workflowDocument('reborn') });
      expect(reborn.version).toBe(1);
      expect((await store.listWorkflowVersions(created.id)).map((entry) => entry.version)).toEqual([1]);
      expect(await store.getStaticData(created.id)).toEqual({});
    });

    it('keeps static data apart: empty at first, replaced as a whole on set, not a new version', async () => {
      const store = h.shared();
      const created = await store.createWorkflow({ name: unique('static'), definition: workflowDocument('static') });
      expect(await store.getStaticData(created.id)).toEqual({});
      await store.setStaticData(created.id, { node: { lastTimestamp: 1_709_632_800_000, seen: ['a', 'b'] }, flag: true });
      expect(await store.getStaticData(created.id)).toEqual({ node: { lastTimestamp: 1_709_632_800_000, seen: ['a', 'b'] }, flag: true });
      await store.setStaticData(created.id, { other: null });
      expect(await store.getStaticData(created.id)).toEqual({ other: null });
      const after = await store.getWorkflow(created.id);
      expect(after?.version).toBe(1);
      expect(after?.updatedAt).toBe(created.updatedAt);
    });

    it('filters by a case-insensitive name substring taken literally (no wildcards)', async () => {
      const store = h.shared();
      const token = unique('Needle').replace('-', '');
      const names = [`Big ${token} flow`, `${token.toLowerCase()}_100% done`, `${token.toUpperCase()}x1005 done`, 'unrelated'];
      const made = await Promise.all(names.map((name) => store.createWorkflow({ name, definition: workflowDocument(name) })));
      const byName = async (name: string) => (await store.listWorkflows({ name, limit: 50 })).data.map((row) => row.name).sort();
      expect(await byName(token)).toEqual(names.slice(0, 3).sort());
      expect(await byName(`${token.toLowerCase()}_100%`)).toEqual([names[1]]);
      expect(await byName(`${token.toUpperCase()}_`)).toEqual([names[1]]);
      expect(await byName(`${token}%`)).toEqual([]);
      expect(made).toHaveLength(4);
    });

    it('filters by active and by tag, combined with the other filters', async () => {
      const store = h.shared();
      const tag = unique('tag');
      const name = unique('filter');
      const on = await store.createWorkflow({ name: `${name} on`, definition: workflowDocument('on'), active: true, tags: [tag, 'common'] });
      const off = await store.createWorkflow({ name: `${name} off`, definition: workflowDocument('off'), tags: [tag] });
      const untagged = await store.createWorkflow({ name: `${name} untagged`, definition: workflowDocument('untagged'), active: true });
      const ids = async (query: Parameters<typeof store.listWorkflows>[0]) => (await store.listWorkflows(query)).data.map((row) => row.id).sort();
      expect(await ids({ name, limit: 50 })).toEqual([on.id, off.id, untagged.id].sort());
      expect(await ids({ name, active: true, limit: 50 })).toEqual([on.id, untagged.id].sort());
      expect(await ids({ name, active: false, limit: 50 })).toEqual([off.id]);
      expect(await ids({ tag, limit: 50 })).toEqual([on.id, off.id].sort());
      expect(await ids({ tag, active: true, limit: 50 })).toEqual([on.id]);
      expect(await ids({ tag: `${tag}-not`, limit: 50 })).toEqual([]);
      // A tag is matched whole, not as a substring.
      expect(await ids({ tag: tag.slice(0, -1), limit: 50 })).toEqual([]);
    });

    it('lists summaries without the definition, newest first by updatedAt, an update moving a workflow up', async () => {
      const store = h.shared();
      const tag = unique('order');
      const made: WorkflowRecord[] = [];
      for (const label of ['a', 'b', 'c']) {
        made.push(await store.createWorkflow({ name: label, definition: workflowDocument(label), tags: [tag] }));
        await pause(3);
      }
      const bumped = await store.updateWorkflow(made[0]!.id, { name: 'a2' });
      const page = await store.listWorkflows({ tag, limit: 10 });
      expect(page.nextCursor).toBeUndefined();
      expect(page.data).toEqual([summaryOf(bumped), summaryOf(made[2]!), summaryOf(made[1]!)]);
      for (const row of page.data) expect(Object.keys(row)).not.toContain('definition');
    });

    it('walks every row exactly once with keyset cursors, newest first, also when timestamps are equal', async () => {
      const store = h.shared();
      const tag = unique('pages');
      h.freezeClock(Date.now());
      const made: WorkflowRecord[] = [];
      // Equal updatedAt everywhere: the id breaks ties (compared as plain code units, so mixed-case ids order the same in every adapter).
      for (const id of ['wfUPPERcase01', 'wflowercase02', 'WF0000000003', undefined, undefined, undefined, undefined, 'wf_mixed-04']) {
        made.push(await store.createWorkflow({ ...(id === undefined ? {} : { id: `${id}${tag.slice(-8)}` }), name: tag, definition: workflowDocument(tag), tags: [tag] }));
      }
      const expected = newestFirst(made, (row) => row.updatedAt).map(summaryOf);
      for (const limit of [1, 3, 4, 8, 20]) {
        const { rows, pageSizes } = await walkPages(limit, (cursor) => store.listWorkflows({ tag, limit, ...(cursor === undefined ? {} : { cursor }) }));
        expect(rows).toEqual(expected);
        // The last page has no cursor, even when it is exactly full.
        expect(pageSizes.filter((size) => size === 0)).toEqual([]);
        expect(pageSizes).toHaveLength(Math.ceil(made.length / limit));
      }
    });

    it('rejects a malformed cursor, and a limit that is not a whole number from 1 to 10,000, with WEFT_E_INVALID_ARGUMENT', async () => {
      const store = h.shared();
      await expectWeftError(store.listWorkflows({ limit: 5, cursor: 'not-a-cursor' }), 'WEFT_E_INVALID_ARGUMENT');
      await expectLimitsChecked((limit) => store.listWorkflows({ limit }));
    });
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
