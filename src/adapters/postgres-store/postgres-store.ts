import { CredentialCipher, newId } from '../store-common/index.js';
import type { Store } from '../../ports/store/index.js';
import { postgresApiKeyStore } from './api-keys.js';
import type { PostgresContext } from './context.js';
import { postgresCredentialStore } from './credentials.js';
import { executionIds } from './execution-ids.js';
import { postgresExecutionStore } from './executions.js';
import { migrations } from './migrations/index.js';
import { runMigrations } from './migrator.js';
import { resolvePoolOptions, type PostgresStoreOptions } from './options.js';
import { DAY_MS, PartitionManager } from './partitions.js';
import { applyRetention } from './retention.js';
import { listRollups, rollupDay } from './rollups.js';
import { ConnectionRouter } from './router.js';
import { postgresWebhookStore } from './webhooks.js';
import { postgresWorkflowStore } from './workflows.js';

const DEFAULT_DAYS_AHEAD = 7;
const DEFAULT_REPLICA_RETRY_MS = 5_000;

/**
 * Builds the store over its pools without touching the database (pools connect lazily); `createPostgresStore`
 * adds the migration. Exposed for tests that need a store before the schema exists.
 */
export function openPostgresStore(options: PostgresStoreOptions): Store {
  const router = new ConnectionRouter(options.url, options.readUrls ?? [], resolvePoolOptions(options.pool), options.replicaRetryMs ?? DEFAULT_REPLICA_RETRY_MS);
  // Read the clock at call time (not a captured Date.now) so a faked Date is honoured.
  const now = options.now ?? (() => Date.now());
  const ctx: PostgresContext = {
    router,
    partitions: new PartitionManager(),
    cipher: new CredentialCipher(options.encryptionKey),
    now,
    newId: (at) => newId(at),
    newExecutionId: executionIds(),
  };
  const daysAhead = options.partitionDaysAhead ?? DEFAULT_DAYS_AHEAD;
  return {
    kind: 'postgres',
    ...postgresWorkflowStore(ctx),
    ...postgresExecutionStore(ctx),
    ...postgresCredentialStore(ctx),
    ...postgresWebhookStore(ctx),
    ...postgresApiKeyStore(ctx),
    applyRetention: (policy, at) => applyRetention(ctx, policy, at),
    rollupDay: (day) => rollupDay(ctx, day),
    listRollups: (query) => listRollups(ctx, query),
    prepareAhead: (until) => router.onPrimary('prepare partitions', (db) => ctx.partitions.prepareRange(db, now(), until)),
    async migrate() {
      await router.onPrimary('migrate', async (db) => {
        await runMigrations(db, migrations, now());
        await ctx.partitions.prepareRange(db, now(), now() + daysAhead * DAY_MS);
      });
    },
    health: () => router.health(),
    close: () => router.close(),
  };
}

/**
 * Opens the PostgreSQL store and applies pending migrations (creating a week of daily execution partitions
 * ahead). Pool defaults: max 20, min 0, idle timeout 30 s, connection timeout 5 s, statement timeout 30 s.
 * Listing and reporting reads go round-robin to `readUrls` replicas (skipping one that is down); everything
 * else, and `consistency: 'strong'` reads, to the primary.
 *
 * @example
 * const store = await createPostgresStore({
 *   url: 'postgres://weft@db:5432/weft',
 *   readUrls: ['postgres://weft@replica:5432/weft'],
 *   encryptionKey: loadEncryptionKey({ keyFile: '~/.weft/encryption.key' }),
 *   pool: { max: 30 },
 * });
 * const page = await store.listExecutions({ limit: 50 }); // served by the replica
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const store = openPostgresStore(options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
