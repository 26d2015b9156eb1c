import { describe, expect, it } from 'vitest';
import type { Delivery, JobHandler } from '../types.js';
import { CLOCK_SLACK_MS, labelOf, makeJob, queueName, startDeadLetterInbox, startInbox, type QueueHarness } from './harness.js';

/** retry, deadLetter, maxDeliveries and handlers that throw. */
export function describeSettlingContract(h: QueueHarness): void {
  describe('settling', () => {
    it('redelivers a retried job with deliveryCount + 1, not before its delayMs', async () => {
      const queue = await h.open();
      const name = queueName('retry');
      let retriedAt = 0;
      const inbox = await startInbox(queue, [name], { prefetch: 2 }, async (delivery, box) => {
        if (delivery.deliveryCount === 1) {
          retriedAt = Date.now();
          await box.settle(delivery, (d) => d.retry({ reason: 'not yet', delayMs: 150 }));
        }
      });
      await queue.publish(name, makeJob('retried'));
      const second = await inbox.waitForLabel('retried', 2);
      const arrival = inbox.received.find((r) => r.delivery === second)?.at ?? 0;
      expect(arrival - retriedAt).toBeGreaterThanOrEqual(150 - CLOCK_SLACK_MS);
      expect(second.job).toEqual(inbox.received[0]?.delivery.job);
      expect(inbox.received.map((r) => r.delivery.deliveryCount)).toEqual([1, 2]);
    });

    it('dead-letters a job retried on its maxDeliveries-th delivery, with the last reason', async () => {
      const queue = await h.open(3);
      const name = queueName('max');
      const inbox = await startInbox(queue, [name], { prefetch: 1 }, (delivery, box) =>
        box.settle(delivery, (d) => d.retry({ reason: `attempt ${d.deliveryCount} failed` })),
      );
      const dead = await startDeadLetterInbox(queue);
      const job = makeJob('max');
      await queue.publish(name, job, { priority: 6 });
      await dead.waitForCount(1);
      expect(inbox.received.map((r) => r.delivery.deliveryCount)).toEqual([1, 2, 3]);
      expect(dead.accepted[0]).toEqual({ job, queue: name, reason: 'delivered 3 times without success: attempt 3 failed', deliveryCount: 3 });
      expect(await queue.depth(name)).toBe(0);
    });

    it('dead-letters at once with the consumer reason on deadLetter()', async () => {
      const queue = await h.open();
      const name = queueName('dead');
      await startInbox(queue, [name], { prefetch: 1 }, (delivery, box) => box.settle(delivery, (d) => d.deadLetter('bad input: no execution id')));
      const dead = await startDeadLetterInbox(queue);
      const job = makeJob('dead');
      await queue.publish(name, job);
      await dead.waitForCount(1);
      expect(dead.accepted[0]).toEqual({ job, queue: name, reason: 'bad input: no execution id', deliveryCount: 1 });
      expect(await queue.depth(name)).toBe(0);
    });

    it('retries a delivery whose handler throws or rejects without settling, with the error message as reason', async () => {
      const queue = await h.open(3);
      const name = queueName('throws');
      const counts: number[] = [];
      // Not async on purpose: the first delivery throws synchronously, the later ones reject.
      const handler: JobHandler = (delivery: Delivery) => {
        counts.push(delivery.deliveryCount);
        if (delivery.deliveryCount === 1) throw new Error('kaput 1');
        return Promise.reject(new Error(`kaput ${delivery.deliveryCount}`));
      };
      await queue.consume([name], handler, { prefetch: 1 });
      const dead = await startDeadLetterInbox(queue);
      const job = makeJob('throws');
      await queue.publish(name, job);
      await dead.waitForCount(1);
      expect(counts).toEqual([1, 2, 3]);
      expect(dead.accepted[0]).toEqual({ job, queue: name, reason: 'delivered 3 times without success: kaput 3', deliveryCount: 3 });
    });

    it('keeps a delivery the handler settled before throwing settled', async () => {
      const queue = await h.open();
      const name = queueName('settled-then-throws');
      const inbox = await startInbox(queue, [name], { prefetch: 1 }, async (delivery, box) => {
        await box.settle(delivery);
        throw new Error('after the ack');
      });
      await queue.publish(name, makeJob('first'));
      await inbox.waitForLabel('first');
      // FIFO: a wrongly retried `first` would come back before the sentinel.
      await queue.publish(name, makeJob('sentinel'));
      await inbox.waitForLabel('sentinel');
      expect(inbox.received.map((r) => labelOf(r.delivery))).toEqual(['first', 'sentinel']);
    });
  });
}
