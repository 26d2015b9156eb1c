import type { Channel } from 'amqplib';
import type { QueueOptions } from '../../ports/queue/types.js';

/**
 * Delay tiers of the ladder, in ms: powers of two from 16 ms to 2^30 ms (about 12.4 days). Each tier is a queue
 * with that fixed `x-message-ttl`, so messages in it expire strictly in arrival order and never block each other
 * (per-message TTL would: RabbitMQ only expires messages at the head of a queue). A delay is spelled as a sum of
 * tiers, largest first; longer delays than the top tier simply take it several times.
 */
export const DELAY_TIERS_MS: readonly number[] = Array.from({ length: 27 }, (_, index) => 2 ** (index + 4));

/**
 * RabbitMQ priorities of a queue: 0..10 (the port uses 0..9). Classic queues only: RabbitMQ 3.10 quorum queues
 * have no message priorities.
 */
export const BROKER_MAX_PRIORITY = 10;

/** Names of every exchange and queue of one prefix. */
export interface TopologyNames {
  /** Direct exchange: routing key = the port's queue name, bound to that queue. */
  readonly jobsExchange: string;
  /** Fanout exchange in front of the one dead-letter queue. */
  readonly deadLetterExchange: string;
  readonly deadLetterQueue: string;
  /** The broker queue holding due jobs of `queue`. */
  jobQueue(queue: string): string;
  /** The ladder queue of `queue` whose messages wait `tierMs`. */
  delayQueue(queue: string, tierMs: number): string;
}

/**
 * Names of the topology under `prefix`.
 *
 * @example
 * topologyNames('weft').delayQueue('executions', 1024); // 'weft.delay.executions.1024'
 */
export function topologyNames(prefix: string): TopologyNames {
  return {
    jobsExchange: `${prefix}.jobs`,
    deadLetterExchange: `${prefix}.dead-letters`,
    deadLetterQueue: `${prefix}.dead-letters`,
    jobQueue: (queue) => `${prefix}.job.${queue}`,
    delayQueue: (queue, tierMs) => `${prefix}.delay.${queue}.${tierMs}`,
  };
}

/** The broker arguments of a job queue; a redeclare with other arguments is refused by the broker (406). */
export function jobQueueArguments(names: TopologyNames, options: QueueOptions): Record<string, unknown> {
  return {
    'x-queue-type': 'classic',
    'x-max-priority': BROKER_MAX_PRIORITY,
    'x-dead-letter-exchange': names.deadLetterExchange,
    ...(options.messageTtlMs === undefined ? {} : { 'x-message-ttl': options.messageTtlMs }),
  };
}

/** Declares the exchanges and the dead-letter queue shared by every job queue (idempotent). */
export async function declareSharedTopology(channel: Channel, names: TopologyNames): Promise<void> {
  await channel.assertExchange(names.jobsExchange, 'direct', { durable: true });
  await channel.assertExchange(names.deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(names.deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'classic' } });
  await channel.bindQueue(names.deadLetterQueue, names.deadLetterExchange, '');
}

/** Declares a job queue, its binding and its delay ladder (idempotent; 406 when `options` differ). */
export async function declareJobQueue(channel: Channel, names: TopologyNames, queue: string, options: QueueOptions): Promise<void> {
  const jobQueue = names.jobQueue(queue);
  await channel.assertQueue(jobQueue, { durable: true, arguments: jobQueueArguments(names, options) });
  await channel.bindQueue(jobQueue, names.jobsExchange, queue);
  // The ladder is declared with the queue (not lazily per tier) so that depth() of any process finds every tier.
  await Promise.all(
    DELAY_TIERS_MS.map((tierMs) =>
      channel.assertQueue(names.delayQueue(queue, tierMs), {
        durable: true,
        arguments: {
          'x-queue-type': 'classic',
          'x-message-ttl': tierMs,
          'x-dead-letter-exchange': names.jobsExchange,
          'x-dead-letter-routing-key': queue,
        },
      }),
    ),
  );
}

/** Every broker queue that belongs to `queue` (for depth and for removing test topology). */
export function queuesOf(names: TopologyNames, queue: string): string[] {
  return [names.jobQueue(queue), ...DELAY_TIERS_MS.map((tierMs) => names.delayQueue(queue, tierMs))];
}
