import type { FastifyReply } from 'fastify';
import type { WebhookBinaryBody } from '../../../core/node-api/index.js';

/** An HTTP answer to a webhook caller: status, headers and a body (an object is sent as JSON, a string as is) or a file. */
export interface WebhookAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** A file sent instead of `body`, base64 as it travelled (from Respond to Webhook or `firstEntryBinary`). */
  readonly binary?: WebhookBinaryBody;
}

/**
 * Sends an answer at the HTTP edge: a file becomes its bytes with its mime type (unless a header set another
 * type), a string goes as is, anything else as JSON. The length is always computed here, never taken from the
 * workflow's headers.
 *
 * @example
 * return sendAnswer(reply, { status: 200, body: { ok: true } });
 */
export function sendAnswer(reply: FastifyReply, answer: WebhookAnswer): FastifyReply {
  const { 'content-length': _length, ...headers } = answer.headers ?? {};
  void reply.headers(headers).code(answer.status);
  if (answer.binary) {
    if (!reply.hasHeader('content-type')) void reply.type(answer.binary.mimeType);
    return reply.send(Buffer.from(answer.binary.data, 'base64'));
  }
  if (answer.body === undefined || answer.body === null) return reply.send('');
  if (typeof answer.body === 'string' || reply.hasHeader('content-type')) return reply.send(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  return reply.send(answer.body);
}
