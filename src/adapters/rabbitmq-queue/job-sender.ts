import type { Message } from 'amqplib';
import { nextDelayTier } from './delay-ladder.js';
import { HEADERS, encodeEnvelope, type JobEnvelope } from './envelope.js';
import type { ConfirmPublisher } from './publisher.js';
import type { TopologyNames } from './topology.js';

/** Sends job envelopes where they belong: the job queue, the delay ladder, or the dead-letter queue. */
export interface JobSender {
  /** Publishes `envelope` to its queue, or down the delay ladder when it is not due yet; resolves on the confirm. */
  send(envelope: JobEnvelope): Promise<void>;
  /** Publishes `envelope` to the dead-letter queue with `reason`; resolves on the confirm. */
  sendDead(envelope: JobEnvelope, reason: string): Promise<void>;
  /** Moves a message that is not a Weft job to the dead-letter queue as it is, with `reason`. */
  sendDeadRaw(message: Message, reason: string): Promise<void>;
}

/**
 * @example
 * const sender = createJobSender(publisher, topologyNames('weft'), 10_000);
 * await sender.send({ job, queue: 'executions', priority: 4, deliveries: 0, dueAt: Date.now() + 5_000, ttlMs: undefined });
 */
export function createJobSender(publisher: ConfirmPublisher, names: TopologyNames, publishTimeoutMs: number): JobSender {
  const deadline = (): number => Date.now() + publishTimeoutMs;
  return {
    send(envelope) {
      const what = `job ${envelope.job.id} to queue "${envelope.queue}"`;
      const tierMs = nextDelayTier(envelope.dueAt - Date.now());
      if (tierMs === undefined) {
        // Due now: straight to the job queue, with the job's TTL enforced by the broker from this moment.
        const { content, properties } = encodeEnvelope(envelope, { brokerTtl: true });
        return publisher.publish({ exchange: names.jobsExchange, routingKey: envelope.queue, content, properties, what }, deadline());
      }
      // Not due: wait in one ladder tier; it dead-letters back into the job queue, where the consumer sends it down
      // the ladder again while it is still early.
      const { content, properties } = encodeEnvelope(envelope);
      return publisher.publish({ exchange: '', routingKey: names.delayQueue(envelope.queue, tierMs), content, properties, what }, deadline());
    },
    sendDead(envelope, reason) {
      const { content, properties } = encodeEnvelope(envelope, { reason });
      return publisher.publish({ exchange: names.deadLetterExchange, routingKey: envelope.queue, content, properties, what: `dead letter of job ${envelope.job.id}` }, deadline());
    },
    sendDeadRaw(message, reason) {
      const headers = { ...(message.properties.headers as Record<string, unknown> | undefined), [HEADERS.reason]: reason };
      const { contentType, messageId, priority } = message.properties as { contentType?: string; messageId?: string; priority?: number };
      const properties = { headers, persistent: true, contentType, messageId, priority };
      return publisher.publish(
        { exchange: names.deadLetterExchange, routingKey: '', content: message.content, properties, what: `dead letter of message ${String(message.properties.messageId ?? message.fields.deliveryTag)}` },
        deadline(),
      );
    },
  };
}
