import type { Channel, ChannelModel } from 'amqplib';
import { errorMessage } from '../../core/errors/index.js';
import type { ConsumerChannel } from './delivery.js';
import type { ConsumerContext } from './receive.js';

/** How long a consumer waits before reopening a channel the broker closed (or a setup that failed). */
const REOPEN_DELAY_MS = 500;

/** A consumer's channel, reopened (and set up again) after every loss until stopped. */
export interface KeptChannel {
  current(): ConsumerChannel | undefined;
  /** Stops reopening. The current channel stays open, so deliveries already handed out can still be settled. */
  stop(): void;
  /** Cancels the consumer `setup` registered (the tag it returned) on the current channel, if that one is still open. */
  cancelConsumer(): Promise<void>;
  /** Closes the current channel (unsettled deliveries on it go back to their queues). */
  closeChannel(): Promise<void>;
}

/**
 * Opens a channel for one consumer and runs `setup` on it (qos, consume); does it again on every reconnect and
 * after the broker closed the channel (a consumer cancelled because its queue was deleted, a channel error). The
 * first opening fails the caller; later ones are retried in the background.
 *
 * @example
 * const kept = await keepConsumerChannel(context, 'consume executions', async (target) => { await target.channel.prefetch(4); ... });
 */
export async function keepConsumerChannel(
  context: ConsumerContext,
  what: string,
  setup: (target: ConsumerChannel) => Promise<string | void>,
): Promise<KeptChannel> {
  let current: ConsumerChannel | undefined;
  // The consumer tag `setup` returned, with the channel it belongs to.
  let consumer: { target: ConsumerChannel; tag: string } | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const open = async (connection: ChannelModel): Promise<void> => {
    const channel: Channel = await connection.createChannel();
    let open = true;
    const target: ConsumerChannel = { channel, connection, isOpen: () => open };
    channel.on('error', () => undefined);
    channel.on('close', () => {
      open = false;
      if (current === target) current = undefined;
      // After a connection loss the keeper reopens us through onConnected; here only channel-level losses remain.
      if (!stopped && context.keeper.current() === connection) scheduleRetry(connection);
    });
    current = target;
    try {
      const tag = await setup(target);
      if (typeof tag === 'string') consumer = { target, tag };
    } catch (error) {
      if (open) await channel.close().catch(() => undefined);
      throw error;
    }
  };

  const scheduleRetry = (connection: ChannelModel): void => {
    if (retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (stopped || context.keeper.current() !== connection || current !== undefined) return;
      open(connection).catch((error: unknown) => {
        context.logger.warn({ consumer: what, error: errorMessage(error) }, 'could not restart a RabbitMQ consumer; trying again');
        scheduleRetry(connection);
      });
    }, REOPEN_DELAY_MS);
    retryTimer.unref();
  };

  const first = await context.keeper.whenConnected(Date.now() + context.publishTimeoutMs, what);
  await open(first);
  const unregister = context.keeper.onConnected(async (connection) => {
    if (stopped) return;
    // A failure here must not fail the reconnect of everything else: retry this consumer on its own.
    await open(connection).catch((error: unknown) => {
      context.logger.warn({ consumer: what, error: errorMessage(error) }, 'could not restart a RabbitMQ consumer after reconnecting; trying again');
      scheduleRetry(connection);
    });
  });

  return {
    current: () => current,
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      unregister();
    },
    async cancelConsumer() {
      if (consumer !== undefined && consumer.target === current && consumer.target.isOpen()) {
        await consumer.target.channel.cancel(consumer.tag).catch(() => undefined);
      }
    },
    async closeChannel() {
      const target = current;
      current = undefined;
      if (target?.isOpen()) await target.channel.close().catch(() => undefined);
    },
  };
}
