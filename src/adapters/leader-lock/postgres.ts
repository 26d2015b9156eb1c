import pg from 'pg';
import type { LeaderLock } from '../../ports/lock/types.js';

/**
 * A LeaderLock over PostgreSQL session advisory locks (`pg_try_advisory_lock`) on one dedicated connection:
 * the lock lives exactly as long as that session, so a holder that dies or loses its connection loses the lock at
 * once and `ttlMs` is not needed. While held, each call checks the session is still alive; after a lost
 * connection the next call reconnects and competes again.
 *
 * @example
 * const lock = createPostgresLock({ url: 'postgres://weft@db/weft' });
 * if (await lock.tryAcquire('weft:scheduler', 30_000)) fire();
 */
export function createPostgresLock(options: { url: string }): LeaderLock {
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  const held = new Set<string>();
  let closed = false;

  const drop = (dead: pg.Client): void => {
    if (client !== dead) return;
    client = undefined;
    // The session is gone, and with it every advisory lock it held.
    held.clear();
    dead.end().catch(() => undefined);
  };

  const session = async (): Promise<pg.Client> => {
    if (client) return client;
    connecting ??= (async () => {
      const fresh = new pg.Client({ connectionString: options.url });
      fresh.on('error', () => drop(fresh));
      fresh.on('end', () => drop(fresh));
      await fresh.connect();
      client = fresh;
      return fresh;
    })().finally(() => (connecting = undefined));
    return connecting;
  };

  const query = async (text: string, name: string): Promise<boolean> => {
    const current = await session();
    try {
      const result = await current.query<{ ok: boolean }>(text, [name]);
      return result.rows[0]?.ok === true;
    } catch (error) {
      drop(current);
      throw error;
    }
  };

  return {
    async tryAcquire(name) {
      if (closed) return false;
      try {
        // Session locks stack: asking again while held would need as many unlocks, so a holder only checks that
        // its session (and so its lock) is still alive.
        if (held.has(name)) {
          if (await query('SELECT $1::text IS NOT NULL AS ok', name)) return held.has(name);
          return false;
        }
        const taken = await query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', name);
        if (taken) held.add(name);
        return taken;
      } catch {
        return false;
      }
    },
    async release(name) {
      if (!held.delete(name) || !client) return;
      try {
        await query('SELECT pg_advisory_unlock(hashtextextended($1, 0)) AS ok', name);
      } catch {
        // A lost session released the lock already.
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      held.clear();
      const current = client ?? (connecting ? await connecting.catch(() => undefined) : undefined);
      client = undefined;
      // Ending the session releases every advisory lock it held.
      await current?.end().catch(() => undefined);
    },
  };
}
