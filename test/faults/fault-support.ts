import { createServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

/** A local HTTP endpoint that counts calls per `exec` + `node` query parameters (side effects of HTTP Request nodes). */
export interface CallCounter {
  readonly url: string;
  /** `exec|node` → calls. */
  readonly calls: Map<string, number>;
  close(): Promise<void>;
}

export async function startCallCounter(): Promise<CallCounter> {
  const calls = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const key = `${url.searchParams.get('exec') ?? '?'}|${url.searchParams.get('node') ?? '?'}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP forwarder to `targetPort` that can be opened later (a broker "coming up"). */
export interface TcpForwarder {
  readonly port: number;
  open(): Promise<void>;
  close(): Promise<void>;
}

/** Reserves a free port for a forwarder that is not listening yet. */
export async function tcpForwarder(targetPort: number): Promise<TcpForwarder> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  let server: TcpServer | undefined;
  const sockets = new Set<Socket>();
  return {
    port,
    async open() {
      server = createTcpServer((incoming) => {
        const outgoing = connect(targetPort, '127.0.0.1');
        sockets.add(incoming).add(outgoing);
        incoming.pipe(outgoing).pipe(incoming);
        const end = (): void => {
          incoming.destroy();
          outgoing.destroy();
        };
        incoming.on('error', end).on('close', end);
        outgoing.on('error', end).on('close', end);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
  };
}

/** Runs SQL against a database URL (inspection of what the processes stored). */
export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Polls `condition` until true or `timeoutMs` passes (then throws naming `what`). */
export async function eventually(condition: () => Promise<boolean> | boolean, what: string, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** A chain workflow: Manual → HTTP call A → Wait → HTTP call B → Wait → HTTP call C, each call counted by `counter`. */
export function countedChain(counterUrl: string, waitSeconds: number): Record<string, unknown> {
  const call = (name: string, x: number) => ({
    id: name,
    name,
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    position: [x, 0],
    parameters: { url: `=${counterUrl}/step?exec={{ $execution.id }}&node=${name}`, options: {} },
  });
  const pause = (name: string, x: number) => ({
    id: name,
    name,
    type: 'n8n-nodes-base.wait',
    typeVersion: 1.1,
    position: [x, 0],
    parameters: { resume: 'timeInterval', amount: waitSeconds, unit: 'seconds' },
  });
  const chain = [{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, call('A', 200), pause('W1', 400), call('B', 600), pause('W2', 800), call('C', 1000)];
  const connections: Record<string, unknown> = {};
  for (let index = 0; index < chain.length - 1; index++) {
    connections[chain[index]!.name] = { main: [[{ node: chain[index + 1]!.name, type: 'main', index: 0 }]] };
  }
  return { name: 'counted chain', nodes: chain, connections, settings: { executionOrder: 'v1' } };
}
