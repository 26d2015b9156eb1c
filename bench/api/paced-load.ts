import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** An open-loop load test: requests sent on a fixed schedule, whatever the server's answers do. */
export interface PacedLoadOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Keep-alive connections held open for the whole test. */
  readonly connections: number;
  /** Requests per second over all connections. */
  readonly rate: number;
  readonly durationSeconds: number;
  readonly method: 'GET';
  readonly path: string;
  /** Called once the connections are open and warmed up, when the measured part begins. */
  readonly onMeasuring?: () => void;
}

/** What a paced run measured. Latencies count from when each request was due, not from when it was sent. */
export interface PacedLoadResult {
  readonly sent: number;
  readonly completed: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  readonly errors: number;
  readonly non2xx: number;
  /** Requests that found no idle connection when due and waited for one (the server fell behind). */
  readonly queuedForConnection: number;
  /** How late the generator itself sent requests (its own event loop's delays), p99 and max: high values blame the client. */
  readonly sendLagP99Ms: number;
  readonly sendLagMaxMs: number;
}

interface Pending {
  readonly dueAt: number;
}

/** One keep-alive connection and the response it is reading. */
interface Connection {
  readonly socket: Socket;
  busy: Pending | undefined;
  buffer: Buffer;
}

/**
 * Sends requests at `rate` per second, spread over `connections` keep-alive connections (round robin, one
 * request in flight per connection, as browsers and most clients do), for `durationSeconds`. Unlike a
 * closed-loop generator, a slow answer does not delay the next request: latency is measured from the moment a
 * request was due, so queueing anywhere (server, client, kernel) counts against the server, with no coordinated
 * omission. Requests are due evenly spaced; the sender catches up every millisecond.
 *
 * @example
 * const result = await runPacedLoad({ url, headers, connections: 1000, rate: 5000, durationSeconds: 10, method: 'GET', path: '/api/v1/workflows/1' });
 * result.p99Ms;
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const target = new URL(options.url);
  const port = Number(target.port || 80);
  const headerLines = Object.entries({ host: target.host, ...options.headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const request = Buffer.from(`${options.method} ${options.path} HTTP/1.1\r\n${headerLines}\r\n`, 'latin1');

  const latencies: number[] = [];
  const backlog: Pending[] = [];
  let errors = 0;
  let non2xx = 0;
  let queuedForConnection = 0;
  let cursor = 0;

  const sendLags: number[] = [];
  const send = (connection: Connection, pending: Pending): void => {
    connection.busy = pending;
    sendLags.push(performance.now() - pending.dueAt);
    connection.socket.write(request);
  };
  const onAnswer = (connection: Connection, status: number): void => {
    const pending = connection.busy;
    connection.busy = undefined;
    if (pending !== undefined) latencies.push(performance.now() - pending.dueAt);
    if (status < 200 || status > 299) non2xx += 1;
    const next = backlog.shift();
    if (next !== undefined) send(connection, next);
  };

  const connections = await Promise.all(
    Array.from({ length: options.connections }, () => openConnection(target.hostname, port, onAnswer, () => (errors += 1))),
  );
  // Warm-up: one answered request on every connection before the clock starts. A client may count a connection
  // as open while the server has not accepted it yet (its accept queue overflowed), and then its first request
  // waits for a SYN-ACK retransmission (~1 s): a set-up effect, not the server's latency.
  await warmUp(connections, send);
  latencies.length = 0;
  sendLags.length = 0;
  non2xx = 0;
  options.onMeasuring?.();

  const startedAt = performance.now();
  const intervalMs = 1000 / options.rate;
  const total = Math.floor(options.rate * options.durationSeconds);
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - startedAt) / intervalMs) + 1);
      while (sent < due) {
        const pending = { dueAt: startedAt + sent * intervalMs };
        sent += 1;
        const idle = nextIdle(connections, cursor);
        if (idle === undefined) {
          queuedForConnection += 1;
          backlog.push(pending);
          continue;
        }
        cursor = (idle + 1) % connections.length;
        send(connections[idle]!, pending);
      }
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  // Let the last answers arrive (bounded: a stuck server does not hang the benchmark).
  const drainUntil = performance.now() + 10_000;
  while ((backlog.length > 0 || connections.some((connection) => connection.busy !== undefined)) && performance.now() < drainUntil) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  for (const connection of connections) connection.socket.destroy();

  latencies.sort((a, b) => a - b);
  sendLags.sort((a, b) => a - b);
  const at = (fraction: number, sorted: readonly number[] = latencies): number => round(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN);
  return {
    sent,
    completed: latencies.length,
    requestsPerSecond: latencies.length / elapsedSeconds,
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p99Ms: at(0.99),
    p999Ms: at(0.999),
    maxMs: round(latencies[latencies.length - 1] ?? Number.NaN),
    errors: errors + (sent - latencies.length),
    non2xx,
    queuedForConnection,
    sendLagP99Ms: at(0.99, sendLags),
    sendLagMaxMs: round(sendLags[sendLags.length - 1] ?? Number.NaN),
  };
}

/** Sends one request on each connection, a batch at a time, and waits until every connection is idle again. */
async function warmUp(connections: readonly Connection[], send: (connection: Connection, pending: Pending) => void): Promise<void> {
  const BATCH = 100;
  for (let from = 0; from < connections.length; from += BATCH) {
    const batch = connections.slice(from, from + BATCH);
    for (const connection of batch) send(connection, { dueAt: performance.now() });
    const until = performance.now() + 30_000;
    while (batch.some((connection) => connection.busy !== undefined) && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function nextIdle(connections: readonly Connection[], from: number): number | undefined {
  for (let step = 0; step < connections.length; step++) {
    const index = (from + step) % connections.length;
    if (connections[index]!.busy === undefined) return index;
  }
  return undefined;
}

/** Opens a keep-alive connection that parses answers (Content-Length or chunked bodies) and reports each one. */
function openConnection(host: string, port: number, onAnswer: (connection: Connection, status: number) => void, onError: () => void): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    const connection: Connection = { socket, busy: undefined, buffer: Buffer.alloc(0) };
    socket.once('connect', () => resolve(connection));
    socket.once('error', (error) => {
      onError();
      reject(error);
    });
    socket.on('data', (chunk: Buffer) => {
      connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
      for (;;) {
        const answer = parseAnswer(connection.buffer);
        if (answer === undefined) break;
        connection.buffer = connection.buffer.subarray(answer.length);
        onAnswer(connection, answer.status);
      }
    });
  });
}

/** The status and byte length of the first complete HTTP answer in `buffer`, or undefined while it is incomplete. */
function parseAnswer(buffer: Buffer): { status: number; length: number } | undefined {
  const headerEnd = buffer.indexOf('\r\n\r\n');
  if (headerEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const bodyStart = headerEnd + 4;
  const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (lengthMatch) {
    const end = bodyStart + Number(lengthMatch[1]);
    return buffer.length >= end ? { status, length: end } : undefined;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const end = buffer.indexOf('\r\n0\r\n\r\n', bodyStart - 2);
    return end < 0 ? undefined : { status, length: end + 7 };
  }
  return { status, length: bodyStart };
}
