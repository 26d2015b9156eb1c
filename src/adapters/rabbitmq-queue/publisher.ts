import type { ConfirmChannel, Options } from 'amqplib';
import { WeftError, errorMessage } from '../../core/errors/index.js';
import type { ConnectionKeeper } from './connection.js';

/** One message to publish: where it goes and what it is. */
export interface Outgoing {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly properties: Options.Publish;
  /** Names the message in errors, e.g. `job j-1 to queue executions`. */
  readonly what: string;
}

/**
 * Publishes on one shared confirm channel and resolves each publish on the broker's confirm. Many publishes in
 * flight share the channel, so the broker confirms them in batches (`multiple` acks) and throughput stays high.
 * A channel or connection lost before the confirm is not an error yet: the message is published again on the next
 * channel until the deadline (a duplicate is possible; delivery is at-least-once anyway).
 */
export interface ConfirmPublisher {
  /** Resolves once the broker confirmed `message`; WEFT_E_QUEUE_UNAVAILABLE when no confirm came by `deadline`. */
  publish(message: Outgoing, deadline: number): Promise<void>;
}

/**
 * @example
 * const publisher = createConfirmPublisher(keeper);
 * await publisher.publish({ exchange: 'weft.jobs', routingKey: 'executions', content, properties, what: 'job j-1' }, Date.now() + 10_000);
 */
export function createConfirmPublisher(keeper: ConnectionKeeper, safeUrl: string): ConfirmPublisher {
  let channel: ConfirmChannel | undefined;
  let opening: Promise<ConfirmChannel> | undefined;
  /** Set while the socket's write buffer is full: new publishes wait for it to drain. */
  let draining: Promise<void> | undefined;

  const openChannel = async (deadline: number, what: string): Promise<ConfirmChannel> => {
    const connection = await keeper.whenConnected(deadline, `publish ${what}`);
    const opened = await connection.createConfirmChannel();
    opened.on('error', () => undefined); // 'close' follows; the next publish opens a new channel
    opened.on('close', () => {
      if (channel === opened) channel = undefined;
    });
    channel = opened;
    return opened;
  };

  const currentChannel = (deadline: number, what: string): Promise<ConfirmChannel> => {
    if (channel !== undefined) return Promise.resolve(channel);
    opening ??= openChannel(deadline, what).finally(() => {
      opening = undefined;
    });
    return opening;
  };

  const publishOnce = (target: ConfirmChannel, message: Outgoing, deadline: number): Promise<'confirmed' | 'channel lost'> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `RabbitMQ at ${safeUrl} did not confirm ${message.what} in time`, { url: safeUrl })),
        Math.max(0, deadline - Date.now()),
      );
      const settle = (error: Error | null): void => {
        clearTimeout(timer);
        if (error === null) resolve('confirmed');
        else if (/nack/i.test(error.message)) reject(new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `RabbitMQ at ${safeUrl} refused ${message.what} (nack)`, { url: safeUrl }));
        else resolve('channel lost');
      };
      let written: boolean;
      try {
        written = target.publish(message.exchange, message.routingKey, message.content, message.properties, (error) => settle(error as Error | null));
      } catch {
        // The channel closed between choosing it and writing: publish again on the next one.
        clearTimeout(timer);
        if (channel === target) channel = undefined;
        resolve('channel lost');
        return;
      }
      if (!written && draining === undefined) {
        draining = new Promise<void>((done) => {
          const release = (): void => {
            target.off('drain', release);
            target.off('close', release);
            draining = undefined;
            done();
          };
          target.on('drain', release);
          target.on('close', release);
        });
      }
    });

  return {
    async publish(message, deadline) {
      for (;;) {
        if (draining) await draining;
        let target: ConfirmChannel;
        try {
          target = await currentChannel(deadline, message.what);
        } catch (error) {
          if (error instanceof WeftError) throw error;
          if (Date.now() >= deadline) throw new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `Cannot publish ${message.what}: ${errorMessage(error)}`, { url: safeUrl }, { cause: error });
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        if ((await publishOnce(target, message, deadline)) === 'confirmed') return;
        if (Date.now() >= deadline) throw new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `RabbitMQ at ${safeUrl} lost the channel before confirming ${message.what}`, { url: safeUrl });
      }
    },
  };
}
