import type { Cache } from '../../ports/cache/types.js';

interface Entry {
  readonly value: string;
  /** Epoch ms after which the entry is gone; undefined = never. */
  readonly expiresAt: number | undefined;
}

/**
 * What the caches of one process share: values and channels. Caches made over the same space behave like
 * several connections to one Redis; separate spaces see nothing of each other.
 */
export interface MemoryCacheSpace {
  readonly entries: Map<string, Entry>;
  readonly channels: Map<string, Set<(message: string) => void>>;
}

/** A new, empty space (see {@link MemoryCacheSpace}). */
export function createMemoryCacheSpace(): MemoryCacheSpace {
  return { entries: new Map(), channels: new Map() };
}

/** Expired entries are removed when read, and in one sweep whenever the map doubles, so no timer is needed. */
const FIRST_SWEEP_AT = 1_024;

/**
 * The embedded Cache adapter: an in-process map with expiry and in-process publish/subscribe. Messages are
 * delivered asynchronously (as Redis does), so a handler never runs inside `publish`.
 *
 * @example
 * const cache = createMemoryCache();
 * await cache.set('workflow:1', json, 60_000);
 * await cache.get('workflow:1'); // json
 */
export function createMemoryCache(options: { space?: MemoryCacheSpace; now?: () => number } = {}): Cache {
  const space = options.space ?? createMemoryCacheSpace();
  const now = options.now ?? Date.now;
  const mine = new Set<{ channel: string; handler: (message: string) => void }>();
  let sweepAt = Math.max(FIRST_SWEEP_AT, space.entries.size * 2);
  let closed = false;

  const sweep = (): void => {
    const at = now();
    for (const [key, entry] of space.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= at) space.entries.delete(key);
    }
    sweepAt = Math.max(FIRST_SWEEP_AT, space.entries.size * 2);
  };

  const unsubscribe = (subscription: { channel: string; handler: (message: string) => void }): void => {
    mine.delete(subscription);
    const handlers = space.channels.get(subscription.channel);
    handlers?.delete(subscription.handler);
    if (handlers?.size === 0) space.channels.delete(subscription.channel);
  };

  return {
    async get(key) {
      const entry = space.entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
        space.entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    async set(key, value, ttlMs) {
      space.entries.set(key, { value, expiresAt: ttlMs === undefined ? undefined : now() + ttlMs });
      if (space.entries.size >= sweepAt) sweep();
    },
    async delete(keys) {
      for (const key of keys) space.entries.delete(key);
    },
    async publish(channel, message) {
      // A copy: a handler that unsubscribes while messages are in flight must not change this delivery.
      const handlers = [...(space.channels.get(channel) ?? [])];
      setImmediate(() => {
        for (const handler of handlers) handler(message);
      });
    },
    async subscribe(channel, handler) {
      // Wrapped so the same function subscribed twice counts twice, as with Redis.
      const subscription = { channel, handler: (message: string) => handler(message) };
      mine.add(subscription);
      let handlers = space.channels.get(channel);
      if (handlers === undefined) {
        handlers = new Set();
        space.channels.set(channel, handlers);
      }
      handlers.add(subscription.handler);
      return async () => unsubscribe(subscription);
    },
    async ping() {
      return !closed;
    },
    async close() {
      closed = true;
      for (const subscription of [...mine]) unsubscribe(subscription);
    },
  };
}
