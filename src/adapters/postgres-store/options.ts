/** Connection-pool limits of one PostgreSQL server (the primary or a replica). */
export interface PostgresPoolOptions {
  /** Most open connections per pool. Default 20. */
  readonly max?: number;
  /** Connections kept open even when idle. Default 0. */
  readonly min?: number;
  /** An idle connection above `min` is closed after this long. Default 30 000 ms. */
  readonly idleTimeoutMs?: number;
  /** Giving up on opening a connection (or waiting for a free one) after this long. Default 5 000 ms. */
  readonly connectionTimeoutMs?: number;
  /** The server cancels a statement running longer than this. Default 30 000 ms. */
  readonly statementTimeoutMs?: number;
}

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** The primary: `postgres://user:password@host:port/database` (WEFT_DATABASE_URL). */
  readonly url: string;
  /** Streaming replicas that serve listing and reporting reads (WEFT_DATABASE_READ_URL). */
  readonly readUrls?: readonly string[];
  /** 32-byte key that seals credential data (AES-256-GCM). */
  readonly encryptionKey: Uint8Array;
  readonly pool?: PostgresPoolOptions;
  /** The clock (epoch ms); tests pass a fake one. */
  readonly now?: () => number;
  /** Days of execution partitions `migrate()` creates ahead of today. Default 7. */
  readonly partitionDaysAhead?: number;
  /** How long a replica that failed is skipped before it is tried again. Default 5 000 ms. */
  readonly replicaRetryMs?: number;
}

/** Pool limits with every default filled in. */
export type ResolvedPoolOptions = Required<PostgresPoolOptions>;

/** The documented defaults: sized for one Weft process beside a handful of others on one PostgreSQL server. */
export const defaultPoolOptions: ResolvedPoolOptions = {
  max: 20,
  min: 0,
  idleTimeoutMs: 30_000,
  connectionTimeoutMs: 5_000,
  statementTimeoutMs: 30_000,
};

/** Fills in the pool defaults. */
export function resolvePoolOptions(pool: PostgresPoolOptions | undefined): ResolvedPoolOptions {
  return { ...defaultPoolOptions, ...stripUndefined(pool ?? {}) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
