import type { Channel, ChannelModel, Message } from 'amqplib';
import { WeftError, errorMessage } from '../../core/errors/index.js';
import type { Delivery } from '../../ports/queue/types.js';
import type { JobEnvelope } from './envelope.js';
import type { JobSender } from './job-sender.js';

/** A consumer channel and whether it is still open (settling on a closed one cannot work). */
export interface ConsumerChannel {
  readonly channel: Channel;
  /** The connection the channel belongs to. */
  readonly connection: ChannelModel;
  readonly isOpen: () => boolean;
}

/** What a delivery needs besides its message. */
export interface DeliveryContext {
  readonly sender: JobSender;
  readonly maxDeliveries: number;
  readonly safeUrl: string;
}

/**
 * Acks `message`, or fails with WEFT_E_QUEUE_UNAVAILABLE when its channel closed (the broker has given the job
 * back then; it is delivered again and counted).
 */
export function ackOn(target: ConsumerChannel, message: Message, what: string, safeUrl: string): void {
  const closed = (cause?: unknown): WeftError =>
    new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `Cannot settle ${what}: its channel to RabbitMQ at ${safeUrl} is closed; the broker delivers the job again`, { url: safeUrl }, { cause });
  if (!target.isOpen()) throw closed();
  try {
    target.channel.ack(message);
  } catch (error) {
    throw closed(error);
  }
}

/** A {@link Delivery} plus what its consumer needs to know about it. */
export interface TrackedDelivery extends Delivery {
  /** True once settled (or once its channel closed under it, when settling can no longer work). */
  readonly settled: boolean;
}

/**
 * Builds the delivery handed to a handler. It settles exactly once: `retry` republishes the job (confirmed) with
 * the delivery counted and then acks this copy; `deadLetter` publishes it to the dead-letter queue (confirmed) and
 * then acks. A settle that fails because the broker is unreachable leaves the delivery unsettled, so it can be
 * tried again; `onSettled` runs once, when the delivery is settled for good.
 *
 * @example
 * const delivery = createDelivery(envelope, 1, message, consumerChannel, context, () => slots.release());
 * await handler(delivery);
 */
export function createDelivery(
  envelope: JobEnvelope,
  deliveryCount: number,
  message: Message,
  target: ConsumerChannel,
  context: DeliveryContext,
  onSettled: () => void,
): TrackedDelivery {
  const what = `job ${envelope.job.id} of queue "${envelope.queue}"`;
  let state: 'open' | 'settling' | 'settled' = 'open';

  const settle = async (how: () => Promise<void>): Promise<void> => {
    if (state !== 'open') throw new WeftError('WEFT_E_CONFLICT', `The delivery of ${what} was already settled`, { job: envelope.job.id, queue: envelope.queue });
    if (!target.isOpen()) {
      markSettled();
      ackOn(target, message, what, context.safeUrl); // throws the explanation
    }
    state = 'settling';
    try {
      await how();
    } catch (error) {
      if (target.isOpen()) state = 'open';
      else markSettled();
      throw error;
    }
    markSettled();
  };

  const markSettled = (): void => {
    if (state === 'settled') return;
    state = 'settled';
    onSettled();
  };

  const deadLetter = async (reason: string): Promise<void> => {
    await context.sender.sendDead({ ...envelope, deliveries: deliveryCount }, reason);
    ackOn(target, message, what, context.safeUrl);
  };

  return {
    job: envelope.job,
    queue: envelope.queue,
    priority: envelope.priority,
    deliveryCount,
    get settled() {
      return state === 'settled';
    },
    ack: () => settle(async () => ackOn(target, message, what, context.safeUrl)),
    deadLetter: (reason) => settle(() => deadLetter(String(reason))),
    retry: ({ reason, delayMs = 0 }) =>
      settle(async () => {
        if (!(delayMs >= 0) || !Number.isFinite(delayMs)) {
          throw new WeftError('WEFT_E_INVALID_ARGUMENT', `retry delayMs must be a finite number >= 0 (got ${String(delayMs)}) for ${what}`, { delayMs });
        }
        if (deliveryCount >= context.maxDeliveries) return deadLetter(`delivered ${deliveryCount} times without success: ${String(reason)}`);
        await context.sender.send({ ...envelope, deliveries: deliveryCount, dueAt: delayMs > 0 ? Date.now() + delayMs : 0 });
        ackOn(target, message, what, context.safeUrl);
      }),
  };
}

/**
 * Runs `handler` on `delivery`; when it throws or rejects without settling, the delivery is retried with the
 * error's message as reason. Failures of that retry are logged (the job comes back to the queue either way).
 */
export async function runHandler(
  handler: (delivery: Delivery) => Promise<void>,
  delivery: TrackedDelivery,
  log: (error: unknown, message: string) => void,
): Promise<void> {
  try {
    await handler(delivery);
  } catch (error) {
    if (delivery.settled) return;
    await delivery.retry({ reason: errorMessage(error) }).catch((retryError: unknown) => log(retryError, `could not retry job ${delivery.job.id} after its handler failed`));
  }
}
