import * as crypto from 'node:crypto';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../logging/logger.js';
import type { ApiKeyRecord, ApiKeyStore } from '../../ports/store/types.js';

const KEY_PREFIX = 'weft_';
/** `weft_` + 32 random bytes in base64url (43 characters, no padding). */
const KEY_FORMAT = /^weft_[A-Za-z0-9_-]{43}$/;

/**
 * Makes a new API key and the hash to store. The key is shown to its owner once and never stored or logged.
 *
 * @example
 * const { key, hash } = generateApiKey();
 * await store.createApiKey({ label: 'ci', hash });
 * process.stdout.write(`${key}\n`);
 */
export function generateApiKey(): { key: string; hash: string } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key) };
}

/** `crypto.hash`, absent before Node 20.12 (a named import of it would fail to load there). */
const oneShotHash: ((algorithm: string, data: string, encoding: 'hex') => string) | undefined = (crypto as Partial<typeof crypto>).hash;

/** SHA-256 hex of a key: what the store keeps. A fast hash is enough: keys are 256 random bits, not passwords. */
export function hashApiKey(key: string): string {
  // The one-shot hash where Node has it (20.12+): every authenticated request hashes its key, and a Hash object
  // per call costs 3× as much.
  return oneShotHash !== undefined ? oneShotHash('sha256', key, 'hex') : crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time (different lengths are unequal without comparing). */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Options of {@link createApiKeyAuthenticator}. */
export interface ApiKeyAuthenticatorOptions {
  /**
   * How long a lookup (found or not found) is remembered, in ms (default 10,000). Also how long a key deleted by
   * another process keeps working here; {@link ApiKeyAuthenticator.forget} drops it at once in this process.
   */
  readonly cacheTtlMs?: number;
  /** Most remembered lookups, for found and for unknown keys each (default 10,000). */
  readonly cacheMaxEntries?: number;
  /** Least time between two `lastUsedAt` writes of one key, in ms (default 60,000). */
  readonly touchIntervalMs?: number;
  /** The clock, epoch ms (default `Date.now()`). */
  readonly now?: () => number;
  /** Where a failed `lastUsedAt` write is reported (it never fails a request). */
  readonly logger?: Logger;
}

/** Checks API keys against the store, see {@link createApiKeyAuthenticator}. */
export interface ApiKeyAuthenticator {
  /** The key record for the header's value, or undefined when it is missing, malformed or unknown. */
  authenticate(headerValue: string | undefined): Promise<ApiKeyRecord | undefined>;
  /** Drops every remembered lookup of key `id` (call after deleting it, so it stops working here at once). */
  forget(id: string): void;
  /** Waits for `lastUsedAt` writes in flight (before closing the store). */
  drain(): Promise<void>;
}

interface Remembered {
  readonly hash: string;
  readonly record: ApiKeyRecord;
}

/**
 * Authenticates requests by API key. A value that is not shaped like a Weft key is refused without a lookup;
 * otherwise its SHA-256 is looked up in the store. Found and unknown hashes are remembered briefly, in two
 * separate bounded LRUs, so a flood of bad keys neither reaches the database nor evicts the good keys; concurrent
 * lookups of one hash share one query. A cached entry is matched by hash and confirmed with a constant-time
 * compare. `lastUsedAt` is written at most once per `touchIntervalMs` per key, in the background.
 *
 * @example
 * const auth = createApiKeyAuthenticator(store, { cacheTtlMs: 10_000 });
 * const key = await auth.authenticate(request.headers['x-weft-api-key']);
 * if (key === undefined) throw new WeftError('WEFT_E_UNAUTHORIZED', 'Missing or invalid API key', {});
 */
export function createApiKeyAuthenticator(store: Pick<ApiKeyStore, 'findApiKeyByHash' | 'touchApiKey'>, options: ApiKeyAuthenticatorOptions = {}): ApiKeyAuthenticator {
  const ttl = options.cacheTtlMs ?? 10_000;
  const max = options.cacheMaxEntries ?? 10_000;
  const touchIntervalMs = options.touchIntervalMs ?? 60_000;
  const now = options.now ?? (() => Date.now());
  // lru-cache reads its own clock (performance.now) for ttl; ours drives it instead, read on every check
  // (ttlResolution 0) so an injected clock is honoured and no timer is set per lookup.
  const expiry = { ttl, ttlResolution: 0, perf: { now } } as const;
  const known = new LRUCache<string, Remembered>({ max, ...expiry });
  const unknown = new LRUCache<string, true>({ max, ...expiry });
  const lastTouched = new LRUCache<string, number>({ max });
  const inFlight = new Map<string, Promise<ApiKeyRecord | undefined>>();
  const touches = new Set<Promise<void>>();

  const touch = (id: string): void => {
    const at = now();
    const previous = lastTouched.get(id);
    if (previous !== undefined && at - previous < touchIntervalMs) return;
    lastTouched.set(id, at);
    const write = store
      .touchApiKey(id, at)
      .catch((error: unknown) => {
        options.logger?.warn({ apiKeyId: id, error: error instanceof Error ? error.message : String(error) }, 'could not record the use of an API key');
      })
      .finally(() => touches.delete(write));
    touches.add(write);
  };

  const lookUp = (hash: string): Promise<ApiKeyRecord | undefined> => {
    const pending = inFlight.get(hash);
    if (pending !== undefined) return pending;
    const lookup = store
      .findApiKeyByHash(hash)
      .then((record) => {
        if (record === undefined) unknown.set(hash, true);
        else known.set(hash, { hash, record });
        return record;
      })
      .finally(() => inFlight.delete(hash));
    inFlight.set(hash, lookup);
    return lookup;
  };

  return {
    async authenticate(headerValue) {
      const key = headerValue?.trim();
      if (key === undefined || !KEY_FORMAT.test(key)) return undefined;
      const hash = hashApiKey(key);
      if (unknown.has(hash)) return undefined;
      const cached = known.get(hash);
      const record = cached !== undefined && hashesEqual(cached.hash, hash) ? cached.record : await lookUp(hash);
      if (record !== undefined) touch(record.id);
      return record;
    },

    forget(id) {
      for (const [hash, entry] of known.entries()) if (entry.record.id === id) known.delete(hash);
      lastTouched.delete(id);
    },

    async drain() {
      await Promise.all([...touches]);
    },
  };
}
