import type { Message } from 'amqplib';
import { MalformedMessage, decodeEnvelope, type JobEnvelope } from './envelope.js';

/** What to do with a message that reached a consumer. */
export type Arrival =
  /** Hand it to the handler as delivery number `deliveryCount`. */
  | { readonly kind: 'deliver'; readonly envelope: JobEnvelope; readonly deliveryCount: number }
  /** It came back from a ladder tier before it is due: send it down the ladder again (not a delivery). */
  | { readonly kind: 'early'; readonly envelope: JobEnvelope }
  /** A consumer died holding it: that was delivery `lostDelivery`; republish counting it, or dead-letter it. */
  | { readonly kind: 'lost'; readonly envelope: JobEnvelope; readonly lostDelivery: number; readonly exhausted: boolean }
  /** Its TTL (counted from when it became due) passed before delivery. */
  | { readonly kind: 'expired'; readonly envelope: JobEnvelope }
  /** Not a Weft job message. */
  | { readonly kind: 'malformed'; readonly problem: string };

/**
 * Decides what an arriving message is. The broker flags `redelivered` on a message it gave back after a consumer
 * went away without settling it (crash, lost connection, close); that delivery never reached a settle call, so the
 * adapter counts it here, which is how a job that kills every consumer still reaches maxDeliveries.
 *
 * @example
 * const arrival = classifyArrival(message, Date.now(), 5);
 * if (arrival.kind === 'deliver') handler(makeDelivery(arrival));
 */
export function classifyArrival(message: Message, now: number, maxDeliveries: number): Arrival {
  let envelope: JobEnvelope;
  try {
    envelope = decodeEnvelope(message);
  } catch (error) {
    if (error instanceof MalformedMessage) return { kind: 'malformed', problem: error.message };
    throw error;
  }
  if (envelope.dueAt > now) return { kind: 'early', envelope };
  if (message.fields.redelivered) {
    const lostDelivery = envelope.deliveries + 1;
    return { kind: 'lost', envelope, lostDelivery, exhausted: lostDelivery >= maxDeliveries };
  }
  // A copy that came through the ladder lost its broker TTL on the way (dead-lettering strips `expiration`), so the
  // TTL is checked here; copies published due now carry it as `expiration` and the broker expires them.
  if (envelope.dueAt > 0 && envelope.ttlMs !== undefined && now > envelope.dueAt + envelope.ttlMs) return { kind: 'expired', envelope };
  return { kind: 'deliver', envelope, deliveryCount: envelope.deliveries + 1 };
}

/** The dead-letter reason of a job whose consumers kept dying. */
export function lostDeliveryReason(count: number): string {
  return `delivered ${count} times without success: the consumer went away without settling it (process died or connection lost)`;
}
