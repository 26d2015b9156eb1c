import { isbot } from 'isbot';
import type { AuthRefusal } from './check-auth.js';
import { isIpAllowed } from './ip-allowlist.js';
import type { WebhookNodeSettings } from './webhook-nodes.js';

/**
 * The webhook node's request filters, checked before its authentication as n8n does: a caller outside the
 * "IP(s) Allowlist" and, with "Ignore Bots", a link previewer or crawler (by its User-Agent) are refused with 403.
 * Undefined when the request may go on.
 *
 * @example
 * const refusal = refuseByOptions(hook, request.ip, request.headers['user-agent']);
 */
export function refuseByOptions(hook: WebhookNodeSettings, ip: string, userAgent: string | undefined): AuthRefusal | undefined {
  if (!isIpAllowed(hook.options.ipWhitelist, ip)) return { status: 403, message: 'IP is not whitelisted to access the webhook!' };
  if (hook.options.ignoreBots && isbot(userAgent)) return { status: 403, message: 'Requests from bots are ignored by this webhook' };
  return undefined;
}
