import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { configureResilience } from './resilience.js';
import { configureOutboundGuard } from './outbound-guard.js';

/** A request the test server received. */
export interface Received {
  method: string;
  path: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** What a route answers: status, headers, body (objects are sent as JSON). */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Milliseconds to wait before answering (timeouts, aborts). */
  delayMs?: number;
}

export type Route = (request: Received) => Reply | Promise<Reply>;

/** A local HTTP server on 127.0.0.1 whose answers each test sets with `on`. */
export interface TestServer {
  base: string;
  received: Received[];
  on(route: Route): void;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  let route: Route = () => ({ body: {} });
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: Received = { method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers, body: Buffer.concat(chunks) };
      received.push(request);
      void Promise.resolve(route(request)).then(async (reply) => {
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (res.destroyed) return;
        const isRaw = typeof reply.body === 'string' || Buffer.isBuffer(reply.body);
        const headers = { ...(isRaw || reply.body === undefined ? {} : { 'content-type': 'application/json' }), ...reply.headers };
        res.writeHead(reply.status ?? 200, headers);
        res.end(reply.body === undefined ? undefined : isRaw ? (reply.body as string | Buffer) : JSON.stringify(reply.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    on(next) {
      route = next;
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Test defaults: loopback allowed explicitly (the server is local), fast retries, a small breaker threshold. */
export function useTestNetworkPolicy(): void {
  configureOutboundGuard({ allowPrivate: false, allowHosts: ['127.0.0.1'] });
  configureResilience({ retries: 2, initialDelayMs: 5, maxDelayMs: 20, breakerThreshold: 3, halfOpenAfterMs: 150 });
}

/** Back to the process defaults after a test file. */
export function resetNetworkPolicy(): void {
  configureOutboundGuard({ allowPrivate: false, allowHosts: [] });
  configureResilience();
}
