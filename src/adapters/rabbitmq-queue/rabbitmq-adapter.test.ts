import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import amqp from 'amqplib';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WeftError } from '../../core/errors/index.js';
import type { Delivery, JobQueue } from '../../ports/queue/types.js';
import { nextDelayTier } from './delay-ladder.js';
import { DELAY_TIERS_MS, createRabbitMqQueue, reconnectDelay, topologyNames } from './index.js';
import { resolveRabbitMqOptions } from './options.js';
import { rabbitAvailable, removeTopology, startTcpProxy, testRabbitUrl, uniquePrefix, type TcpProxy } from './test-support.js';

const available = await rabbitAvailable();
if (!available) console.warn(`RabbitMQ is not reachable at ${testRabbitUrl}: the RabbitMQ adapter tests that need a broker are skipped`);

describe('rabbitmq queue options and delay ladder', () => {
  it('spells a delay as ladder tiers, largest first, never arriving early', () => {
    expect(nextDelayTier(0)).toBeUndefined();
    expect(nextDelayTier(-5)).toBeUndefined();
    expect(nextDelayTier(200)).toBe(128);
    expect(nextDelayTier(72)).toBe(64);
    expect(nextDelayTier(8)).toBe(16);
    expect(nextDelayTier(2 ** 40)).toBe(DELAY_TIERS_MS[DELAY_TIERS_MS.length - 1]);
    // Following the ladder from 200 ms takes 128 + 64 + 16 ms: late by 8 ms at most, never early.
    let remaining = 200;
    const hops: number[] = [];
    for (let tier = nextDelayTier(remaining); tier !== undefined; tier = nextDelayTier(remaining)) {
      hops.push(tier);
      remaining -= tier;
    }
    expect(hops).toEqual([128, 64, 16]);
  });

  it('backs off from 100 ms doubling to 5 s', () => {
    expect([1, 2, 3, 6, 7, 50].map((attempt) => reconnectDelay(attempt, 100, 5_000))).toEqual([100, 200, 400, 3_200, 5_000, 5_000]);
  });

  it('hides the password, adds a heartbeat and refuses options that cannot work', () => {
    const resolved = resolveRabbitMqOptions({ url: 'amqp://weft:s3cret@mq:5672/prod' });
    expect(resolved.safeUrl).toBe('amqp://weft:***@mq:5672/prod');
    expect(resolved.url).toBe('amqp://weft:s3cret@mq:5672/prod?heartbeat=10');
    expect(resolved).toMatchObject({ prefix: 'weft', maxDeliveries: 5, publishTimeoutMs: 10_000, reconnectInitialDelayMs: 100, reconnectMaxDelayMs: 5_000 });
    expect(() => resolveRabbitMqOptions({ url: 'http://mq' })).toThrow(/amqp:\/\//);
    expect(() => resolveRabbitMqOptions({ url: 'amqp://mq', maxDeliveries: 0 })).toThrow(/maxDeliveries/);
    expect(() => resolveRabbitMqOptions({ url: 'amqp://mq', prefix: 'has space' })).toThrow(/prefix/);
  });
});

describe.skipIf(!available)('rabbitmq queue against the broker', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Opens an adapter (through `proxy` when given) under a fresh prefix; removes its topology after the test. */
  const open = async (queues: string[], options: { proxy?: TcpProxy; publishTimeoutMs?: number; lines?: string[] } = {}): Promise<{ queue: JobQueue; prefix: string }> => {
    const prefix = uniquePrefix();
    const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (options.lines?.push(chunk.toString()), done()) }));
    const queue = await createRabbitMqQueue({ url: options.proxy?.url ?? testRabbitUrl, prefix, logger, publishTimeoutMs: options.publishTimeoutMs ?? 5_000, reconnectInitialDelayMs: 50, reconnectMaxDelayMs: 200 });
    cleanups.push(async () => {
      await queue.close();
      await removeTopology(prefix, queues);
    });
    return { queue, prefix };
  };

  it('fails at start with WEFT_E_QUEUE_UNAVAILABLE naming the URL without its password', async () => {
    const port = await freePort();
    const error = await createRabbitMqQueue({ url: `amqp://weft:hunter2@127.0.0.1:${port}`, connectTimeoutMs: 1_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WeftError);
    expect((error as WeftError).code).toBe('WEFT_E_QUEUE_UNAVAILABLE');
    expect((error as WeftError).message).toContain(`amqp://weft:***@127.0.0.1:${port}`);
    expect((error as WeftError).message).not.toContain('hunter2');
  });

  it('recovers publishing and consuming by itself after its connection is cut, warning once per outage', async () => {
    const proxy = await startTcpProxy();
    cleanups.push(() => proxy.close());
    const lines: string[] = [];
    const { queue } = await open(['work'], { proxy, lines });
    const received: string[] = [];
    await queue.consume(['work'], async (delivery) => {
      received.push(delivery.job.id);
      await delivery.ack();
    }, { prefetch: 2 });
    await queue.publish('work', { id: 'before', body: {} });
    await waitFor(() => received.includes('before'));

    proxy.cut();
    // Published while the connection is down: waits for the reconnect, then resolves on the confirm.
    await queue.publish('work', { id: 'during', body: {} });
    await queue.publish('work', { id: 'after', body: {} });
    await waitFor(() => received.includes('during') && received.includes('after'));
    expect(await queue.health()).toBe(true);

    // A longer outage: several reconnect attempts fail, still one warning; a publish made meanwhile waits it out.
    proxy.pause();
    const waiting = queue.publish('work', { id: 'second outage', body: {} });
    await waitFor(() => lines.filter((line) => line.includes('reconnect attempt failed')).length >= 3);
    proxy.resume();
    await waiting;
    await waitFor(() => received.includes('second outage'));
    expect(lines.filter((line) => line.includes('lost the connection to RabbitMQ'))).toHaveLength(2);
    expect(lines.filter((line) => line.includes('reconnected to RabbitMQ'))).toHaveLength(2);
    expect(received.filter((id) => id === 'before')).toHaveLength(1);
  });

  it('brings multi-queue and dead-letter subscriptions back after a cut, handing every job out once', async () => {
    const proxy = await startTcpProxy();
    cleanups.push(() => proxy.close());
    const { queue } = await open(['left', 'right'], { proxy });
    const received: string[] = [];
    await queue.consume(['left', 'right'], async (delivery) => {
      received.push(delivery.job.id);
      if (delivery.job.body.poison === true) await delivery.deadLetter('poisoned');
      else await delivery.ack();
    }, { prefetch: 2 });
    const dead: string[] = [];
    await queue.consumeDeadLetters(async (letter) => void dead.push(`${letter.job.id}: ${letter.reason}`));
    await queue.publish('left', { id: 'l1', body: {} });
    await waitFor(() => received.includes('l1'));

    proxy.cut();
    await queue.publish('right', { id: 'r1', body: {} });
    await queue.publish('left', { id: 'l2', body: { poison: true } });
    await waitFor(() => received.includes('r1') && dead.length === 1);
    expect(dead).toEqual(['l2: poisoned']);
    expect([...received].sort()).toEqual(['l1', 'l2', 'r1']);
  });

  it('fails a publish with WEFT_E_QUEUE_UNAVAILABLE when the broker stays away past publishTimeoutMs', async () => {
    const proxy = await startTcpProxy();
    const { queue } = await open(['stuck'], { proxy, publishTimeoutMs: 300 });
    await queue.declare('stuck');
    await proxy.close();
    const error = await queue.publish('stuck', { id: 'never', body: {} }).catch((caught: unknown) => caught);
    expect((error as WeftError).code).toBe('WEFT_E_QUEUE_UNAVAILABLE');
    expect(await queue.health()).toBe(false);
  });

  it('confirms many publishes in flight at once (batched confirms) and counts them all', async () => {
    const { queue } = await open(['bulk']);
    await queue.declare('bulk');
    await Promise.all(Array.from({ length: 3_000 }, (_, index) => queue.publish('bulk', { id: `job-${index}`, body: { index } }, { priority: index % 10 })));
    expect(await queue.depth('bulk')).toBe(3_000);
  });

  it('moves a message that is not a Weft job to the dead-letter queue instead of handing it to the handler', async () => {
    const { queue, prefix } = await open(['foreign']);
    await queue.declare('foreign');
    const names = topologyNames(prefix);
    const connection = await amqp.connect(testRabbitUrl);
    const channel = await connection.createConfirmChannel();
    channel.publish(names.jobsExchange, 'foreign', Buffer.from('not json'), { persistent: true, messageId: 'stray-1' });
    await channel.waitForConfirms();
    await connection.close();

    const handled: Delivery[] = [];
    await queue.consume(['foreign'], async (delivery) => void handled.push(delivery), { prefetch: 1 });
    const dead: Array<{ id: string; reason: string }> = [];
    await queue.consumeDeadLetters(async (letter) => void dead.push({ id: letter.job.id, reason: letter.reason }));
    await waitFor(() => dead.length === 1);
    expect(dead[0]?.id).toBe('stray-1');
    expect(dead[0]?.reason).toMatch(/^malformed job message: the message body is not JSON/);
    expect(handled).toHaveLength(0);
  });

  it('sends a job that arrives before it is due down the ladder again, so the handler never sees it early', async () => {
    const { queue } = await open(['late']);
    const arrivals: number[] = [];
    await queue.consume(['late'], async (delivery) => {
      arrivals.push(Date.now());
      await delivery.ack();
    }, { prefetch: 1 });
    const publishedAt = Date.now();
    // 700 ms = 512 + 128 + 32 + 16 + 16: the job comes back to the queue early four times before it is due.
    await queue.publish('late', { id: 'delayed', body: {} }, { delayMs: 700 });
    expect(await queue.depth('late')).toBe(1);
    await waitFor(() => arrivals.length === 1);
    expect((arrivals[0] ?? 0) - publishedAt).toBeGreaterThanOrEqual(700 - 5);
    expect(await queue.depth('late')).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address !== null && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
