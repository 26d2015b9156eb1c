import type { Message } from 'amqplib';
import { errorMessage } from '../../core/errors/index.js';
import type { DeadLetter, Subscription } from '../../ports/queue/types.js';
import { keepConsumerChannel } from './consumer-channel.js';
import type { ConsumerChannel } from './delivery.js';
import { MalformedMessage, deadLetterReason, decodeEnvelope, HEADERS } from './envelope.js';
import type { ConsumerContext } from './receive.js';

/** A dead letter whose handler rejected is offered again after this pause (so a failing handler does not spin). */
const REOFFER_DELAY_MS = 500;

/**
 * Offers the dead-letter queue to `handler`, one message at a time (prefetch 1), oldest first: acked when the
 * handler resolves, given back (nack with requeue, to the head of the queue) after a short pause when it rejects.
 *
 * @example
 * const subscription = await startDeadLetterConsumer(context, async (dead) => report(dead.job.id, dead.reason));
 */
export async function startDeadLetterConsumer(context: ConsumerContext, handler: (dead: DeadLetter) => Promise<void>): Promise<Subscription> {
  /** The live consumer: its channel and tag (replaced on every reopen). */
  let busy = false;
  let stopped = false;
  let stopping: Promise<void> | undefined;

  const onMessage = async (message: Message, target: ConsumerChannel): Promise<void> => {
    busy = true;
    try {
      await handler(toDeadLetter(message));
      settle(target, () => target.channel.ack(message));
    } catch (error) {
      context.logger.debug({ error: errorMessage(error) }, 'a dead-letter handler rejected; offering the dead letter again later');
      await new Promise((resolve) => setTimeout(resolve, REOFFER_DELAY_MS));
      settle(target, () => target.channel.nack(message, false, true));
    } finally {
      busy = false;
      if (stopped) await kept.closeChannel();
    }
  };

  const kept = await keepConsumerChannel(context, 'consume the dead-letter queue', async (target) => {
    await target.channel.prefetch(1);
    const reply = await target.channel.consume(context.names.deadLetterQueue, (message) => {
      if (message === null) void target.channel.close().catch(() => undefined);
      else void onMessage(message, target);
    });
    return reply.consumerTag;
  });

  return {
    stop() {
      stopping ??= (async () => {
        stopped = true;
        kept.stop();
        await kept.cancelConsumer();
        if (!busy) await kept.closeChannel();
      })();
      return stopping;
    },
  };
}

/** Acks or nacks unless the channel closed (then the broker has the message back, to offer it again). */
function settle(target: ConsumerChannel, how: () => void): void {
  try {
    if (target.isOpen()) how();
  } catch {
    // Closed meanwhile: same outcome.
  }
}

/**
 * What a dead-letter message says: Weft's own dead letters carry their reason; the broker's (a TTL that passed)
 * carry `x-death`, reported as `expired`.
 */
function toDeadLetter(message: Message): DeadLetter {
  const reason = deadLetterReason(message) ?? brokerReason(message);
  try {
    const envelope = decodeEnvelope(message);
    return { job: envelope.job, queue: envelope.queue, reason, deliveryCount: envelope.deliveries };
  } catch (error) {
    if (!(error instanceof MalformedMessage)) throw error;
    const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
    const queue = headers[HEADERS.queue];
    return {
      job: { id: String(message.properties.messageId ?? `amqp-message-${message.fields.deliveryTag}`), body: { content: message.content.toString('utf8') } },
      queue: typeof queue === 'string' ? queue : message.fields.routingKey,
      reason,
      deliveryCount: 0,
    };
  }
}

function brokerReason(message: Message): string {
  const deaths = (message.properties.headers as Record<string, unknown> | undefined)?.['x-death'];
  const latest = Array.isArray(deaths) ? (deaths[0] as { reason?: unknown } | undefined) : undefined;
  const reason = latest?.reason === undefined ? undefined : String(latest.reason);
  if (reason === undefined || reason === 'expired') return 'expired';
  return `dead-lettered by RabbitMQ: ${reason}`;
}
