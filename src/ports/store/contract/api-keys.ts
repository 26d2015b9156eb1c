import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectWeftError, unique, type ContractHarness } from './harness.js';

const RECORD_KEYS = ['createdAt', 'id', 'label', 'lastUsedAt'];

/** A fresh hash shaped like the real ones (SHA-256 hex of a random key). */
function newHash(): string {
  return createHash('sha256').update(randomBytes(32)).digest('hex');
}

/** API keys: stored by hash only, found by hash, unique per hash, touched, listed, deleted, counted. */
export function describeApiKeyContract(h: ContractHarness): void {
  describe('API keys', () => {
    it('creates a key by its hash and finds it by that hash; the hash is never part of the record', async () => {
      const store = h.shared();
      const hash = newHash();
      const label = unique('ci');
      const before = Date.now();
      const created = await store.createApiKey({ label, hash });
      expect(Object.keys(created).sort()).toEqual(RECORD_KEYS);
      expect(created).toEqual({ id: expect.any(String), label, createdAt: expect.any(Number), lastUsedAt: undefined });
      expect(created.createdAt).toBeGreaterThanOrEqual(before);
      expect(JSON.stringify(created)).not.toContain(hash);
      const found = await store.findApiKeyByHash(hash);
      expect(found).toEqual(created);
      expect(Object.keys(found ?? {}).sort()).toEqual(RECORD_KEYS);
      expect(JSON.stringify(found)).not.toContain(hash);
    });

    it('finds nothing for an unknown hash', async () => {
      const store = h.shared();
      await store.createApiKey({ label: unique('other'), hash: newHash() });
      expect(await store.findApiKeyByHash(newHash())).toBeUndefined();
      expect(await store.findApiKeyByHash('')).toBeUndefined();
    });

    it('keeps a caller-chosen id, and refuses a second key with that id', async () => {
      const store = h.shared();
      const id = unique('key-id');
      const created = await store.createApiKey({ id, label: 'chosen', hash: newHash() });
      expect(created.id).toBe(id);
      await expectWeftError(store.createApiKey({ id, label: 'again', hash: newHash() }), 'WEFT_E_CONFLICT', [id]);
    });

    it('refuses a second key with the same hash with WEFT_E_CONFLICT, without naming the hash', async () => {
      const store = h.shared();
      const hash = newHash();
      const first = await store.createApiKey({ label: unique('first'), hash });
      const error = await expectWeftError(store.createApiKey({ label: unique('second'), hash }), 'WEFT_E_CONFLICT');
      expect(error.message).not.toContain(hash);
      expect(JSON.stringify(error.details)).not.toContain(hash);
      expect(await store.findApiKeyByHash(hash)).toEqual(first);
    });

    it('records the last use, never moving it back; touching an unknown key is not an error', async () => {
      const store = h.shared();
      const hash = newHash();
      const created = await store.createApiKey({ label: unique('touched'), hash });
      const at = created.createdAt + 60_000;
      await store.touchApiKey(created.id, at);
      expect(await store.findApiKeyByHash(hash)).toEqual({ ...created, lastUsedAt: at });
      // A touch that arrives late (an older use) keeps the latest one.
      await store.touchApiKey(created.id, at - 30_000);
      expect((await store.findApiKeyByHash(hash))?.lastUsedAt).toBe(at);
      await store.touchApiKey(created.id, at + 5);
      expect((await store.findApiKeyByHash(hash))?.lastUsedAt).toBe(at + 5);
      await expect(store.touchApiKey('no-such-key', at)).resolves.toBeUndefined();
    });

    it('lists keys oldest first, counts them, and deletes them', async () => {
      const { store } = await h.fresh();
      expect(await store.listApiKeys()).toEqual([]);
      expect(await store.countApiKeys()).toBe(0);
      const start = Date.now();
      h.freezeClock(start);
      const a = await store.createApiKey({ label: 'a', hash: newHash() });
      h.freezeClock(start + 1_000);
      const b = await store.createApiKey({ label: 'b', hash: newHash() });
      const cHash = newHash();
      h.freezeClock(start + 2_000);
      const c = await store.createApiKey({ label: 'c', hash: cHash });
      expect([a.createdAt, b.createdAt, c.createdAt]).toEqual([start, start + 1_000, start + 2_000]);
      await store.touchApiKey(b.id, start + 5_000);
      expect(await store.listApiKeys()).toEqual([a, { ...b, lastUsedAt: start + 5_000 }, c]);
      expect(await store.countApiKeys()).toBe(3);

      expect(await store.deleteApiKey(c.id)).toBe(true);
      expect(await store.deleteApiKey(c.id)).toBe(false);
      expect(await store.deleteApiKey('no-such-key')).toBe(false);
      // A deleted key no longer authenticates, and its hash is free again.
      expect(await store.findApiKeyByHash(cHash)).toBeUndefined();
      expect((await store.listApiKeys()).map((key) => key.id)).toEqual([a.id, b.id]);
      expect(await store.countApiKeys()).toBe(2);
      const again = await store.createApiKey({ label: 'c again', hash: cHash });
      expect((await store.findApiKeyByHash(cHash))?.id).toBe(again.id);
    });
  });
}
