import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { LeaderLock } from '../../ports/lock/types.js';

/** Extends the lease only while the key still holds our token (another holder may have taken it after expiry). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the key only while it holds our token. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A LeaderLock over Redis: `SET key token NX PX ttl` takes the lease, a token-checked PEXPIRE renews it. When the
 * holder dies, the key expires after `ttlMs` and the next caller takes it. Unreachable Redis means "not leader"
 * (never two leaders because one could not check).
 *
 * @example
 * const lock = createRedisLock({ url: 'redis://127.0.0.1:6379' });
 * if (await lock.tryAcquire('weft:scheduler', 30_000)) fire();
 */
export function createRedisLock(options: { url: string; keyPrefix?: string }): LeaderLock {
  const client = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // Errors surface as failed commands (→ false); without a listener ioredis would report them as unhandled.
  client.on('error', () => undefined);
  const token = randomUUID();
  const prefix = options.keyPrefix ?? '';
  const held = new Set<string>();
  let connecting: Promise<void> | undefined;
  let closed = false;

  const ready = async (): Promise<void> => {
    if (client.status === 'ready') return;
    if (client.status === 'wait' || client.status === 'end') connecting ??= client.connect().finally(() => (connecting = undefined));
    if (connecting) await connecting;
    if ((client.status as string) !== 'ready') throw new Error('Redis is not connected');
  };

  const release = async (name: string): Promise<void> => {
    if (!held.delete(name)) return;
    try {
      await ready();
      await client.eval(RELEASE, 1, prefix + name, token);
    } catch {
      // Unreachable Redis: the lease runs out by itself after its TTL.
    }
  };

  return {
    async tryAcquire(name, ttlMs) {
      if (closed) return false;
      try {
        await ready();
        const key = prefix + name;
        const ttl = Math.max(1, Math.round(ttlMs));
        const taken = (await client.set(key, token, 'PX', ttl, 'NX')) === 'OK' || (await client.eval(RENEW, 1, key, token, String(ttl))) === 1;
        if (taken) held.add(name);
        else held.delete(name);
        return taken;
      } catch {
        held.delete(name);
        return false;
      }
    },
    release,
    async close() {
      if (closed) return;
      closed = true;
      for (const name of [...held]) await release(name);
      client.disconnect();
    },
  };
}
