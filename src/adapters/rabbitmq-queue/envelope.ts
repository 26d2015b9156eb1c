import type { Message, Options } from 'amqplib';
import { DEFAULT_PRIORITY, type JobMessage } from '../../ports/queue/types.js';

/** Header names Weft puts on every job message. */
export const HEADERS = {
  /** The port's queue name the job belongs to. */
  queue: 'x-weft-queue',
  /** Deliveries that already happened before this copy of the message was published. */
  deliveries: 'x-weft-deliveries',
  /** Epoch ms before which the job must not be handed to a handler. */
  due: 'x-weft-due',
  /** The job's own TTL in ms, counted from when it is due. */
  ttl: 'x-weft-ttl',
  /** Why the job was dead-lettered by Weft (absent on broker-made dead letters). */
  reason: 'x-weft-reason',
} as const;

/** Everything Weft knows about one job message, independent of its AMQP form. */
export interface JobEnvelope {
  readonly job: JobMessage;
  readonly queue: string;
  readonly priority: number;
  /** Deliveries before this copy (0 for a fresh job). */
  readonly deliveries: number;
  /** Epoch ms when the job is due; 0 = due at once. */
  readonly dueAt: number;
  readonly ttlMs: number | undefined;
}

/** An AMQP message that is not a Weft job (or a damaged one): it goes to the dead-letter queue as it is. */
export class MalformedMessage extends Error {}

/**
 * The AMQP body and properties of an envelope: persistent, with `expiration` only when the copy is due now (a
 * delayed copy's TTL starts when it is due, so the consumer checks it then).
 *
 * @example
 * const { content, properties } = encodeEnvelope(envelope, { brokerTtl: true });
 * channel.publish(exchange, envelope.queue, content, properties);
 */
export function encodeEnvelope(envelope: JobEnvelope, extra: { reason?: string; brokerTtl?: boolean } = {}): { content: Buffer; properties: Options.Publish } {
  const headers: Record<string, unknown> = {
    [HEADERS.queue]: envelope.queue,
    [HEADERS.deliveries]: envelope.deliveries,
  };
  if (envelope.dueAt > 0) headers[HEADERS.due] = envelope.dueAt;
  if (envelope.ttlMs !== undefined) headers[HEADERS.ttl] = envelope.ttlMs;
  if (extra.reason !== undefined) headers[HEADERS.reason] = extra.reason;
  const properties: Options.Publish = {
    persistent: true,
    priority: envelope.priority,
    contentType: 'application/json',
    timestamp: Math.floor(Date.now() / 1000),
    headers,
  };
  if (Buffer.byteLength(envelope.job.id) <= 255) properties.messageId = envelope.job.id;
  if (extra.brokerTtl === true && envelope.ttlMs !== undefined) properties.expiration = String(envelope.ttlMs);
  return { content: Buffer.from(JSON.stringify({ id: envelope.job.id, body: envelope.job.body })), properties };
}

/**
 * Reads a job message back; throws {@link MalformedMessage} when it is not one Weft wrote.
 *
 * @example
 * const envelope = decodeEnvelope(message); // envelope.deliveries + 1 is this delivery's count
 */
export function decodeEnvelope(message: Message): JobEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.content.toString('utf8'));
  } catch (error) {
    throw new MalformedMessage(`the message body is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new MalformedMessage('the message body is not a JSON object');
  const { id, body } = parsed as { id?: unknown; body?: unknown };
  if (typeof id !== 'string') throw new MalformedMessage('the message body has no string "id"');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MalformedMessage(`job ${id} has no object "body"`);
  const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
  const queue = headers[HEADERS.queue];
  if (typeof queue !== 'string') throw new MalformedMessage(`job ${id} has no ${HEADERS.queue} header`);
  const ttl = headerNumber(headers[HEADERS.ttl]);
  const priority = message.properties.priority as unknown;
  return {
    job: { id, body: body as Record<string, unknown> },
    queue,
    priority: typeof priority === 'number' ? priority : DEFAULT_PRIORITY,
    deliveries: headerNumber(headers[HEADERS.deliveries]) ?? 0,
    dueAt: headerNumber(headers[HEADERS.due]) ?? 0,
    ttlMs: ttl,
  };
}

/** The Weft reason header of a dead letter, if Weft dead-lettered it. */
export function deadLetterReason(message: Message): string | undefined {
  const reason = (message.properties.headers as Record<string, unknown> | undefined)?.[HEADERS.reason];
  if (typeof reason === 'string') return reason;
  if (Buffer.isBuffer(reason)) return reason.toString('utf8');
  return undefined;
}

/** Header numbers come back as numbers (int, long) or, from some clients, as strings. */
function headerNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
