import type { Message } from 'amqplib';
import { errorMessage } from '../../core/errors/index.js';
import type { Logger } from '../../logging/logger.js';
import { classifyArrival, lostDeliveryReason } from './arrival.js';
import type { ConnectionKeeper } from './connection.js';
import type { QueueDeclarations } from './declarations.js';
import { ackOn, createDelivery, type ConsumerChannel, type DeliveryContext, type TrackedDelivery } from './delivery.js';
import type { TopologyNames } from './topology.js';

/** Everything a consumer needs from the adapter. */
export interface ConsumerContext extends DeliveryContext {
  readonly keeper: ConnectionKeeper;
  readonly declarations: QueueDeclarations;
  readonly names: TopologyNames;
  readonly logger: Logger;
  /** Bounds waiting for the connection when a consumer starts. */
  readonly publishTimeoutMs: number;
}

/** How long a message whose internal handling failed waits before it is given back to the broker. */
const GIVE_BACK_DELAY_MS = 1_000;

/**
 * Takes a message that reached a consumer. Jobs that are due become a {@link TrackedDelivery} for the handler;
 * everything else is handled here and never reaches the handler: an early job goes down the delay ladder again, a
 * job a dead consumer held is republished with that delivery counted (or dead-lettered once maxDeliveries is
 * reached), an expired one and a malformed message go to the dead-letter queue. When that handling fails (broker
 * unreachable) the message is given back after a pause, so it is neither lost nor spun on.
 *
 * @example
 * const delivery = await receive(message, consumerChannel, context, () => slots.release());
 * if (delivery) void runHandler(handler, delivery, log);
 */
export async function receive(message: Message, target: ConsumerChannel, context: ConsumerContext, onSettled: () => void): Promise<TrackedDelivery | undefined> {
  const arrival = classifyArrival(message, Date.now(), context.maxDeliveries);
  if (arrival.kind === 'deliver') return createDelivery(arrival.envelope, arrival.deliveryCount, message, target, context, onSettled);
  const what = arrival.kind === 'malformed' ? `message ${String(message.properties.messageId ?? message.fields.deliveryTag)}` : `job ${arrival.envelope.job.id}`;
  try {
    switch (arrival.kind) {
      case 'early':
        await context.sender.send(arrival.envelope);
        break;
      case 'lost':
        if (arrival.exhausted) await context.sender.sendDead({ ...arrival.envelope, deliveries: arrival.lostDelivery }, lostDeliveryReason(arrival.lostDelivery));
        else await context.sender.send({ ...arrival.envelope, deliveries: arrival.lostDelivery, dueAt: 0 });
        break;
      case 'expired':
        await context.sender.sendDead(arrival.envelope, 'expired');
        break;
      case 'malformed':
        context.logger.warn({ queue: message.fields.routingKey, problem: arrival.problem }, 'a message in a job queue is not a Weft job; moving it to the dead-letter queue');
        await context.sender.sendDeadRaw(message, `malformed job message: ${arrival.problem}`);
        break;
    }
    ackOn(target, message, what, context.safeUrl);
  } catch (error) {
    context.logger.warn({ error: errorMessage(error), job: what, action: arrival.kind }, 'could not pass on a job message; giving it back to the queue');
    setTimeout(() => {
      if (!target.isOpen()) return; // the broker has it back already
      try {
        target.channel.nack(message, false, true);
      } catch {
        // Closed meanwhile: same outcome.
      }
    }, GIVE_BACK_DELAY_MS).unref();
  }
  return undefined;
}
