import { randomBytes } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import amqp from 'amqplib';
import { queuesOf, topologyNames } from './topology.js';

/** The RabbitMQ the tests use: the machine's, unless WEFT_TEST_RABBITMQ_URL names another. */
export const testRabbitUrl = process.env.WEFT_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** True when the test broker accepts an AMQP connection within 2 s. */
export async function rabbitAvailable(): Promise<boolean> {
  try {
    const connection = await amqp.connect(testRabbitUrl, { timeout: 2_000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/** A name prefix no other test (or process) uses. */
export function uniquePrefix(): string {
  return `weft-test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Deletes the exchanges and queues a test made under `prefix` for the port queues `queues`. */
export async function removeTopology(prefix: string, queues: Iterable<string>): Promise<void> {
  const names = topologyNames(prefix);
  const connection = await amqp.connect(testRabbitUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) for (const name of queuesOf(names, queue)) await channel.deleteQueue(name);
    await channel.deleteQueue(names.deadLetterQueue);
    await channel.deleteExchange(names.jobsExchange);
    await channel.deleteExchange(names.deadLetterExchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/**
 * A TCP proxy in front of the broker, so a test can cut an adapter's connection the way a network failure or a
 * killed process would (the broker sees the socket die) without touching the shared broker.
 */
export interface TcpProxy {
  readonly url: string;
  /** Destroys every proxied connection at once; new connections are still accepted. */
  cut(): void;
  /** Cuts every connection and drops new ones at once (the broker looks down) until {@link TcpProxy.resume}. */
  pause(): void;
  resume(): void;
  /** Stops accepting connections and destroys the open ones. */
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl = testRabbitUrl): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5672) });
    sockets.add(client).add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test proxy has no TCP address');
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  const cut = (): void => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return {
    url: url.toString(),
    cut,
    pause: () => {
      refusing = true;
      cut();
    },
    resume: () => {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        cut();
      }),
  };
}
