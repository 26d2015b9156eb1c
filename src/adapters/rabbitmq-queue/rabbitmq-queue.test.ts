import { describe, it } from 'vitest';
import { describeQueueContract } from '../../ports/queue/queue-contract.js';
import type { JobQueue } from '../../ports/queue/types.js';
import { createRabbitMqQueue } from './index.js';
import { rabbitAvailable, removeTopology, startTcpProxy, uniquePrefix, type TcpProxy } from './test-support.js';

const available = await rabbitAvailable();

if (!available) {
  describe('JobQueue contract: rabbitmq', () => {
    it.skip('needs RabbitMQ on 127.0.0.1:5672 (guest/guest) or WEFT_TEST_RABBITMQ_URL: it is not reachable, so these tests are skipped', () => undefined);
  });
} else {
  describeQueueContract('rabbitmq', async () => {
    const prefix = uniquePrefix();
    const opened: Array<{ queue: JobQueue; proxy: TcpProxy }> = [];
    const queueNames = new Set<string>();
    return {
      async open({ maxDeliveries }) {
        // Each instance talks through its own proxy, so crash() can kill its connection like a dying process would.
        const proxy = await startTcpProxy();
        const queue = recordQueueNames(await createRabbitMqQueue({ url: proxy.url, prefix, maxDeliveries, publishTimeoutMs: 5_000 }), queueNames);
        opened.push({ queue, proxy });
        return queue;
      },
      async crash(queue) {
        const entry = opened.find((candidate) => candidate.queue === queue);
        if (entry === undefined) throw new Error('crash() got a queue this setup did not open');
        await entry.proxy.close();
        await queue.close();
      },
      async teardown() {
        for (const { queue, proxy } of opened) {
          await queue.close();
          await proxy.close();
        }
        await removeTopology(prefix, queueNames);
      },
    };
  });
}

/** Wraps `queue` so every port queue name it is given is recorded (the test deletes their topology afterwards). */
function recordQueueNames(queue: JobQueue, names: Set<string>): JobQueue {
  return {
    kind: queue.kind,
    declare: (name, options) => (names.add(name), queue.declare(name, options)),
    publish: (name, job, options) => (names.add(name), queue.publish(name, job, options)),
    consume: (queues, handler, options) => (queues.forEach((name) => names.add(name)), queue.consume(queues, handler, options)),
    consumeDeadLetters: (handler) => queue.consumeDeadLetters(handler),
    depth: (name) => (names.add(name), queue.depth(name)),
    health: () => queue.health(),
    close: () => queue.close(),
  };
}
