import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/postgres.js';
import type { LeaderLock } from '../../ports/lock/types.js';
import { createInProcessLock, type InProcessLockTable } from './in-process.js';
import { createPostgresLock } from './postgres.js';
import { createRedisLock } from './redis.js';
import { openLeaderLock } from './open-leader-lock.js';
import { describeLeaderLockContract } from './lock-contract.test-util.js';

const redisUrl = process.env.WEFT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describeLeaderLockContract('in-process', async () => {
  const table: InProcessLockTable = new Map();
  const dead = new Set<LeaderLock>();
  return {
    ttlMs: 300,
    make: () => {
      const lock = createInProcessLock({ table });
      // A dead holder never calls again; the wrapper makes a call after death fail the way a new process would lose.
      return {
        tryAcquire: (name, ttlMs) => (dead.has(lock) ? Promise.resolve(false) : lock.tryAcquire(name, ttlMs)),
        release: (name) => lock.release(name),
        close: () => lock.close(),
      };
    },
    die: async (lock) => {
      dead.add(lock);
    },
  };
});

describeLeaderLockContract('PostgreSQL advisory lock', async () => {
  const database = await createTestDatabase('weft_lock');
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  return {
    ttlMs: 1_000,
    make: () => createPostgresLock({ url: database.url }),
    // Killing the leader's backend is what a crashed process or a cut connection looks like to PostgreSQL.
    die: async () => {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    },
    teardown: async () => {
      await admin.end();
      await database.drop();
    },
  };
});

describeLeaderLockContract('Redis', async () => {
  const dead = new Set<LeaderLock>();
  return {
    ttlMs: 500,
    make: () => {
      const lock = createRedisLock({ url: redisUrl });
      return {
        tryAcquire: (name, ttlMs) => (dead.has(lock) ? Promise.resolve(false) : lock.tryAcquire(name, ttlMs)),
        release: (name) => (dead.has(lock) ? Promise.resolve() : lock.release(name)),
        close: () => lock.close(),
      };
    },
    // A dead process stops renewing and never releases: its key must expire by itself.
    die: async (lock) => {
      dead.add(lock);
    },
  };
});

describe('openLeaderLock', () => {
  it('picks PostgreSQL, then Redis, then an in-process lock of its own', async () => {
    const locks = [
      openLeaderLock({ databaseUrl: 'postgres://127.0.0.1:1/none', redisUrl: '' }),
      openLeaderLock({ databaseUrl: '', redisUrl: 'redis://127.0.0.1:1' }),
      openLeaderLock({ databaseUrl: '', redisUrl: '' }),
      openLeaderLock({ databaseUrl: '', redisUrl: '' }),
    ];
    try {
      // Nothing listens on port 1: the PostgreSQL and Redis locks answer "not leader" instead of throwing.
      expect(await locks[0]?.tryAcquire('weft:test', 1_000)).toBe(false);
      expect(await locks[1]?.tryAcquire('weft:test', 1_000)).toBe(false);
      // Two embedded instances in one process do not share a lock.
      expect(await locks[2]?.tryAcquire('weft:test', 1_000)).toBe(true);
      expect(await locks[3]?.tryAcquire('weft:test', 1_000)).toBe(true);
    } finally {
      for (const lock of locks) await lock.close();
    }
  });
});
