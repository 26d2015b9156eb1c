import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countingStore } from '../../adapters/cached-store/counting-store.js';
import { createSqliteStore } from '../../adapters/sqlite-store/index.js';
import type { Store } from '../../ports/store/types.js';
import { createApiKeyAuthenticator, generateApiKey, hashApiKey, hashesEqual } from './api-keys.js';

let base: Store;
let store: Store;
let calls: Map<string, number>;
let clock: number;
const now = (): number => clock;

beforeEach(async () => {
  base = await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
  ({ store, calls } = countingStore(base));
  clock = 1_780_000_000_000;
});

afterEach(async () => {
  await base.close();
});

/** Creates a key in the store (bypassing the call counter) and returns the secret with its record id. */
async function newKey(label = 'test'): Promise<{ key: string; id: string }> {
  const { key, hash } = generateApiKey();
  const record = await base.createApiKey({ label, hash });
  return { key, id: record.id };
}

const lookups = (): number => calls.get('findApiKeyByHash') ?? 0;
const touchCalls = (): number => calls.get('touchApiKey') ?? 0;

describe('generateApiKey / hashApiKey', () => {
  it('makes weft_ + 32 random bytes in base64url, with the SHA-256 hex of it as the hash', () => {
    const made = Array.from({ length: 50 }, () => generateApiKey());
    for (const { key, hash } of made) {
      expect(key).toMatch(/^weft_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice(5), 'base64url')).toHaveLength(32);
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).toBe(hashApiKey(key));
    }
    expect(new Set(made.map(({ key }) => key)).size).toBe(50);
  });

  it('hashes with SHA-256 (known vector) and compares digests', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const hash = hashApiKey('weft_x');
    expect(hashesEqual(hash, hashApiKey('weft_x'))).toBe(true);
    expect(hashesEqual(hash, hashApiKey('weft_y'))).toBe(false);
    expect(hashesEqual(hash, hash.slice(1))).toBe(false);
    expect(hashesEqual('', '')).toBe(true);
  });
});

describe('createApiKeyAuthenticator', () => {
  it('returns the record of a stored key (surrounding spaces ignored) and nothing for an unknown one', async () => {
    const { key, id } = await newKey('ci');
    const auth = createApiKeyAuthenticator(store, { now });
    expect(await auth.authenticate(key)).toMatchObject({ id, label: 'ci' });
    expect(await auth.authenticate(` ${key}\t`)).toMatchObject({ id });
    expect(await auth.authenticate(generateApiKey().key)).toBeUndefined();
    // One character off is another key.
    const twisted = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect(await auth.authenticate(twisted)).toBeUndefined();
    await auth.drain();
  });

  it('refuses a missing or malformed value without asking the store', async () => {
    const { key } = await newKey();
    const auth = createApiKeyAuthenticator(store, { now });
    for (const value of [undefined, '', '   ', 'weft_', key.slice(5), `${key}x`, key.slice(0, -1), `Bearer ${key}`, 'x'.repeat(10_000), key.replace('weft_', 'WEFT_')]) {
      expect(await auth.authenticate(value), String(value).slice(0, 40)).toBeUndefined();
    }
    expect(lookups()).toBe(0);
  });

  it('remembers a found key for the ttl, then asks the store again', async () => {
    const { key, id } = await newKey();
    const auth = createApiKeyAuthenticator(store, { now, cacheTtlMs: 5_000 });
    for (let i = 0; i < 20; i += 1) expect((await auth.authenticate(key))?.id).toBe(id);
    expect(lookups()).toBe(1);
    clock += 4_999;
    await auth.authenticate(key);
    expect(lookups()).toBe(1);
    clock += 2;
    expect((await auth.authenticate(key))?.id).toBe(id);
    expect(lookups()).toBe(2);
    await auth.drain();
  });

  it('remembers unknown keys too: a flood of one bad key costs one lookup, even when concurrent', async () => {
    const bad = generateApiKey().key;
    const auth = createApiKeyAuthenticator(store, { now, cacheTtlMs: 5_000 });
    const results = await Promise.all(Array.from({ length: 500 }, () => auth.authenticate(bad)));
    expect(results.every((result) => result === undefined)).toBe(true);
    for (let i = 0; i < 100; i += 1) await auth.authenticate(bad);
    expect(lookups()).toBe(1);
  });

  it('lets a key created after a failed try work once the negative entry expires', async () => {
    const { key, hash } = generateApiKey();
    const auth = createApiKeyAuthenticator(store, { now, cacheTtlMs: 1_000 });
    expect(await auth.authenticate(key)).toBeUndefined();
    await base.createApiKey({ label: 'late', hash });
    expect(await auth.authenticate(key)).toBeUndefined();
    clock += 1_001;
    expect(await auth.authenticate(key)).toMatchObject({ label: 'late' });
    await auth.drain();
  });

  it('keeps good keys cached while many different bad keys arrive (separate bounded caches)', async () => {
    const good = await newKey();
    const auth = createApiKeyAuthenticator(store, { now, cacheMaxEntries: 4 });
    await auth.authenticate(good.key);
    for (let i = 0; i < 50; i += 1) await auth.authenticate(generateApiKey().key);
    const before = lookups();
    expect((await auth.authenticate(good.key))?.id).toBe(good.id);
    expect(lookups()).toBe(before);
    await auth.drain();
  });

  it('records the last use at most once per interval per key', async () => {
    const first = await newKey('first');
    const second = await newKey('second');
    const auth = createApiKeyAuthenticator(store, { now, touchIntervalMs: 60_000 });
    const start = clock;
    await auth.authenticate(first.key);
    await auth.authenticate(second.key);
    await auth.drain();
    expect(touchCalls()).toBe(2);
    expect((await base.listApiKeys()).map((key) => key.lastUsedAt)).toEqual([start, start]);

    clock += 59_999;
    for (let i = 0; i < 10; i += 1) await auth.authenticate(first.key);
    await auth.drain();
    expect(touchCalls()).toBe(2);

    clock += 1;
    await auth.authenticate(first.key);
    await auth.drain();
    expect(touchCalls()).toBe(3);
    const stored = await base.listApiKeys();
    expect(stored.find((key) => key.id === first.id)?.lastUsedAt).toBe(start + 60_000);
    expect(stored.find((key) => key.id === second.id)?.lastUsedAt).toBe(start);
  });

  it('still authenticates when recording the use fails, and logs no secret', async () => {
    const { key, id } = await newKey();
    const lines: string[] = [];
    const captured = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const failing: Store = { ...base, touchApiKey: () => Promise.reject(new Error('disk full')) };
    const auth = createApiKeyAuthenticator(failing, { now, logger: captured });
    expect((await auth.authenticate(key))?.id).toBe(id);
    await auth.drain();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('disk full');
    expect(lines[0]).toContain(id);
    expect(lines[0]).not.toContain(key);
    expect(lines[0]).not.toContain(hashApiKey(key));
  });

  it('forgets a deleted key at once when told', async () => {
    const { key, id } = await newKey();
    const other = await newKey();
    const auth = createApiKeyAuthenticator(store, { now });
    await auth.authenticate(key);
    await auth.authenticate(other.key);
    await base.deleteApiKey(id);
    // Still cached: deletion in another process is seen after the ttl.
    expect((await auth.authenticate(key))?.id).toBe(id);
    auth.forget(id);
    expect(await auth.authenticate(key)).toBeUndefined();
    expect((await auth.authenticate(other.key))?.id).toBe(other.id);
    await auth.drain();
  });
});
