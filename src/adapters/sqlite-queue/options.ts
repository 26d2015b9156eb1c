import type { Logger } from '../../logging/logger.js';
import { WeftError } from '../../core/errors/index.js';

/** How the embedded queue is opened. */
export interface SqliteQueueOptions {
  /** Path of the queue's own SQLite file (the server uses `<dataDir>/queue.db`). */
  readonly file: string;
  /** A job delivered this many times without an ack is dead-lettered. Whole number >= 1. */
  readonly maxDeliveries: number;
  /**
   * How long a delivery stays reserved for its consumer without news from it (ms, default 30 s). A live
   * consumer renews its leases every leaseMs/3; when a process dies, its jobs are delivered again after this, or
   * within a second when another process of the same host has the queue open (it sees the owner is gone).
   */
  readonly leaseMs?: number;
  /** How often an idle consumer looks for jobs published by other processes (ms, default 50). */
  readonly pollMs?: number;
  /** How long a write waits for another process's write lock before failing (ms, default 5000). */
  readonly busyTimeoutMs?: number;
  /** How long a dead letter whose handler rejected waits before it is offered again (ms, default 1000). */
  readonly deadLetterRetryMs?: number;
  /** Where failures of background work (polling, lease renewal) are reported; silent by default. */
  readonly logger?: Logger;
}

/** The options with every default filled in and checked. */
export interface ResolvedQueueOptions {
  readonly file: string;
  readonly maxDeliveries: number;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly busyTimeoutMs: number;
  readonly deadLetterRetryMs: number;
  readonly logger: Logger | undefined;
}

export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_POLL_MS = 50;
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
export const DEFAULT_DEAD_LETTER_RETRY_MS = 1_000;

/** Fills in defaults; a value that is not a positive whole number is WEFT_E_INVALID_ARGUMENT naming the option. */
export function resolveQueueOptions(options: SqliteQueueOptions): ResolvedQueueOptions {
  if (typeof options.file !== 'string' || options.file === '') {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', 'The SQLite queue needs a file path (option file)', { option: 'file' });
  }
  return {
    file: options.file,
    maxDeliveries: positiveWhole('maxDeliveries', options.maxDeliveries),
    leaseMs: positiveWhole('leaseMs', options.leaseMs ?? DEFAULT_LEASE_MS),
    pollMs: positiveWhole('pollMs', options.pollMs ?? DEFAULT_POLL_MS),
    busyTimeoutMs: positiveWhole('busyTimeoutMs', options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS),
    deadLetterRetryMs: positiveWhole('deadLetterRetryMs', options.deadLetterRetryMs ?? DEFAULT_DEAD_LETTER_RETRY_MS),
    logger: options.logger,
  };
}

function positiveWhole(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `SQLite queue option ${option} must be a whole number >= 1, got ${String(value)}`, { option, value });
  }
  return value;
}
