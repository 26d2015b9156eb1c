import { afterEach, describe, expect, it } from 'vitest';
import { runNodeForTest } from '../../testing/node-harness.js';
import { httpRequest } from './http-request.js';
import { configureOutboundGuard, isPrivateAddress } from './outbound-guard.js';
import { resetNetworkPolicy, startTestServer, useTestNetworkPolicy } from './test-server.test-util.js';

afterEach(() => resetNetworkPolicy());

describe('HTTP Request: outbound guard', () => {
  it('classifies loopback, private, link-local and unspecified addresses', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111']) expect(isPrivateAddress(address), address).toBe(false);
  });

  it('refuses private targets by default, before connecting', async () => {
    configureOutboundGuard({ allowPrivate: false, allowHosts: [] });
    const server = await startTestServer();
    try {
      server.on(() => ({ body: {} }));
      const port = new URL(server.base).port;
      for (const [url, host] of [
        [`http://127.0.0.1:${port}/`, '127.0.0.1'],
        [`http://localhost:${port}/`, 'localhost'],
        ['http://10.0.0.1/', '10.0.0.1'],
        ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
        ['http://[::1]/', '::1'],
      ] as const) {
        // A one-second timeout: a guard that connected to 10.0.0.1 would fail differently (and slowly).
        await expect(runNodeForTest(httpRequest, { parameters: { url, options: { timeout: 1000 } } })).rejects.toThrow(`The host "${host}" is not allowed`);
      }
      expect(server.received).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('checks redirect targets too', async () => {
    useTestNetworkPolicy();
    const server = await startTestServer();
    try {
      server.on((req) => (req.path === '/jump' ? { status: 302, headers: { location: 'http://169.254.169.254/latest' } } : { body: {} }));
      await expect(runNodeForTest(httpRequest, { parameters: { url: `${server.base}/jump`, options: { timeout: 1000 } } })).rejects.toThrow('The host "169.254.169.254" is not allowed');
      server.on((req) => (req.path === '/jump' ? { status: 302, headers: { location: '/landing' } } : { body: { landed: req.path } }));
      const [out] = await runNodeForTest(httpRequest, { parameters: { url: `${server.base}/jump` } });
      expect(out?.[0]?.json).toEqual({ landed: '/landing' });
    } finally {
      await server.close();
    }
  });

  it('allows private targets when configured', async () => {
    const server = await startTestServer();
    try {
      server.on(() => ({ body: { reached: true } }));
      configureOutboundGuard({ allowPrivate: true, allowHosts: [] });
      const [out] = await runNodeForTest(httpRequest, { parameters: { url: `${server.base}/in` } });
      expect(out?.[0]?.json).toEqual({ reached: true });
      configureOutboundGuard({ allowPrivate: false, allowHosts: ['LOCALHOST'] });
      const [byName] = await runNodeForTest(httpRequest, { parameters: { url: server.base.replace('127.0.0.1', 'localhost') } });
      expect(byName?.[0]?.json).toEqual({ reached: true });
    } finally {
      await server.close();
    }
  });
});
