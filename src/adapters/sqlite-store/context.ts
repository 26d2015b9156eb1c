import type { Kysely } from 'kysely';
import type { CredentialCipher } from '../store-common/index.js';
import type { RawAccess } from './raw-access.js';
import type { SqliteSchema } from './schema.js';

/** What the store's parts share: the connection (through Kysely, and raw for the hot statements), the clock, the cipher and the write-transaction runner. */
export interface SqliteContext {
  readonly db: Kysely<SqliteSchema>;
  /** Fixed statements straight on the connection, for the calls every execution makes (see hot-statements.ts). */
  readonly raw: RawAccess;
  readonly now: () => number;
  readonly cipher: CredentialCipher;
  /** Time-ordered ids, monotonic within this store (see `monotonicIds`). */
  readonly newId: (now: number) => string;
  /** Runs `work` in one `BEGIN IMMEDIATE` transaction. */
  write<T>(work: (trx: Kysely<SqliteSchema>) => Promise<T>): Promise<T>;
}
