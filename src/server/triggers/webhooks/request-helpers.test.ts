import { describe, expect, it } from 'vitest';
import { toBinaryData } from './binary-file.js';
import { isIpAllowed } from './ip-allowlist.js';

describe('isIpAllowed', () => {
  it('allows everyone with an empty list', () => {
    expect(isIpAllowed('', '203.0.113.1')).toBe(true);
    expect(isIpAllowed(' , ', '203.0.113.1')).toBe(true);
  });

  it('matches addresses and CIDR ranges of both families, IPv4-mapped IPv6 as IPv4', () => {
    const list = '127.0.0.1, 10.0.0.0/8, 2001:db8::/32';
    expect(isIpAllowed(list, '127.0.0.1')).toBe(true);
    expect(isIpAllowed(list, '10.255.0.1')).toBe(true);
    expect(isIpAllowed(list, '11.0.0.1')).toBe(false);
    expect(isIpAllowed(list, '2001:db8:1::5')).toBe(true);
    expect(isIpAllowed(list, '2001:db9::5')).toBe(false);
    expect(isIpAllowed(list, '::ffff:10.1.1.1')).toBe(true);
    expect(isIpAllowed('::ffff:127.0.0.1', '127.0.0.1')).toBe(true);
  });

  it('does not match by substring (n8n once let 10.0.0.1 match 10.0.0.10) and fails closed on typos', () => {
    expect(isIpAllowed('10.0.0.1', '10.0.0.10')).toBe(false);
    expect(isIpAllowed('10.0.0.256, 10.0.0.0/33, nonsense', '10.0.0.1')).toBe(false);
    expect(isIpAllowed('10.0.0.1', 'not-an-ip')).toBe(false);
  });
});

describe('toBinaryData', () => {
  it('writes sizes as n8n does and takes the extension from the name, else the mime type', () => {
    expect(toBinaryData(Buffer.alloc(999), 'application/octet-stream').fileSize).toBe('999 B');
    expect(toBinaryData(Buffer.alloc(1500), 'application/octet-stream').fileSize).toBe('1.5 kB');
    expect(toBinaryData(Buffer.alloc(16_777_216), 'application/octet-stream').fileSize).toBe('16.8 MB');
    expect(toBinaryData(Buffer.from('x'), 'text/csv', 'sheet.data').fileExtension).toBe('data');
    expect(toBinaryData(Buffer.from('x'), 'text/csv').fileExtension).toBe('csv');
    expect(toBinaryData(Buffer.from('x'), 'application/x-unknown-thing').fileExtension).toBeUndefined();
  });
});
