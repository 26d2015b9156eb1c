import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { ResolvedPoolOptions } from './options.js';
import type { Database } from './schema.js';

const INT8_OID = 20;

/**
 * `bigint` columns (epoch-ms times, counts) come back as numbers instead of strings. Set per pool, not through
 * pg's global type registry, so other users of `pg` in the process are not affected.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** One server's pool and the Kysely instance over it. */
export interface ServerPool {
  readonly db: Kysely<Database>;
  readonly pool: pg.Pool;
  /** `host:port`, for messages. */
  readonly target: string;
}

/**
 * Opens a pool (lazily: no connection is made until the first query) with the given limits. Errors of
 * connections outside a query (the server restarted) are passed to `onIdleError`: pg would otherwise crash the
 * process with an unhandled 'error' event; the broken client is dropped by the pool and a new one opened on the
 * next query.
 */
export function openServerPool(url: string, target: string, limits: ResolvedPoolOptions, applicationName: string, onIdleError: (error: Error) => void): ServerPool {
  const pool = new pg.Pool({
    connectionString: url,
    max: limits.max,
    min: limits.min,
    idleTimeoutMillis: limits.idleTimeoutMs,
    connectionTimeoutMillis: limits.connectionTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    // Without it a transaction left open by a crashed caller would hold its locks until the socket dies.
    idle_in_transaction_session_timeout: Math.max(limits.statementTimeoutMs * 2, 60_000),
    application_name: applicationName,
    keepAlive: true,
    types,
  });
  pool.on('error', onIdleError);
  // pg-pool listens for errors only while a client is idle; a server shutdown that hits a checked-out client
  // between two queries would be an uncaught exception. The broken client is dropped when it is released.
  pool.on('connect', (client) => client.on('error', onIdleError));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool, target };
}
