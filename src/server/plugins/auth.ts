import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WeftError } from '../../core/errors/index.js';
import type { Authenticate } from '../types.js';

/** The header carrying the API key (n8n uses X-N8N-API-KEY). */
export const apiKeyHeaderName = 'X-WEFT-API-KEY';
/** Node lower-cases incoming header names. */
const apiKeyHeader = apiKeyHeaderName.toLowerCase();

/** Route prefixes of the webhook endpoints: they authenticate by the webhook node's own settings, not by API key. */
const webhookPrefixes = ['/webhook/', '/webhook-test/'];

/**
 * Whether a request may skip the API key: routes marked `config: { public: true }` (health, readiness) and the
 * webhook routes. Decided by the matched route pattern, never by the raw URL, so `/webhook/../api/v1/…` tricks
 * cannot reach an API route; unmatched URLs (404s) need a key too, so route names are not enumerable anonymously.
 */
export function isPublicRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions;
  if (route.config.public === true) return true;
  const pattern = route.url;
  return pattern !== undefined && webhookPrefixes.some((prefix) => pattern.startsWith(prefix));
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Requires `X-WEFT-API-KEY` (or `Authorization: Bearer <key>`) on every non-public route, checked by `authenticate`; a missing or unknown key is a
 * 401 `WEFT_E_UNAUTHORIZED`. Installed on the root instance so that it covers every route registered afterwards.
 *
 * @example
 * installAuth(app, createApiKeyAuthenticator(store));
 */
export function installAuth(app: FastifyInstance, authenticate: Authenticate): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    if (isPublicRoute(request)) return;
    const header = request.headers[apiKeyHeader];
    // `Authorization: Bearer <key>` is accepted too: Prometheus scrapers can send only that.
    const value = (Array.isArray(header) ? header[0] : header) ?? bearerToken(request.headers.authorization);
    const principal = value === undefined || value === '' ? undefined : await authenticate(value);
    if (principal === undefined || principal === null || principal === false) {
      // The message never echoes the key that was sent.
      throw new WeftError('WEFT_E_UNAUTHORIZED', value === undefined ? 'The header X-WEFT-API-KEY is missing' : 'The API key is not valid', {
        header: apiKeyHeaderName,
      });
    }
    request.principal = principal;
  });
}
