import { describe, expect, it } from 'vitest';
import type { CredentialRecord } from '../types.js';
import { expectLimitsChecked, expectWeftError, newestFirst, unique, walkPages, type ContractHarness } from './harness.js';

const METADATA_KEYS = ['createdAt', 'id', 'name', 'type', 'updatedAt'];
const SECRET = 'pässw0rd-NEVER-stored-plain-7f3a9c';

/** Credentials: encrypted at rest, metadata apart from the secret data, listing by type. */
export function describeCredentialContract(h: ContractHarness): void {
  describe('credentials', () => {
    it('creates a credential and returns metadata only', async () => {
      const store = h.shared();
      const name = unique('basic');
      const before = Date.now();
      const created = await store.createCredential({ name, type: 'httpBasicAuth', data: { user: 'ann', password: SECRET } });
      expect(Object.keys(created).sort()).toEqual(METADATA_KEYS);
      expect(created).toEqual({ id: expect.any(String), name, type: 'httpBasicAuth', createdAt: expect.any(Number), updatedAt: created.createdAt });
      expect(created.createdAt).toBeGreaterThanOrEqual(before);
      expect(JSON.stringify(created)).not.toContain(SECRET);
      const read = await store.getCredential(created.id);
      expect(read).toEqual(created);
      expect(Object.keys(read ?? {}).sort()).toEqual(METADATA_KEYS);
    });

    it('decrypts the secret data for the node that uses it', async () => {
      const store = h.shared();
      const data = { user: 'ann', password: SECRET, nested: { scopes: ['a', 'b'], expires: 1_709_632_800, refresh: null }, unicode: 'ключ ✓' };
      const created = await store.createCredential({ name: unique('oauth'), type: 'oAuth2Api', data });
      expect(await store.getCredentialData(created.id)).toEqual(data);
      expect(await store.getCredentialData('no-such-credential')).toBeUndefined();
      expect(await store.getCredential('no-such-credential')).toBeUndefined();
    });

    it('does not store the secret in plain text', async (context) => {
      const underTest = h.sharedUnderTest();
      if (underTest.rawCredentialRow === undefined) {
        context.skip('the adapter offers no rawCredentialRow hook');
        return;
      }
      const data = { user: 'ann', password: SECRET };
      const created = await underTest.store.createCredential({ name: unique('raw'), type: 'httpBasicAuth', data });
      const raw = await underTest.rawCredentialRow(created.id);
      expect(raw.length).toBeGreaterThan(0);
      expect(raw).toContain(created.id);
      expect(raw).not.toContain(SECRET);
      expect(raw).not.toContain(JSON.stringify(data));
      expect(raw).not.toContain(Buffer.from(JSON.stringify(data)).toString('base64'));
      await underTest.store.updateCredential(created.id, { data: { user: 'ann', password: `${SECRET}-2` } });
      expect(await underTest.rawCredentialRow(created.id)).not.toContain(SECRET);
    });

    it('creates a credential under a given id; a taken id is WEFT_E_CONFLICT naming it', async () => {
      const store = h.shared();
      const id = unique('CredId');
      const created = await store.createCredential({ id, name: 'imported', type: 'httpHeaderAuth', data: { value: 'x' } });
      expect(created.id).toBe(id);
      await expectWeftError(store.createCredential({ id, name: 'again', type: 'httpHeaderAuth', data: { value: 'y' } }), 'WEFT_E_CONFLICT', [id]);
      expect(await store.getCredentialData(id)).toEqual({ value: 'x' });
    });

    it('updates the data and the name each on their own', async () => {
      const store = h.shared();
      const created = await store.createCredential({ name: unique('rotate'), type: 'httpBasicAuth', data: { password: 'old' } });
      await pause(3);
      const rotated = await store.updateCredential(created.id, { data: { password: 'new', user: 'bob' } });
      expect(Object.keys(rotated).sort()).toEqual(METADATA_KEYS);
      expect(rotated).toMatchObject({ id: created.id, name: created.name, type: 'httpBasicAuth', createdAt: created.createdAt });
      expect(rotated.updatedAt).toBeGreaterThan(created.updatedAt);
      expect(await store.getCredentialData(created.id)).toEqual({ password: 'new', user: 'bob' });
      const renamed = await store.updateCredential(created.id, { name: 'renamed' });
      expect(renamed.name).toBe('renamed');
      expect(await store.getCredential(created.id)).toEqual(renamed);
      expect(await store.getCredentialData(created.id)).toEqual({ password: 'new', user: 'bob' });
    });

    it('fails to update an unknown credential with WEFT_E_NOT_FOUND naming it', async () => {
      await expectWeftError(h.shared().updateCredential('missing-credential-id', { name: 'x' }), 'WEFT_E_NOT_FOUND', ['missing-credential-id']);
    });

    it('deletes a credential; the second delete returns false', async () => {
      const store = h.shared();
      const created = await store.createCredential({ name: unique('gone'), type: 'httpBasicAuth', data: { password: 'p' } });
      expect(await store.deleteCredential(created.id)).toBe(true);
      expect(await store.getCredential(created.id)).toBeUndefined();
      expect(await store.getCredentialData(created.id)).toBeUndefined();
      expect(await store.deleteCredential(created.id)).toBe(false);
    });

    it('lists by type, newest first, walking pages exactly once, metadata only', async () => {
      const store = h.shared();
      const type = unique('typeUnderTest');
      const made: CredentialRecord[] = [];
      const start = Date.now();
      for (const [offset, count] of [[0, 2], [1, 3], [4, 1]] as const) {
        h.freezeClock(start + offset);
        for (let index = 0; index < count; index += 1) made.push(await store.createCredential({ name: `c${offset}-${index}`, type, data: { password: SECRET } }));
      }
      await store.createCredential({ name: 'other type', type: `${type}-other`, data: {} });
      const expected = newestFirst(made, (row) => row.createdAt);
      for (const limit of [1, 2, 6, 10]) {
        const { rows, pageSizes } = await walkPages(limit, (cursor) => store.listCredentials({ type, limit, ...(cursor === undefined ? {} : { cursor }) }));
        expect(rows).toEqual(expected);
        expect(pageSizes).toHaveLength(Math.ceil(made.length / limit));
        for (const row of rows) expect(Object.keys(row).sort()).toEqual(METADATA_KEYS);
        expect(JSON.stringify(rows)).not.toContain(SECRET);
      }
    });

    it('rejects a malformed cursor, and a limit that is not a whole number from 1 to 10,000, with WEFT_E_INVALID_ARGUMENT', async () => {
      const store = h.shared();
      await expectWeftError(store.listCredentials({ limit: 5, cursor: 'not-a-cursor' }), 'WEFT_E_INVALID_ARGUMENT');
      await expectLimitsChecked((limit) => store.listCredentials({ limit, type: 'no-such-type' }));
    });
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
