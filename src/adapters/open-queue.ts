import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WeftConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { JobQueue } from '../ports/queue/types.js';
import { createRabbitMqQueue } from './rabbitmq-queue/index.js';
import { createSqliteQueue } from './sqlite-queue/index.js';

/** Connecting to a broker that is down is retried after this, doubling up to the cap. */
const RETRY_FIRST_MS = 500;
const RETRY_CAP_MS = 15_000;

/** An opened queue with a printable location (no password). */
export interface OpenedQueue {
  readonly queue: JobQueue;
  readonly kind: 'sqlite' | 'rabbitmq';
  readonly location: string;
}

/**
 * Opens the queue the configuration asks for: RabbitMQ when `WEFT_QUEUE_URL` is set, else the embedded durable
 * queue `<dataDir>/queue.db`. A broker that is down at start is not a crash: the error is logged in words an
 * operator acts on and the connection retried with back-off until it works or `signal` aborts.
 *
 * @example
 * const { queue } = await openQueue(loadConfig(process.env), logger, shutdown.signal);
 */
export async function openQueue(config: WeftConfig, logger: Logger, signal?: AbortSignal): Promise<OpenedQueue> {
  if (config.queueUrl === '') {
    const file = join(config.dataDir, 'queue.db');
    const queue = await createSqliteQueue({
      file,
      maxDeliveries: config.queueMaxDeliveries,
      leaseMs: config.queueLeaseMs,
      busyTimeoutMs: Math.max(1, config.sqliteBusyTimeoutMs),
      logger,
    });
    return { queue, kind: 'sqlite', location: file };
  }
  const location = redactUrl(config.queueUrl);
  for (let attempt = 1, delay = RETRY_FIRST_MS; ; attempt++, delay = Math.min(RETRY_CAP_MS, delay * 2)) {
    signal?.throwIfAborted();
    try {
      const queue = await createRabbitMqQueue({
        url: config.queueUrl,
        prefix: config.queuePrefix,
        maxDeliveries: config.queueMaxDeliveries,
        publishTimeoutMs: config.queuePublishTimeoutMs,
        logger,
      });
      if (attempt > 1) logger.info({ queue: location, attempts: attempt }, 'connected to RabbitMQ');
      return { queue, kind: 'rabbitmq', location };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ queue: location, attempt, retryInMs: delay }, `RabbitMQ is not reachable (${message}); retrying — check WEFT_QUEUE_URL and that the broker runs`);
      await sleep(delay, undefined, signal ? { signal } : {});
    }
  }
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
