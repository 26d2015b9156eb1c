import type { FastifyError, FastifyInstance } from 'fastify';
import { WeftError } from '../../core/errors/index.js';
import { errorCodes } from '../../core/errors/codes.js';

/** The body of every error answer. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/**
 * Installs the one error handler of the API on the root instance (not as an encapsulated plugin, so it covers
 * every route): a `WeftError` answers with its registry status and `{code, message, details}`; a schema
 * validation failure is a 400 `WEFT_E_INVALID_ARGUMENT` naming the path (`body/name must be string`); an
 * unknown route is a 404; anything else is a 500 with a generic message, logged with its stack server-side only.
 *
 * @example
 * const app = fastify(); installErrorHandling(app);
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | WeftError | Error, request, reply) => {
    if (error instanceof WeftError) {
      if (error.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(error.httpStatus).send(body(error.code, error.message, { ...error.details }));
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation !== undefined) {
      return reply.status(400).send(body('WEFT_E_INVALID_ARGUMENT', fastifyError.message, { context: fastifyError.validationContext ?? null }));
    }
    // Fastify's own client errors (malformed JSON, unsupported media type, body too large) carry a 4xx status
    // and a message written for the client.
    const status = fastifyError.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.status(status).send(body('WEFT_E_INVALID_ARGUMENT', fastifyError.message, { fastifyCode: fastifyError.code ?? null }));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send(body('WEFT_E_INTERNAL', errorCodes.WEFT_E_INTERNAL.summary, {}));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    return reply.status(404).send(body('WEFT_E_NOT_FOUND', `No route ${request.method} ${path}`, { method: request.method, path }));
  });
}

function body(code: string, message: string, details: Record<string, unknown>): ErrorBody {
  return { code, message, details };
}
