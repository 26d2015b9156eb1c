import { describe, expect, it } from 'vitest';
import { labelOf, makeJob, queueName, startInbox, type QueueHarness } from './harness.js';

/** Higher priority first, FIFO within a priority, also across the queues of one subscription. */
export function describeOrderingContract(h: QueueHarness): void {
  describe('ordering', () => {
    it('delivers one queue FIFO within a priority, higher priorities first', async () => {
      const queue = await h.open();
      const name = queueName('order');
      const plan: Array<[string, number]> = [['a', 2], ['b', 7], ['c', 2], ['d', 0], ['e', 7], ['f', 9], ['g', 2]];
      for (const [label, priority] of plan) await queue.publish(name, makeJob(label), { priority });
      const inbox = await startInbox(queue, [name], { prefetch: 1 }, (delivery, box) => box.settle(delivery));
      await inbox.waitForCount(plan.length);
      expect(inbox.received.map((r) => labelOf(r.delivery))).toEqual(['f', 'b', 'e', 'a', 'c', 'g', 'd']);
      expect(inbox.received.map((r) => r.delivery.priority)).toEqual([9, 7, 7, 2, 2, 2, 0]);
    });

    it('orders by priority across all queues of a subscription, FIFO within a priority of each queue', async () => {
      const queue = await h.open();
      const first = queueName('first');
      const second = queueName('second');
      const plan: Array<[string, string, number]> = [
        [first, 'a', 1], [first, 'b', 7], [second, 'c', 9], [first, 'd', 4], [second, 'e', 0],
        [first, 'f', 7], [second, 'g', 7], [second, 'h', 4], [second, 'i', 7], [first, 'j', 4],
      ];
      for (const [name, label, priority] of plan) await queue.publish(name, makeJob(label), { priority });
      const inbox = await startInbox(queue, [first, second], { prefetch: 1 }, (delivery, box) => box.settle(delivery));
      await inbox.waitForCount(plan.length);
      const seen = inbox.received.map((r) => ({ label: labelOf(r.delivery), queue: r.delivery.queue, priority: r.delivery.priority }));
      // Every delivery has the priority and queue it was published with.
      for (const { label, queue: from, priority } of seen) {
        const published = plan.find(([, l]) => l === label);
        expect([from, priority]).toEqual([published?.[0], published?.[2]]);
      }
      const priorities = seen.map((s) => s.priority);
      expect(priorities).toEqual([...priorities].sort((x, y) => y - x));
      for (const name of [first, second]) {
        for (const priority of new Set(plan.map(([, , p]) => p))) {
          const publishedOrder = plan.filter(([n, , p]) => n === name && p === priority).map(([, l]) => l);
          const deliveredOrder = seen.filter((s) => s.queue === name && s.priority === priority).map((s) => s.label);
          expect(deliveredOrder, `FIFO within priority ${priority} of ${name}`).toEqual(publishedOrder);
        }
      }
    });
  });
}
