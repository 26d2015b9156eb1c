import type { Message } from 'amqplib';
import { errorMessage } from '../../core/errors/index.js';
import type { JobHandler, Subscription } from '../../ports/queue/types.js';
import { keepConsumerChannel } from './consumer-channel.js';
import { runHandler, type ConsumerChannel } from './delivery.js';
import { receive, type ConsumerContext } from './receive.js';

/**
 * Consumes one queue with `basic.consume` and `basic.qos(prefetch)`: the broker pushes at most `prefetch`
 * unacked messages, highest priority first. The channel is reopened (and the consumer restarted) after any loss.
 *
 * @example
 * const subscription = await startPushConsumer(context, 'executions', handler, 8);
 * await subscription.stop();
 */
export async function startPushConsumer(context: ConsumerContext, queue: string, handler: JobHandler, prefetch: number): Promise<Subscription> {
  /** The live consumer: its channel and tag (replaced on every reopen). */
  let unsettled = 0;
  let stopped = false;
  let stopping: Promise<void> | undefined;
  const log = (error: unknown, message: string): void => context.logger.warn({ queue, error: errorMessage(error) }, message);

  const onMessage = async (message: Message, target: ConsumerChannel): Promise<void> => {
    unsettled += 1;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      unsettled -= 1;
      if (stopped && unsettled === 0) void kept.closeChannel();
    };
    try {
      const delivery = await receive(message, target, context, release);
      if (delivery === undefined) release();
      else await runHandler(handler, delivery, log);
    } catch (error) {
      release();
      log(error, 'a job message could not be handled');
    }
  };

  const kept = await keepConsumerChannel(context, `consume the job queue "${queue}"`, async (target) => {
    await context.declarations.ensure(queue, Date.now() + context.publishTimeoutMs, target.connection);
    await target.channel.prefetch(prefetch);
    const reply = await target.channel.consume(context.names.jobQueue(queue), (message) => {
      // null: the broker cancelled the consumer (its queue was deleted); reopening declares it again.
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
        // Deliveries already handed out keep the channel open until they are settled.
        if (unsettled === 0) await kept.closeChannel();
      })();
      return stopping;
    },
  };
}
