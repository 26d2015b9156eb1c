import { WeftError } from '../../core/errors/index.js';
import { DEFAULT_PRIORITY, MAX_PRIORITY, type JobMessage, type JobQueue, type PublishOptions, type Subscription } from '../../ports/queue/types.js';
import { openConnectionKeeper } from './connection.js';
import { startDeadLetterConsumer } from './dead-letter-consumer.js';
import { createQueueDeclarations, type QueueDeclarations } from './declarations.js';
import { createJobSender } from './job-sender.js';
import { startMergedConsumer } from './merged-consumer.js';
import { resolveRabbitMqOptions, type RabbitMqQueueOptions } from './options.js';
import { createConfirmPublisher } from './publisher.js';
import { startPushConsumer } from './push-consumer.js';
import type { ConsumerContext } from './receive.js';
import { DELAY_TIERS_MS, declareSharedTopology, topologyNames, type TopologyNames } from './topology.js';

/**
 * The server JobQueue adapter over RabbitMQ (amqplib), with no broker plugins.
 *
 * Topology under `prefix` (declared idempotently at start and on every reconnect): a direct exchange
 * `<prefix>.jobs`; per port queue a durable CLASSIC queue `<prefix>.job.<name>` with `x-max-priority` 10 and
 * `x-dead-letter-exchange` → the fanout `<prefix>.dead-letters` in front of ONE durable dead-letter queue; a
 * queue's `messageTtlMs` is its `x-message-ttl`, a job's `ttlMs` its `expiration`. Classic, not quorum: RabbitMQ
 * 3.10 quorum queues have no message priorities, and priorities are part of the port. The price is no replication:
 * a job lives on the one node that hosts its queue (durable on its disk, but unavailable while that node is down).
 *
 * Publishing: persistent messages on one confirm channel; `publish` resolves on the broker's confirm (many
 * publishes in flight are confirmed in batches). During an outage it waits for the reconnect up to
 * `publishTimeoutMs`, then fails with WEFT_E_QUEUE_UNAVAILABLE.
 *
 * Delays: a ladder of 27 durable delay queues per port queue with fixed TTLs 16 ms … 2^30 ms that dead-letter
 * back into the job queue. A delayed job waits in the largest tier that fits and carries its due time
 * (`x-weft-due`); a job that comes back early goes down the ladder again before any handler sees it. Fixed TTL
 * per tier means no head-of-line blocking. A delayed job's `ttlMs` starts when it is due; dead-lettering strips
 * `expiration`, so for such jobs the consumer checks the TTL on arrival (an expired one is dead-lettered, never
 * delivered; it is counted in `depth` until a consumer sees it). Known limit of the ladder: between tiers a delayed
 * job passes through its job queue, so in a queue with `messageTtlMs` a delayed job can expire there (reason
 * `expired`) before it is due if no consumer runs for longer than that TTL.
 *
 * Deliveries: the `x-weft-deliveries` header counts past deliveries. `retry` republishes (confirmed) with the
 * count + 1 and then acks; a message the broker gives back after its consumer died arrives `redelivered` and is
 * republished the same way (or dead-lettered once it reached `maxDeliveries`), so it is counted although no one
 * settled it. Consuming one queue is the broker's push with `basic.qos(prefetch)`; several queues are pulled one
 * head per queue, to keep priority across them (see `merged-consumer.ts`). `depth` counts the job queue plus its
 * delay ladder.
 *
 * @example
 * const queue = await createRabbitMqQueue({ url: 'amqp://guest:guest@127.0.0.1:5672', maxDeliveries: 5, logger });
 * await queue.publish('executions', { id: 'job-1', body: { executionId: 'e-1' } }, { priority: 6 });
 * const subscription = await queue.consume(['executions'], async (delivery) => { await run(delivery.job); await delivery.ack(); }, { prefetch: 8 });
 */
export async function createRabbitMqQueue(options: RabbitMqQueueOptions): Promise<JobQueue> {
  const resolved = resolveRabbitMqOptions(options);
  const { safeUrl, logger } = resolved;
  const names = topologyNames(resolved.prefix);
  // Declarations need the keeper and the keeper's first listener needs the declarations: bind late.
  const holder: { declarations?: QueueDeclarations } = {};
  const keeper = await openConnectionKeeper(resolved, async (connection) => {
    if (holder.declarations) await holder.declarations.redeclare(connection);
    else {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await declareSharedTopology(channel, names);
      await channel.close();
    }
  });
  const declarations = createQueueDeclarations(keeper, names, safeUrl, resolved.publishTimeoutMs);
  holder.declarations = declarations;
  const sender = createJobSender(createConfirmPublisher(keeper, safeUrl), names, resolved.publishTimeoutMs);
  const context: ConsumerContext = { keeper, declarations, names, sender, logger, safeUrl, maxDeliveries: resolved.maxDeliveries, publishTimeoutMs: resolved.publishTimeoutMs };
  const subscriptions = new Set<Subscription>();

  const refuseWhenClosed = (action: string): void => {
    if (keeper.closed) throw new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `Cannot ${action}: the RabbitMQ job queue (${safeUrl}) is closed`, { url: safeUrl });
  };

  const track = (subscription: Subscription): Subscription => {
    const tracked: Subscription = {
      stop: async () => {
        subscriptions.delete(tracked);
        await subscription.stop();
      },
    };
    subscriptions.add(tracked);
    return tracked;
  };

  return {
    kind: 'rabbitmq',

    async declare(queue, queueOptions = {}) {
      refuseWhenClosed(`declare the job queue "${queue}"`);
      checkQueueName(names, queue);
      const ttl = queueOptions.messageTtlMs;
      if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0)) {
        throw new WeftError('WEFT_E_INVALID_ARGUMENT', `messageTtlMs of the job queue "${queue}" must be a whole number >= 0 (got ${ttl})`, { queue, messageTtlMs: ttl });
      }
      await declarations.declare(queue, queueOptions);
    },

    async publish(queue, job, publishOptions = {}) {
      refuseWhenClosed(`publish to the job queue "${queue}"`);
      checkQueueName(names, queue);
      checkJob(queue, job);
      const { priority, delayMs, ttlMs } = checkPublishOptions(queue, publishOptions);
      const deadline = Date.now() + resolved.publishTimeoutMs;
      await declarations.ensure(queue, deadline);
      await sender.send({ job, queue, priority, deliveries: 0, dueAt: delayMs > 0 ? Date.now() + delayMs : 0, ttlMs });
    },

    async consume(queues, handler, consumeOptions) {
      refuseWhenClosed('consume');
      const { prefetch } = consumeOptions;
      if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 65_535) {
        throw new WeftError('WEFT_E_INVALID_ARGUMENT', `prefetch must be a whole number from 1 to 65535 (got ${prefetch})`, { prefetch });
      }
      const unique = [...new Set(queues)];
      if (unique.length === 0) throw new WeftError('WEFT_E_INVALID_ARGUMENT', 'consume needs at least one queue name', { queues });
      unique.forEach((queue) => checkQueueName(names, queue));
      const subscription = unique.length === 1 ? await startPushConsumer(context, unique[0] as string, handler, prefetch) : await startMergedConsumer(context, unique, handler, prefetch);
      return track(subscription);
    },

    async consumeDeadLetters(handler) {
      refuseWhenClosed('consume dead letters');
      return track(await startDeadLetterConsumer(context, handler));
    },

    async depth(queue) {
      refuseWhenClosed(`read the depth of the job queue "${queue}"`);
      checkQueueName(names, queue);
      return declarations.depth(queue, Date.now() + resolved.publishTimeoutMs);
    },

    async health() {
      if (keeper.closed || keeper.current() === undefined) return false;
      try {
        await declarations.ping(Date.now() + Math.min(2_000, resolved.publishTimeoutMs));
        return true;
      } catch {
        return false;
      }
    },

    async close() {
      if (!keeper.closed) {
        const stopping = [...subscriptions].map((subscription) => subscription.stop().catch(() => undefined));
        subscriptions.clear();
        await Promise.all(stopping);
      }
      // Closing the connection closes every channel: the broker gives unsettled deliveries back.
      await keeper.close();
    },
  };
}

/** AMQP names are short strings: at most 255 bytes. */
const MAX_BROKER_NAME_BYTES = 255;

/** Refuses names that are empty, have white space, or make a broker name (the longest: a delay tier) too long. */
function checkQueueName(names: TopologyNames, queue: string): void {
  const longest = typeof queue === 'string' ? Buffer.byteLength(names.delayQueue(queue, DELAY_TIERS_MS[DELAY_TIERS_MS.length - 1] as number)) : 0;
  if (typeof queue !== 'string' || queue.length === 0 || /\s/.test(queue) || longest > MAX_BROKER_NAME_BYTES) {
    throw new WeftError(
      'WEFT_E_INVALID_ARGUMENT',
      `The job queue name "${String(queue)}" must be non-empty, without white space, and short enough that "${names.delayQueue(String(queue), 0)}…" stays within ${MAX_BROKER_NAME_BYTES} bytes`,
      { queue },
    );
  }
}

function checkJob(queue: string, job: JobMessage): void {
  if (typeof job?.id !== 'string' || job.id.length === 0) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `A job published to "${queue}" needs a non-empty string id`, { queue });
  }
  if (typeof job.body !== 'object' || job.body === null || Array.isArray(job.body)) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `The body of job ${job.id} (queue "${queue}") must be a JSON object`, { queue, job: job.id });
  }
}

function checkPublishOptions(queue: string, options: PublishOptions): { priority: number; delayMs: number; ttlMs: number | undefined } {
  const priority = options.priority ?? DEFAULT_PRIORITY;
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `priority must be a whole number from 0 to ${MAX_PRIORITY} (got ${priority}) for a job to "${queue}"`, { queue, priority });
  }
  const delayMs = options.delayMs ?? 0;
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `delayMs must be a finite number >= 0 (got ${delayMs}) for a job to "${queue}"`, { queue, delayMs });
  }
  const ttlMs = options.ttlMs;
  if (ttlMs !== undefined && (!Number.isInteger(ttlMs) || ttlMs < 0)) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `ttlMs must be a whole number >= 0 (got ${ttlMs}) for a job to "${queue}"`, { queue, ttlMs });
  }
  return { priority, delayMs, ttlMs };
}
