import { timingSafeEqual } from 'node:crypto';
import type { Store } from '../../../ports/store/index.js';
import type { WebhookNodeSettings } from './webhook-nodes.js';

/** Why a webhook request was refused, with n8n's status and message; undefined when it may run. */
export interface AuthRefusal {
  readonly status: 401 | 403 | 500;
  readonly message: string;
}

/**
 * Checks a request against the webhook node's `authentication` (basic or header auth with the node's
 * `httpBasicAuth` / `httpHeaderAuth` credential, decrypted from the store). Secrets are compared in constant time
 * and never logged or echoed.
 */
export async function checkWebhookAuth(store: Store, hook: WebhookNodeSettings, headers: Readonly<Record<string, string | string[] | undefined>>): Promise<AuthRefusal | undefined> {
  if (hook.authentication === 'none') return undefined;
  const type = hook.authentication === 'basicAuth' ? 'httpBasicAuth' : 'httpHeaderAuth';
  const data = await credentialData(store, hook, type);
  if (!data) return { status: 500, message: 'No authentication data defined on node!' };

  if (hook.authentication === 'basicAuth') {
    const header = first(headers['authorization']);
    if (!header?.toLowerCase().startsWith('basic ')) return { status: 401, message: 'Authorization is required!' };
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    const ok = sameSecret(user, String(data['user'] ?? '')) && sameSecret(password, String(data['password'] ?? ''));
    return ok ? undefined : { status: 403, message: 'Authorization data is wrong!' };
  }
  const name = String(data['name'] ?? '').toLowerCase();
  const value = first(headers[name]);
  if (name === '' || value === undefined) return { status: 403, message: 'Authorization data is wrong!' };
  return sameSecret(value, String(data['value'] ?? '')) ? undefined : { status: 403, message: 'Authorization data is wrong!' };
}

async function credentialData(store: Store, hook: WebhookNodeSettings, type: string): Promise<Record<string, unknown> | undefined> {
  const reference = hook.node.credentials?.[type];
  const id = reference !== null && typeof reference === 'object' ? (reference as { id?: unknown }).id : undefined;
  if (typeof id !== 'string') return undefined;
  return store.getCredentialData(id);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Constant-time comparison, so response times do not leak how much of a secret matched. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
