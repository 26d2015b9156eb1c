import type { ResolvedQueueOptions } from './options.js';
import type { Settler } from './delivery.js';
import type { GroupCommitter } from './group-commit.js';
import type { QueueStatements } from './statements.js';
import type { WriteContext } from './writes.js';

/** What a queue instance lends its subscriptions. */
export interface QueueHost {
  readonly options: ResolvedQueueOptions;
  readonly committer: GroupCommitter;
  readonly statements: QueueStatements;
  readonly writes: WriteContext;
  readonly settler: Settler;
  /** False once close() (or abandon()) began: claims made after that are not handed out. */
  isOpen(): boolean;
  /** Something was dead-lettered in this process: dead-letter consumers look at once. */
  deadLettered(): void;
  /** Logs a failure of background work. */
  report(error: unknown, what: string): void;
}
