import type { Message } from 'amqplib';
import { errorMessage } from '../../core/errors/index.js';
import { DEFAULT_PRIORITY, type JobHandler, type Subscription } from '../../ports/queue/types.js';
import { keepConsumerChannel } from './consumer-channel.js';
import { runHandler, type ConsumerChannel } from './delivery.js';
import { receive, type ConsumerContext } from './receive.js';

/**
 * Consumes several queues with priority ACROSS them, which RabbitMQ does not do by itself (each queue orders only
 * its own messages). The subscription pulls: whenever a handler slot is free it holds the head of every queue
 * (`basic.get`, one message per queue, so per-queue FIFO and priority are the broker's), hands the highest
 * priority one to the handler and keeps the others. When every queue is empty it arms "doorbells" (one
 * `basic.consume` per queue with prefetch 1); the first message pushed is held like a fetched head, the doorbells
 * are cancelled and pulling resumes. So an idle subscription costs nothing and a busy one one `basic.get` per job.
 *
 * Trade-offs, documented for operators: up to one held job per extra queue is invisible to other consumers while
 * held (it is neither waiting nor being handled); held jobs go back when the subscription stops, closes or its
 * process dies, and the broker then marks them redelivered, so such a job counts one delivery it never had.
 *
 * @example
 * const subscription = await startMergedConsumer(context, ['webhooks', 'executions'], handler, 4);
 */
export async function startMergedConsumer(context: ConsumerContext, queues: readonly string[], handler: JobHandler, prefetch: number): Promise<Subscription> {
  const heads = new Map<string, Message>();
  /** When each queue last had a job handed out: ties in priority go to the queue served longest ago. */
  const lastServed = new Map<string, number>(queues.map((queue) => [queue, 0]));
  let serial = 0;
  let target: ConsumerChannel | undefined;
  let handedOut = 0;
  let doorbells: { tags: string[]; arming: Promise<void>; disarming?: Promise<void> } | undefined;
  let pumping = false;
  let pumpAgain = false;
  let stopped = false;
  let stopping: Promise<void> | undefined;
  const log = (error: unknown, message: string): void => context.logger.warn({ queues, error: errorMessage(error) }, message);

  const priorityOf = (message: Message): number => {
    const priority = message.properties.priority as unknown;
    return typeof priority === 'number' ? priority : DEFAULT_PRIORITY;
  };

  const takeBest = (): [string, Message] | undefined => {
    let best: [string, Message] | undefined;
    for (const entry of heads) {
      if (best === undefined) best = entry;
      else {
        const [queue, message] = entry;
        const difference = priorityOf(message) - priorityOf(best[1]);
        if (difference > 0 || (difference === 0 && (lastServed.get(queue) ?? 0) < (lastServed.get(best[0]) ?? 0))) best = entry;
      }
    }
    if (best !== undefined) {
      heads.delete(best[0]);
      lastServed.set(best[0], (serial += 1));
    }
    return best;
  };

  const released = (): void => {
    handedOut -= 1;
    if (stopped) {
      if (handedOut === 0) void kept.closeChannel();
    } else void pump();
  };

  const dispatch = async (message: Message, on: ConsumerChannel): Promise<void> => {
    handedOut += 1;
    let done = false;
    const release = (): void => {
      if (done) return;
      done = true;
      released();
    };
    const delivery = await receive(message, on, context, release).catch((error: unknown) => {
      log(error, 'a job message could not be handled');
      return undefined;
    });
    if (delivery === undefined) release();
    else void runHandler(handler, delivery, log);
  };

  const armDoorbells = (on: ConsumerChannel): void => {
    const tags: string[] = [];
    const arming = (async () => {
      for (const queue of queues) {
        const reply = await on.channel.consume(context.names.jobQueue(queue), (message) => ring(queue, message, on));
        tags.push(reply.consumerTag);
      }
    })();
    doorbells = { tags, arming };
    arming.catch((error: unknown) => {
      log(error, 'could not wait for jobs on the queues; reopening the channel');
      void on.channel.close().catch(() => undefined);
    });
  };

  const disarm = (on: ConsumerChannel): Promise<void> => {
    const armed = doorbells;
    if (armed === undefined) return Promise.resolve();
    armed.disarming ??= (async () => {
      await armed.arming.catch(() => undefined);
      await Promise.all(armed.tags.map((tag) => on.channel.cancel(tag).catch(() => undefined)));
      if (doorbells === armed) doorbells = undefined;
    })();
    return armed.disarming;
  };

  const ring = (queue: string, message: Message | null, on: ConsumerChannel): void => {
    if (message === null) {
      // The broker cancelled a doorbell (its queue was deleted): reopening the channel declares it again.
      void on.channel.close().catch(() => undefined);
      return;
    }
    if (heads.has(queue) || target !== on) giveBack(on, message);
    else heads.set(queue, message);
    void disarm(on).then(() => pump());
  };

  /** Returns a held message to its queue (a closed channel has returned it already). */
  const giveBack = (on: ConsumerChannel, message: Message): void => {
    try {
      if (on.isOpen()) on.channel.nack(message, false, true);
    } catch {
      // Closed meanwhile: the broker has it back.
    }
  };

  const pump = async (): Promise<void> => {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        while (!stopped && doorbells === undefined && handedOut < prefetch) {
          const on = target;
          if (on === undefined || !on.isOpen()) break;
          const missing = queues.filter((queue) => !heads.has(queue));
          const fetched = await Promise.all(missing.map((queue) => on.channel.get(context.names.jobQueue(queue), { noAck: false })));
          if (target !== on || !on.isOpen()) break;
          missing.forEach((queue, index) => {
            const message = fetched[index];
            if (message) heads.set(queue, message);
          });
          if (stopped) break;
          const best = takeBest();
          if (best === undefined) {
            armDoorbells(on);
            break;
          }
          await dispatch(best[1], on);
        }
      } while (pumpAgain && !stopped);
    } catch (error) {
      // A get failed: the channel is broken (or closing with the connection). Closing it gives held jobs back;
      // the kept channel reopens.
      if (!stopped && target?.isOpen()) {
        log(error, 'pulling jobs failed; reopening the channel');
        await target.channel.close().catch(() => undefined);
      }
    } finally {
      pumping = false;
    }
  };

  const kept = await keepConsumerChannel(context, `consume the job queues ${queues.map((queue) => `"${queue}"`).join(', ')}`, async (fresh) => {
    for (const queue of queues) await context.declarations.ensure(queue, Date.now() + context.publishTimeoutMs, fresh.connection);
    // Messages held on the previous channel went back to the broker with it.
    heads.clear();
    doorbells = undefined;
    await fresh.channel.prefetch(1);
    target = fresh;
    void pump();
  });

  return {
    stop() {
      stopping ??= (async () => {
        stopped = true;
        kept.stop();
        const on = target;
        if (on?.isOpen()) {
          await disarm(on);
          for (const message of heads.values()) giveBack(on, message);
        }
        heads.clear();
        if (handedOut === 0) await kept.closeChannel();
      })();
      return stopping;
    },
  };
}
