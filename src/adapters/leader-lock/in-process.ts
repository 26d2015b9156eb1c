import type { LeaderLock } from '../../ports/lock/types.js';

/** Who holds each lock name and until when (ms since epoch). */
export type InProcessLockTable = Map<string, { holder: symbol; expiresAt: number }>;

/** The table shared by in-process locks that are not given their own: one per process, as the embedded server has. */
const processTable: InProcessLockTable = new Map();

/**
 * The embedded LeaderLock: a lease in this process's memory. Enough when one process runs Weft (the embedded
 * default); several holders in one process (tests, two registrars) still see each other through the shared table.
 *
 * @example
 * const lock = createInProcessLock();
 * await lock.tryAcquire('weft:scheduler', 30_000); // → true
 */
export function createInProcessLock(options: { now?: () => number; table?: InProcessLockTable } = {}): LeaderLock {
  const now = options.now ?? Date.now;
  const table = options.table ?? processTable;
  const holder = Symbol('holder');
  let closed = false;

  const release = async (name: string): Promise<void> => {
    if (table.get(name)?.holder === holder) table.delete(name);
  };

  return {
    async tryAcquire(name, ttlMs) {
      if (closed) return false;
      const current = table.get(name);
      if (current && current.holder !== holder && current.expiresAt > now()) return false;
      table.set(name, { holder, expiresAt: now() + ttlMs });
      return true;
    },
    release,
    async close() {
      if (closed) return;
      closed = true;
      for (const [name, entry] of [...table]) if (entry.holder === holder) await release(name);
    },
  };
}
