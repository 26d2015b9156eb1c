import type { NodeParameters } from '../../../core/model/types.js';
import { isRecord } from '../../../core/model/is-record.js';

/**
 * The webhook node parameters n8n works out anew for every request, with the request (`{body, headers, params,
 * query}`) as the input item: the options, the response code, the response data and its binary property. Path,
 * method, response mode and authentication name the route and stay as activated.
 */
export const REQUEST_PARAMETERS: readonly string[] = ['options', 'responseCode', 'responseData', 'responseBinaryPropertyName'];

/**
 * Options taken as typed even when they look like expressions: "Allowed Origins" also answers CORS preflights,
 * which carry no request to evaluate against, and n8n reads it as typed too.
 */
export const FIXED_OPTIONS: ReadonlySet<string> = new Set(['allowedOrigins']);

/**
 * Whether any per-request parameter of a webhook node holds an expression (a string starting with `=`, at any
 * depth). Worked out once per node, so requests to webhooks without expressions skip evaluation entirely.
 *
 * @example
 * hasRequestExpressions({ path: 'orders', options: { ipWhitelist: '={{ $json.headers["x-net"] }}' } }); // true
 */
export function hasRequestExpressions(parameters: NodeParameters): boolean {
  for (const name of REQUEST_PARAMETERS) {
    const value = parameters[name];
    if (name === 'options' && isRecord(value)) {
      for (const [option, entry] of Object.entries(value)) if (!FIXED_OPTIONS.has(option) && holdsExpression(entry)) return true;
    } else if (holdsExpression(value)) {
      return true;
    }
  }
  return false;
}

function holdsExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.startsWith('=');
  if (Array.isArray(value)) return value.some(holdsExpression);
  if (isRecord(value)) return Object.values(value).some(holdsExpression);
  return false;
}
