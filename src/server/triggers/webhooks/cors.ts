/** How long browsers may cache a preflight answer, in seconds (n8n's value). */
const PREFLIGHT_MAX_AGE_SECONDS = '300';

/**
 * The CORS header of an answer to a browser request from `origin`, per the webhook node's "Allowed Origins
 * (CORS)" (`allowedOrigins`: comma-separated origins, or `*`; empty means every origin, n8n's default). A
 * matching origin is echoed back (with `Vary: Origin`, since the answer depends on it); an origin not in the list
 * gets no `Access-Control-Allow-Origin`, so the browser withholds the answer from the page.
 *
 * @example
 * corsHeaders('https://app.example.com', 'https://app.example.com');
 * // {'access-control-allow-origin': 'https://app.example.com', vary: 'Origin'}
 */
export function corsHeaders(allowedOrigins: string, origin: string | undefined): Record<string, string> {
  if (origin === undefined || origin === '') return {};
  const allowed = allowedOrigins.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const matches = allowed.length === 0 || allowed.includes('*') || allowed.includes(origin);
  return matches ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
}

/** What a preflight (`OPTIONS`) request asks and which webhook methods exist at its path. */
export interface Preflight {
  readonly origin: string | undefined;
  /** `Access-Control-Request-Method`; the webhook node registered for it decides the allowed origins. */
  readonly requestedMethod: string | undefined;
  readonly requestedHeaders: string | undefined;
  /** The methods registered at the path. */
  readonly methods: readonly string[];
  /** The allowed origins of the node serving `requestedMethod`; undefined when no node does. */
  readonly allowedOrigins: string | undefined;
}

/**
 * The headers of n8n's preflight answer (sent with 204): the path's methods plus OPTIONS, the origin when the
 * node serving the requested method allows it, the requested headers echoed, and a 5 minute cache.
 *
 * @example
 * preflightHeaders({ origin: 'https://a.example', requestedMethod: 'POST', requestedHeaders: 'content-type', methods: ['POST'], allowedOrigins: '*' });
 */
export function preflightHeaders(preflight: Preflight): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-methods': ['OPTIONS', ...preflight.methods].join(', '),
    'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
  };
  if (preflight.requestedHeaders) headers['access-control-allow-headers'] = preflight.requestedHeaders;
  return preflight.allowedOrigins === undefined ? headers : { ...headers, ...corsHeaders(preflight.allowedOrigins, preflight.origin) };
}
