import { Cluster, Redis } from 'ioredis';
import type { Cache } from '../../ports/cache/types.js';
import { WeftError } from '../../core/errors/index.js';
import { planRedisConnection, type RedisCacheOptions, type RedisConnectionPlan } from './connection-options.js';

/** The part of an ioredis client (single node or Cluster) the adapter uses. */
interface RedisClient {
  readonly status: string;
  connect(): Promise<void>;
  disconnect(): void;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  set(key: string, value: string, mode: 'PX', ttlMs: number): Promise<unknown>;
  unlink(...keys: string[]): Promise<number>;
  publish(channel: string, message: string): Promise<number>;
  subscribe(...channels: string[]): Promise<unknown>;
  unsubscribe(...channels: string[]): Promise<unknown>;
  ping(): Promise<string>;
  on(event: 'ready' | 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  once(event: 'ready' | 'end', listener: () => void): unknown;
  off(event: 'ready' | 'end', listener: () => void): unknown;
}

function connect(plan: RedisConnectionPlan): RedisClient {
  if (plan.kind === 'cluster') return new Cluster(plan.nodes, plan.options) as unknown as RedisClient;
  if (plan.kind === 'single' && plan.url !== undefined) return new Redis(plan.url, plan.options) as unknown as RedisClient;
  return new Redis(plan.options) as unknown as RedisClient;
}

interface Subscription {
  readonly handler: (message: string) => void;
  readonly onGap: (() => void) | undefined;
}

/**
 * The server Cache adapter over Redis (ioredis): a single node from a `redis://` URL, Sentinel, or Cluster. A
 * second connection carries the subscriptions. Both reconnect by themselves with back-off; while Redis is down,
 * commands fail at once with `WEFT_E_STORE_UNAVAILABLE` (no offline queue) so callers fall back to the database.
 * Every key and channel is prefixed with `keyPrefix`.
 *
 * @example
 * const cache = createRedisCache({ url: 'redis://127.0.0.1:6379', keyPrefix: 'weft:' });
 * await cache.set('workflow:1', json, 60_000);
 * const off = await cache.subscribe('invalidate', (message) => drop(message));
 */
export function createRedisCache(options: RedisCacheOptions): Cache {
  const plan = planRedisConnection(options);
  const prefix = options.keyPrefix ?? 'weft:';
  const connectTimeoutMs = options.connectTimeoutMs ?? 2_000;
  const client = connect(plan);
  const subscriber = connect(plan);
  const subscriptions = new Map<string, Set<Subscription>>();
  let everReady = false;
  let subscriberEverReady = false;
  let closed = false;

  // Connection errors are expected while Redis is down; they surface as failing commands, not as crashes.
  client.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  client.on('ready', () => {
    everReady = true;
  });
  subscriber.on('ready', () => {
    const channels = [...subscriptions.keys()];
    if (channels.length > 0) subscriber.subscribe(...channels).catch(() => undefined);
    if (subscriberEverReady) {
      for (const set of subscriptions.values()) for (const subscription of set) subscription.onGap?.();
    }
    subscriberEverReady = true;
  });
  subscriber.on('message', (channel, message) => {
    for (const subscription of [...(subscriptions.get(channel) ?? [])]) subscription.handler(message);
  });
  client.connect().catch(() => undefined);
  subscriber.connect().catch(() => undefined);

  const unavailable = (cause?: unknown): WeftError =>
    new WeftError('WEFT_E_STORE_UNAVAILABLE', `The Redis cache (${plan.describe}) cannot be reached${cause instanceof Error ? `: ${cause.message}` : ''}`, { redis: plan.describe }, { cause });

  /** Waits for the first connection (bounded by the connect timeout); afterwards, a down Redis fails at once. */
  const whenFirstReady = (connection: RedisClient): Promise<void> =>
    new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        connection.off('ready', done);
        connection.off('end', done);
        if (connection.status === 'ready') resolve();
        else reject(unavailable());
      };
      const timer = setTimeout(done, connectTimeoutMs);
      connection.once('ready', done);
      connection.once('end', done);
    });

  const run = async <T>(command: () => Promise<T>): Promise<T> => {
    if (closed) throw new WeftError('WEFT_E_STORE_UNAVAILABLE', `The Redis cache (${plan.describe}) is closed`, { redis: plan.describe });
    if (client.status !== 'ready') {
      if (everReady) throw unavailable();
      await whenFirstReady(client);
    }
    try {
      return await command();
    } catch (error) {
      throw unavailable(error);
    }
  };

  const unsubscribe = async (channel: string, subscription: Subscription): Promise<void> => {
    const set = subscriptions.get(channel);
    if (set === undefined || !set.delete(subscription) || set.size > 0) return;
    subscriptions.delete(channel);
    if (subscriber.status === 'ready') await subscriber.unsubscribe(prefix + channel).catch(() => undefined);
  };

  return {
    async get(key) {
      return (await run(() => client.get(prefix + key))) ?? undefined;
    },
    async set(key, value, ttlMs) {
      await run(() => (ttlMs === undefined ? client.set(prefix + key, value) : client.set(prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)))));
    },
    async delete(keys) {
      if (keys.length === 0) return;
      const prefixed = keys.map((key) => prefix + key);
      // A Cluster refuses multi-key commands across hash slots, so there each key goes on its own.
      await run<unknown>(() => (plan.kind === 'cluster' ? Promise.all(prefixed.map((key) => client.unlink(key))) : client.unlink(...prefixed)));
    },
    async publish(channel, message) {
      await run(() => client.publish(prefix + channel, message));
    },
    async subscribe(channel, handler, onGap) {
      const prefixed = prefix + channel;
      const subscription: Subscription = { handler, onGap };
      // On the very first connection, wait so the subscription is live when this resolves; later outages do not block.
      if (!subscriberEverReady && !closed && subscriber.status !== 'ready') await whenFirstReady(subscriber).catch(() => undefined);
      let set = subscriptions.get(prefixed);
      if (set === undefined) {
        set = new Set();
        subscriptions.set(prefixed, set);
        // When not connected now, the 'ready' handler subscribes once Redis is back.
        if (subscriber.status === 'ready') await subscriber.subscribe(prefixed).catch(() => undefined);
      }
      set.add(subscription);
      return () => unsubscribe(prefixed, subscription);
    },
    async ping() {
      if (closed) return false;
      try {
        return (await run(() => client.ping())) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      subscriptions.clear();
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
