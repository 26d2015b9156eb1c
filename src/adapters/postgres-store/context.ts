import type { CredentialCipher } from '../store-common/index.js';
import type { PartitionManager } from './partitions.js';
import type { ConnectionRouter } from './router.js';

/** What the parts of the PostgreSQL store share. */
export interface PostgresContext {
  readonly router: ConnectionRouter;
  readonly partitions: PartitionManager;
  readonly cipher: CredentialCipher;
  /** The clock, epoch ms. */
  now(): number;
  /** A new generic id (workflows, credentials). */
  newId(at: number): string;
  /** A new execution id; its timestamp is the row's `created_at`. */
  newExecutionId(at: number): string;
}
