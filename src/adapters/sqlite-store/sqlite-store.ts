import { sql } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { Store } from '../../ports/store/index.js';
import { CredentialCipher } from '../store-common/index.js';
import { sqliteApiKeyStore } from './api-keys.js';
import { sqliteCheckpointStore } from './checkpoints.js';
import { sqliteClaimStore } from './claims.js';
import { openSqlite } from './connection.js';
import type { SqliteContext } from './context.js';
import { sqliteCredentialStore } from './credentials.js';
import { sqliteExecutionStore } from './executions.js';
import { toStoreError } from './guard.js';
import { sqliteHistoryStore } from './history.js';
import { applySqliteMigrations } from './migrator.js';
import { sqliteMigrations } from './migrations/index.js';
import { monotonicIds } from './monotonic-ids.js';
import { rawAccess } from './raw-access.js';
import { sqliteStaleExecutionStore } from './stale-executions.js';
import { immediateTransaction } from './transaction.js';
import { sqliteWebhookStore } from './webhooks.js';
import { sqliteWorkflowStore } from './workflows.js';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Path of the database file (created when missing), or `:memory:` for a throw-away store. */
  readonly file: string;
  /** The 32-byte credential encryption key (see `loadEncryptionKey`). */
  readonly encryptionKey: Uint8Array;
  /** How long a write waits for another process's write lock before failing with WEFT_E_STORE_UNAVAILABLE (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /** The clock, in epoch ms (default `Date.now()`, read on every call). */
  readonly now?: () => number;
  /** Executions deleted per retention transaction (default 1000). */
  readonly retentionBatchSize?: number;
}

/**
 * Opens (creating when needed) the embedded SQLite store and applies pending migrations.
 *
 * @example
 * const store = await createSqliteStore({ file: join(dataDir, 'weft.db'), encryptionKey: loadEncryptionKey({ keyFile }) });
 * const workflow = await store.createWorkflow({ name: 'Hello', definition });
 * await store.close();
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const cipher = new CredentialCipher(options.encryptionKey);
  const clock = options.now ?? (() => Date.now());
  let connection: ReturnType<typeof openSqlite>;
  try {
    connection = openSqlite({ file: options.file, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 });
  } catch (error) {
    throw toStoreError(error, options.file);
  }
  const { db } = connection;
  const ctx: SqliteContext = { db, raw: rawAccess(connection.raw, db), now: clock, cipher, newId: monotonicIds(), write: (work) => immediateTransaction(db, work) };
  let closed: Promise<void> | undefined;

  /** Every operation: refused once closed, driver errors turned into Weft errors. */
  const guard = async <R>(call: () => Promise<R>): Promise<R> => {
    if (closed !== undefined) throw new WeftError('WEFT_E_STORE_UNAVAILABLE', `SQLite store ${options.file} is closed`, { file: options.file });
    try {
      return await call();
    } catch (error) {
      throw toStoreError(error, options.file);
    }
  };

  const operations = {
    ...sqliteWorkflowStore(ctx),
    ...sqliteExecutionStore(ctx),
    ...sqliteCheckpointStore(ctx),
    ...sqliteClaimStore(ctx),
    ...sqliteStaleExecutionStore(ctx),
    ...sqliteCredentialStore(ctx),
    ...sqliteWebhookStore(ctx),
    ...sqliteApiKeyStore(ctx),
    ...sqliteHistoryStore(ctx, { retentionBatchSize: options.retentionBatchSize ?? 1_000 }),
    async migrate(): Promise<void> {
      await applySqliteMigrations(db, sqliteMigrations, clock);
    },
    async health(): Promise<{ primary: boolean; replicas: boolean[] }> {
      await sql`select 1`.execute(db);
      return { primary: true, replicas: [] };
    },
  };

  const store = {
    kind: 'sqlite',
    ...guardAll(operations, guard),
    async health(): Promise<{ primary: boolean; replicas: boolean[] }> {
      try {
        return await guard(() => operations.health());
      } catch {
        return { primary: false, replicas: [] };
      }
    },
    close(): Promise<void> {
      closed ??= db.destroy();
      return closed;
    },
  } satisfies Store;

  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** Wraps every method of `operations` in `guard`. */
function guardAll<T extends Record<string, (...args: never[]) => Promise<unknown>>>(operations: T, guard: <R>(call: () => Promise<R>) => Promise<R>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(operations)) {
    wrapped[name] = (...args: never[]) => guard(() => method(...args));
  }
  return wrapped as T;
}
