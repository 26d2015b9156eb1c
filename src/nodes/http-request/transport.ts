import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { WeftError } from '../../core/errors/index.js';
import { assertOutboundAllowed, guardedLookup } from './outbound-guard.js';

/** One HTTP request as the node sends it (after auth, query and body were applied). */
export interface OutboundRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  /** Milliseconds for the whole exchange (connect, send, receive); 0 = no limit. */
  timeoutMs: number;
  followRedirects: boolean;
  maxRedirects: number;
  allowUnauthorizedCerts: boolean;
  signal: AbortSignal;
  /** Named in guard errors. */
  nodeName: string;
}

/** A complete response, body buffered. */
export interface InboundResponse {
  statusCode: number;
  statusMessage: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: URL;
}

/** A failure to exchange (connection refused, reset, timeout); `code` is Node's (`ECONNREFUSED`…). */
export class TransportError extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Sends a request and buffers the response, following redirects when asked. The outbound guard checks the first
 * URL and every redirect target before connecting, and again at DNS lookup time.
 */
export async function send(request: OutboundRequest): Promise<InboundResponse> {
  let current = request;
  for (let hop = 0; ; hop++) {
    await assertOutboundAllowed(request.nodeName, current.url);
    const response = await sendOnce(current);
    const location = response.headers.location;
    if (!current.followRedirects || !REDIRECTS.has(response.statusCode) || location === undefined) return response;
    if (hop >= current.maxRedirects) throw new TransportError(`Maximum number of redirects exceeded (${current.maxRedirects})`, 'ERR_FR_TOO_MANY_REDIRECTS');
    const next = new URL(location, current.url);
    const keepBody = response.statusCode === 307 || response.statusCode === 308;
    const headers = { ...current.headers };
    if (!keepBody) {
      delete headers['content-type'];
      delete headers['content-length'];
    }
    // Credentials stay with the origin they were meant for.
    if (next.origin !== current.url.origin) delete headers.authorization;
    current = {
      ...current,
      url: next,
      headers,
      method: keepBody || current.method === 'HEAD' ? current.method : 'GET',
      ...(keepBody ? {} : { body: undefined }),
    };
  }
}

function sendOnce(request: OutboundRequest): Promise<InboundResponse> {
  return new Promise((resolve, reject) => {
    if (request.signal.aborted) return reject(abortError(request.signal));
    const isHttps = request.url.protocol === 'https:';
    if (!isHttps && request.url.protocol !== 'http:') {
      return reject(new TransportError(`Unsupported protocol "${request.url.protocol}": use http or https`, 'ERR_INVALID_PROTOCOL'));
    }
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(request.body.length);
    const options: https.RequestOptions = {
      method: request.method,
      headers,
      lookup: guardedLookup(request.nodeName),
      ...(isHttps ? { rejectUnauthorized: !request.allowUnauthorizedCerts } : {}),
    };
    const req = (isHttps ? https : http).request(request.url, options);
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (timer) clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error): void => {
      finish();
      reject(error);
    };
    const onAbort = (): void => {
      req.destroy(abortError(request.signal));
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    if (request.timeoutMs > 0) {
      timer = setTimeout(() => req.destroy(new TransportError(`timeout of ${request.timeoutMs}ms exceeded`, 'ECONNABORTED')), request.timeoutMs);
    }
    req.on('error', (error) => fail(toTransportError(error)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => fail(toTransportError(error)));
      res.on('end', () => {
        finish();
        resolve({ statusCode: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks), url: request.url });
      });
    });
    req.end(request.body);
  });
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new TransportError('The request was aborted', 'ABORT_ERR');
}

function toTransportError(error: Error): Error {
  if (error instanceof TransportError || error instanceof WeftError || error.name === 'AbortError') return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return new TransportError(error.message, code, { cause: error });
  return error;
}
