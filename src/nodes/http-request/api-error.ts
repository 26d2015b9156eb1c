import { isBrokenCircuitError } from 'cockatiel';
import { NodeExecutionError, WeftError, errorMessage } from '../../core/errors/index.js';
import { TransportError } from './transport.js';

// n8n's NodeApiError messages, so workflows and users see the same text as in n8n.
const STATUS_MESSAGES: Record<string, string> = {
  '4XX': 'Your request is invalid or could not be processed by the service',
  '400': 'Bad request - please check your parameters',
  '401': 'Authorization failed - please check your credentials',
  '402': 'Payment required - perhaps check your payment details?',
  '403': 'Forbidden - perhaps check your credentials?',
  '404': 'The resource you are requesting could not be found',
  '405': 'Method not allowed - please check you are using the right HTTP method',
  '429': 'The service is receiving too many requests from you',
  '5XX': 'The service failed to process your request',
  '500': 'The service was not able to process your request',
  '502': 'Bad gateway - the service failed to handle your request',
  '503': 'Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)',
  '504': 'Gateway timed out - perhaps try again later?',
};

const CONNECTION_MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'The service refused the connection - perhaps it is offline',
  ECONNRESET: 'The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.',
  ENOTFOUND: 'The connection cannot be established, this usually occurs due to an incorrect host (domain) value',
  EAI_AGAIN: 'The connection cannot be established, this usually occurs due to an incorrect host (domain) value',
  EHOSTUNREACH: 'The connection cannot be established, this usually occurs due to an incorrect host (domain) value',
  ETIMEDOUT: "The connection timed out, consider setting the 'Retry on Fail' option in the node settings",
  ECONNABORTED: 'The connection was aborted, perhaps the server is offline',
};

/** An error answered by the remote service or its transport, in n8n's NodeApiError shape. */
export class NodeApiError extends NodeExecutionError {
  /** The HTTP status as a string (n8n's `httpCode`), when the service answered. */
  readonly httpCode: string | undefined;

  constructor(nodeName: string, message: string, options: { description?: string; httpCode?: string; itemIndex?: number; cause?: unknown }) {
    super(nodeName, message, {
      description: options.description,
      cause: options.cause,
      context: { ...(options.itemIndex === undefined ? {} : { itemIndex: options.itemIndex }), ...(options.httpCode === undefined ? {} : { httpCode: options.httpCode }) },
      itemIndex: options.itemIndex,
    });
    this.name = 'NodeApiError';
    this.httpCode = options.httpCode;
  }
}

/** The n8n message for an HTTP status. */
export function statusMessage(statusCode: number): string {
  return STATUS_MESSAGES[String(statusCode)] ?? (statusCode >= 500 ? STATUS_MESSAGES['5XX']! : STATUS_MESSAGES['4XX']!);
}

/** The error for a response with a failing status; the description carries the status and the service's body. */
export function statusError(nodeName: string, statusCode: number, body: unknown, itemIndex: number): NodeApiError {
  const shown = typeof body === 'string' ? body : JSON.stringify(body);
  return new NodeApiError(nodeName, statusMessage(statusCode), {
    httpCode: String(statusCode),
    description: `${statusCode} - ${JSON.stringify(shown ?? '')}`,
    itemIndex,
  });
}

/** Turns a transport failure or an open circuit into the node's error; node errors pass through. */
export function requestError(nodeName: string, error: unknown, itemIndex: number, host: string): Error {
  if (error instanceof NodeExecutionError) return error;
  if (isBrokenCircuitError(error)) {
    return new NodeApiError(nodeName, `The service at ${host} is failing repeatedly; requests to it are paused for a while`, {
      description: 'A circuit breaker opened after consecutive failures, so the service is not hammered. It lets a request through again after a cool-down.',
      itemIndex,
      cause: error,
    });
  }
  if (error instanceof WeftError) return error;
  // DNS failures come from node:dns with a `code` too, not only transport errors.
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (error instanceof TransportError || (error instanceof Error && typeof code === 'string')) {
    const key = String(code);
    return new NodeApiError(nodeName, CONNECTION_MESSAGES[key] ?? errorMessage(error), { description: errorMessage(error), httpCode: key, itemIndex, cause: error });
  }
  return new NodeApiError(nodeName, errorMessage(error), { itemIndex, cause: error });
}
