import { BlockList, isIP } from 'node:net';

/**
 * Whether `ip` may call a webhook whose "IP(s) Allowlist" is `allowlist`: comma-separated IPv4/IPv6 addresses
 * and CIDR ranges (`127.0.0.1, 10.0.0.0/8, ::1`). An empty list allows everyone. Entries that are neither an
 * address nor a range are ignored, so a list with only typos allows no one (it fails closed). IPv4 clients seen
 * through an IPv6 socket (`::ffff:10.0.0.1`) are checked as IPv4.
 *
 * @example
 * isIpAllowed('10.0.0.0/8, 127.0.0.1', '10.1.2.3'); // true
 */
export function isIpAllowed(allowlist: string, ip: string): boolean {
  const entries = allowlist.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) return true;
  const allowed = new BlockList();
  for (const entry of entries) addEntry(allowed, entry);
  const address = unmapped(ip);
  const family = isIP(address);
  if (family === 0) return false;
  return allowed.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function addEntry(list: BlockList, entry: string): void {
  const [rawAddress, rawPrefix, ...rest] = entry.split('/');
  const address = unmapped(rawAddress ?? '');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (rawPrefix === undefined) {
    list.addAddress(address, type);
    return;
  }
  const prefix = Number(rawPrefix);
  if (!/^\d+$/.test(rawPrefix) || prefix > (family === 4 ? 32 : 128)) return;
  list.addSubnet(address, prefix, type);
}

function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}
