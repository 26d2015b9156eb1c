import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { NodeExecutionError } from '../../core/errors/index.js';

/** Which destinations outbound requests may reach besides public addresses. */
export interface OutboundGuardOptions {
  /** Allow loopback, private, link-local and unspecified addresses (a trusted network only). */
  allowPrivate: boolean;
  /** Host names or IP literals that are always allowed, whatever they resolve to (`localhost`, `10.0.0.5`). */
  allowHosts: string[];
}

// Addresses an outbound request must never reach by default: the machine itself, the private network behind it,
// and cloud metadata endpoints (169.254.169.254). Checked after DNS resolution, so a public name pointing there
// is refused too.
const blocked = new BlockList();
blocked.addSubnet('0.0.0.0', 8, 'ipv4');
blocked.addSubnet('10.0.0.0', 8, 'ipv4');
blocked.addSubnet('100.64.0.0', 10, 'ipv4');
blocked.addSubnet('127.0.0.0', 8, 'ipv4');
blocked.addSubnet('169.254.0.0', 16, 'ipv4');
blocked.addSubnet('172.16.0.0', 12, 'ipv4');
blocked.addSubnet('192.168.0.0', 16, 'ipv4');
blocked.addAddress('::', 'ipv6');
blocked.addAddress('::1', 'ipv6');
blocked.addSubnet('fc00::', 7, 'ipv6');
blocked.addSubnet('fe80::', 10, 'ipv6');

let settings: OutboundGuardOptions = { allowPrivate: false, allowHosts: [] };

/**
 * Sets the process-wide outbound policy of the HTTP Request node (from WEFT_HTTP_ALLOW_PRIVATE and
 * WEFT_HTTP_ALLOW_HOSTS; the engine calls this when it starts).
 *
 * @example
 * configureOutboundGuard({ allowPrivate: false, allowHosts: ['localhost'] });
 */
export function configureOutboundGuard(options: OutboundGuardOptions): void {
  settings = { allowPrivate: options.allowPrivate, allowHosts: options.allowHosts.map(normalizeHost) };
}

/** The policy in force, for tests that change it and put it back. */
export function outboundGuardSettings(): OutboundGuardOptions {
  return { allowPrivate: settings.allowPrivate, allowHosts: [...settings.allowHosts] };
}

/** True when `address` (an IP literal) is loopback, private, link-local or unspecified. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return blocked.check(mapped[1], 'ipv4');
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

function hostAllowed(host: string): boolean {
  return settings.allowPrivate || settings.allowHosts.includes(normalizeHost(host));
}

function refusal(nodeName: string, host: string, address: string): NodeExecutionError {
  return new NodeExecutionError(nodeName, `The host "${host}" is not allowed: it resolves to the private or local address ${address}`, {
    description: 'Requests to loopback, private, link-local and unspecified addresses are refused. Set WEFT_HTTP_ALLOW_HOSTS (or WEFT_HTTP_ALLOW_PRIVATE on a trusted network) to allow them.',
    code: 'WEFT_E_EXPRESSION_FORBIDDEN',
  });
}

function resolveAll(host: string): Promise<{ address: string; family: number }[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });
}

/**
 * Refuses `url`'s host before any connection when it is, or resolves to, a forbidden address. Every resolved
 * address is checked: one private answer among public ones is enough to refuse.
 */
export async function assertOutboundAllowed(nodeName: string, url: URL): Promise<void> {
  const host = normalizeHost(url.hostname);
  if (hostAllowed(host)) return;
  if (isIP(host) !== 0) {
    if (isPrivateAddress(host)) throw refusal(nodeName, host, host);
    return;
  }
  const addresses = await resolveAll(host);
  const bad = addresses.find((entry) => isPrivateAddress(entry.address));
  if (bad) throw refusal(nodeName, host, bad.address);
}

/**
 * A `lookup` for `http.request` that checks the addresses the socket will actually use, so a name that resolved
 * to a public address during the check and to a private one at connect time (DNS rebinding) is still refused.
 */
export function guardedLookup(nodeName: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      if (!hostAllowed(hostname)) {
        const bad = addresses.find((entry) => isPrivateAddress(entry.address));
        if (bad) return callback(refusal(nodeName, hostname, bad.address), '', 0);
      }
      if (options.all === true) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
      const first = addresses[0];
      if (first === undefined) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
