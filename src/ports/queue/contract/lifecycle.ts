import { describe, expect, it } from 'vitest';
import { expectWeftError, makeJob, queueName, startInbox, type QueueHarness } from './harness.js';

/** declare, argument checks, depth, health and close. */
export function describeLifecycleContract(h: QueueHarness): void {
  describe('lifecycle', () => {
    it('names its kind', async () => {
      expect((await h.open()).kind).toMatch(/^[a-z]+$/);
    });

    it('declares idempotently; redeclaring with other options is WEFT_E_CONFLICT naming the queue, also from another instance', async () => {
      const queue = await h.open();
      const name = queueName('declared');
      await queue.declare(name, { messageTtlMs: 60_000 });
      await queue.declare(name, { messageTtlMs: 60_000 });
      await Promise.all([queue.declare(name, { messageTtlMs: 60_000 }), queue.declare(name, { messageTtlMs: 60_000 })]);
      await expectWeftError(queue.declare(name, { messageTtlMs: 1_000 }), 'WEFT_E_CONFLICT', [name], 'a redeclare with another TTL');
      await expectWeftError(queue.declare(name), 'WEFT_E_CONFLICT', [name], 'a redeclare without TTL');
      const other = await h.open();
      await other.declare(name, { messageTtlMs: 60_000 });
      await expectWeftError(other.declare(name, { messageTtlMs: 5 }), 'WEFT_E_CONFLICT', [name], 'a redeclare from another instance');

      const plain = queueName('plain');
      await queue.declare(plain);
      await queue.declare(plain, {});
      const implicit = queueName('implicit');
      await queue.publish(implicit, makeJob('implicit'));
      await queue.declare(implicit);
      await expectWeftError(queue.declare(implicit, { messageTtlMs: 1_000 }), 'WEFT_E_CONFLICT', [implicit], 'declaring a TTL on a queue publish created');
    });

    it('refuses a priority outside 0..9 or not whole with WEFT_E_INVALID_ARGUMENT, publishing nothing', async () => {
      const queue = await h.open();
      const name = queueName('priority');
      for (const priority of [-1, 10, 1.5, Number.NaN]) {
        await expectWeftError(queue.publish(name, makeJob('bad'), { priority }), 'WEFT_E_INVALID_ARGUMENT', ['priority'], `publish with priority ${priority}`);
      }
      for (const priority of [0, 9]) await queue.publish(name, makeJob(`ok${priority}`), { priority });
      expect(await queue.depth(name)).toBe(2);
    });

    it('refuses a prefetch that is not a whole number >= 1 with WEFT_E_INVALID_ARGUMENT', async () => {
      const queue = await h.open();
      for (const prefetch of [0, -1, 1.5, Number.NaN]) {
        await expectWeftError(queue.consume([queueName('prefetch')], async () => undefined, { prefetch }), 'WEFT_E_INVALID_ARGUMENT', ['prefetch'], `consume with prefetch ${prefetch}`);
      }
    });

    it('reports depth: waiting jobs, due or delayed, not those handed out', async () => {
      const queue = await h.open();
      const name = queueName('depth');
      expect(await queue.depth(name)).toBe(0);
      await queue.publish(name, makeJob('a'), { priority: 9 });
      await queue.publish(name, makeJob('b'), { delayMs: 60_000 });
      await queue.publish(name, makeJob('c'));
      expect(await queue.depth(name)).toBe(3);
      const inbox = await startInbox(queue, [name], { prefetch: 1 });
      const a = await inbox.waitForLabel('a');
      expect(await queue.depth(name)).toBe(2);
      await inbox.settle(a);
      await inbox.waitForLabel('c');
      expect(await queue.depth(name)).toBe(1);
    });

    it('is healthy while open; after close() (idempotent) health is false and every call fails with WEFT_E_QUEUE_UNAVAILABLE', async () => {
      const queue = await h.open();
      const name = queueName('closed');
      expect(await queue.health()).toBe(true);
      await queue.close();
      await queue.close();
      await Promise.all([queue.close(), queue.close()]);
      expect(await queue.health()).toBe(false);
      await expectWeftError(queue.publish(name, makeJob('late')), 'WEFT_E_QUEUE_UNAVAILABLE', [], 'publish after close');
      await expectWeftError(queue.declare(name), 'WEFT_E_QUEUE_UNAVAILABLE', [], 'declare after close');
      await expectWeftError(queue.depth(name), 'WEFT_E_QUEUE_UNAVAILABLE', [], 'depth after close');
      await expectWeftError(queue.consume([name], async () => undefined, { prefetch: 1 }), 'WEFT_E_QUEUE_UNAVAILABLE', [], 'consume after close');
      await expectWeftError(queue.consumeDeadLetters(async () => undefined), 'WEFT_E_QUEUE_UNAVAILABLE', [], 'consumeDeadLetters after close');
    });
  });
}
