import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { WeftError } from '../../core/errors/index.js';
import type { ReadConsistency } from '../../ports/store/index.js';
import { describeTarget, isRecoveryConflict, isUnavailableError, toStoreError } from './errors.js';
import type { ResolvedPoolOptions } from './options.js';
import { openServerPool, type ServerPool } from './pool.js';
import type { Database } from './schema.js';

interface Replica extends ServerPool {
  /** Epoch ms (wall clock) before which this replica is skipped; 0 while healthy. */
  skipUntil: number;
}

/**
 * Work against one server: it gets the Kysely instance to query, and the server's pg pool for the hot statements
 * that skip query building (see hot-statements.ts).
 */
export type Work<T> = (db: Kysely<Database>, pool: pg.Pool) => Promise<T>;

/**
 * Sends work to the right server: writes and strong reads to the primary, replica reads round-robin to healthy
 * replicas. A replica that fails with a connection error is skipped for `replicaRetryMs` and the read is retried on
 * the next replica, then on the primary, so a replica outage never fails a read. Driver errors that mean "server
 * unavailable" leave as `WEFT_E_STORE_UNAVAILABLE`.
 */
export class ConnectionRouter {
  private readonly primary: ServerPool;
  private readonly replicas: Replica[];
  private nextReplica = 0;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(url: string, readUrls: readonly string[], limits: ResolvedPoolOptions, private readonly replicaRetryMs: number) {
    // Idle-connection errors need no action: pg drops the broken client and the next query opens a new one.
    this.primary = openServerPool(url, describeTarget(url), limits, 'weft-primary', () => undefined);
    this.replicas = readUrls.map((readUrl, index) => {
      const replica: Replica = {
        ...openServerPool(readUrl, describeTarget(readUrl), limits, `weft-replica-${index}`, () => {
          replica.skipUntil = Date.now() + this.replicaRetryMs;
        }),
        skipUntil: 0,
      };
      return replica;
    });
  }

  /** The primary's Kysely instance, for work that manages its own errors (migrations). */
  get primaryDb(): Kysely<Database> {
    this.assertOpen();
    return this.primary.db;
  }

  /** Runs writes and strong reads on the primary. */
  async onPrimary<T>(operation: string, work: Work<T>): Promise<T> {
    this.assertOpen();
    try {
      return await work(this.primary.db, this.primary.pool);
    } catch (error) {
      throw toStoreError(error, this.primary.target, operation);
    }
  }

  /** Runs a read where `consistency` allows: a healthy replica for 'replica' (if any), else the primary. */
  async read<T>(consistency: ReadConsistency, operation: string, work: Work<T>): Promise<T> {
    this.assertOpen();
    if (consistency === 'replica') {
      for (const replica of this.replicaOrder()) {
        try {
          const result = await work(replica.db, replica.pool);
          replica.skipUntil = 0;
          return result;
        } catch (error) {
          // A query cancelled by a recovery conflict (WAL replay needed its rows) is the replica doing its job:
          // answer from the primary this once without marking the replica down.
          if (isRecoveryConflict(error)) break;
          if (!isUnavailableError(error)) throw toStoreError(error, replica.target, operation);
          replica.skipUntil = Date.now() + this.replicaRetryMs;
        }
      }
    }
    return this.onPrimary(operation, work);
  }

  /** Pings every server; a replica that answers is marked healthy again. After close() everything is down. */
  async health(): Promise<{ primary: boolean; replicas: boolean[] }> {
    if (this.closed) return { primary: false, replicas: this.replicas.map(() => false) };
    const ping = async (server: ServerPool): Promise<boolean> => {
      try {
        await sql`select 1`.execute(server.db);
        return true;
      } catch {
        return false;
      }
    };
    const [primary, ...replicas] = await Promise.all([ping(this.primary), ...this.replicas.map(ping)]);
    this.replicas.forEach((replica, index) => {
      replica.skipUntil = replicas[index] === true ? 0 : Date.now() + this.replicaRetryMs;
    });
    return { primary: primary === true, replicas };
  }

  /** Closes every pool. Idempotent: every caller waits for the one closing. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= Promise.all([this.primary, ...this.replicas].map((server) => server.db.destroy())).then(() => undefined);
    return this.closing;
  }

  /** Healthy replicas (and those whose back-off has passed), starting at the round-robin position. */
  private replicaOrder(): Replica[] {
    const count = this.replicas.length;
    if (count === 0) return [];
    const start = this.nextReplica++ % count;
    const now = Date.now();
    const ordered: Replica[] = [];
    for (let i = 0; i < count; i += 1) {
      const replica = this.replicas[(start + i) % count];
      if (replica !== undefined && replica.skipUntil <= now) ordered.push(replica);
    }
    return ordered;
  }

  private assertOpen(): void {
    if (this.closed) throw new WeftError('WEFT_E_STORE_UNAVAILABLE', `The PostgreSQL store for ${this.primary.target} is closed`, { target: this.primary.target });
  }
}
