import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIORITY } from '../types.js';
import { labelOf, makeJob, queueName, startInbox, type QueueHarness } from './harness.js';

/** Publishing, delivering, acking, and what survives a process death or a restart. */
export function describeDeliveryContract(h: QueueHarness): void {
  describe('delivery', () => {
    it('delivers a published job once with its body, queue, default priority and deliveryCount 1', async () => {
      const queue = await h.open();
      const name = queueName('basic');
      const job = makeJob('basic', { executionId: 'e-1', nested: { list: [1, 'two', null, true], deep: { x: 1.5 } } });
      await queue.publish(name, job);
      const inbox = await startInbox(queue, [name], { prefetch: 4 });
      const delivery = await inbox.waitForLabel('basic');
      expect(delivery.job).toEqual(job);
      expect(delivery.queue).toBe(name);
      expect(delivery.priority).toBe(DEFAULT_PRIORITY);
      expect(delivery.deliveryCount).toBe(1);
      expect(await queue.depth(name)).toBe(0);
    });

    it('keeps a job durable once publish resolved, even when the publishing process dies right after', async () => {
      const publisher = await h.open();
      const name = queueName('durable');
      const job = makeJob('durable');
      await publisher.publish(name, job);
      await h.crash(publisher);
      const consumer = await h.open();
      const inbox = await startInbox(consumer, [name], { prefetch: 1 });
      const delivery = await inbox.waitForLabel('durable');
      expect(delivery.job).toEqual(job);
      expect(delivery.deliveryCount).toBe(1);
    });

    it('removes an acked job for good: not delivered again, not even to another instance', async () => {
      const first = await h.open();
      const name = queueName('acked');
      await first.publish(name, makeJob('acked'));
      const inbox = await startInbox(first, [name], { prefetch: 1 });
      await inbox.settle(await inbox.waitForLabel('acked'));
      expect(await first.depth(name)).toBe(0);
      await first.close();

      const second = await h.open();
      // FIFO: an acked job that came back would be delivered before the later sentinel.
      await second.publish(name, makeJob('sentinel'));
      const later = await startInbox(second, [name], { prefetch: 1 });
      await later.waitForLabel('sentinel');
      expect(later.received.map((r) => labelOf(r.delivery))).toEqual(['sentinel']);
    });

    it('survives closing and reopening: jobs published before are delivered after, in priority order, intact', async () => {
      const first = await h.open();
      const name = queueName('reopen');
      const jobs = [makeJob('low', { n: 1 }), makeJob('high', { n: 2 }), makeJob('mid', { n: 3 })];
      await first.publish(name, jobs[0]!, { priority: 1 });
      await first.publish(name, jobs[1]!, { priority: 8 });
      await first.publish(name, jobs[2]!, { priority: 5 });
      await first.close();

      const second = await h.open();
      expect(await second.depth(name)).toBe(3);
      const inbox = await startInbox(second, [name], { prefetch: 1 }, (delivery, box) => box.settle(delivery));
      await inbox.waitForCount(3);
      expect(inbox.received.map((r) => labelOf(r.delivery))).toEqual(['high', 'mid', 'low']);
      expect(inbox.received.map((r) => r.delivery.job)).toEqual([jobs[1], jobs[2], jobs[0]]);
      expect(inbox.received.map((r) => r.delivery.deliveryCount)).toEqual([1, 1, 1]);
    });
  });
}
