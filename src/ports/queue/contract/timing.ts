import { describe, expect, it } from 'vitest';
import { CLOCK_SLACK_MS, labelOf, makeJob, queueName, sleep, startDeadLetterInbox, startInbox, type QueueHarness } from './harness.js';

/** Delayed delivery and time-to-live. */
export function describeTimingContract(h: QueueHarness): void {
  describe('timing', () => {
    it('delivers a delayed job not before delayMs and soon after, without holding back jobs published later', async () => {
      const queue = await h.open();
      const name = queueName('delay');
      const inbox = await startInbox(queue, [name], { prefetch: 4 }, (delivery, box) => box.settle(delivery));
      const publishedAt = Date.now();
      await queue.publish(name, makeJob('delayed'), { delayMs: 200, priority: 9 });
      await queue.publish(name, makeJob('now'), { priority: 0 });
      const delayed = await inbox.waitForLabel('delayed');
      const arrival = inbox.received.find((r) => r.delivery === delayed)?.at ?? 0;
      expect(arrival - publishedAt).toBeGreaterThanOrEqual(200 - CLOCK_SLACK_MS);
      expect(inbox.received.map((r) => labelOf(r.delivery))).toEqual(['now', 'delayed']);
      expect(delayed.deliveryCount).toBe(1);
    });

    it('counts a delayed job in depth while it waits', async () => {
      const queue = await h.open();
      const name = queueName('delay-depth');
      await queue.publish(name, makeJob('later'), { delayMs: 60_000 });
      expect(await queue.depth(name)).toBe(1);
    });

    it('dead-letters a job whose ttlMs passed before it was delivered, with reason "expired"', async () => {
      const queue = await h.open();
      const name = queueName('ttl');
      const expiring = makeJob('expiring');
      await queue.publish(name, expiring, { ttlMs: 40 });
      await queue.publish(name, makeJob('lasting'), { ttlMs: 60_000 });
      await sleep(120);
      const dead = await startDeadLetterInbox(queue);
      const inbox = await startInbox(queue, [name], { prefetch: 4 }, (delivery, box) => box.settle(delivery));
      await inbox.waitForLabel('lasting');
      await dead.waitForCount(1);
      expect(dead.accepted[0]).toMatchObject({ job: expiring, queue: name, reason: 'expired' });
      expect(inbox.received.map((r) => labelOf(r.delivery))).toEqual(['lasting']);
    });

    it('counts ttlMs from when a delayed job becomes due, not from when it was published', async () => {
      const queue = await h.open();
      const name = queueName('ttl-delay');
      // Counted from publishing, the TTL would end before the job is due; counted from due, it has 200 ms left.
      await queue.publish(name, makeJob('delayed'), { delayMs: 300, ttlMs: 200 });
      const inbox = await startInbox(queue, [name], { prefetch: 1 });
      const delivery = await inbox.waitForLabel('delayed');
      expect(delivery.deliveryCount).toBe(1);
    });

    it('dead-letters jobs of a queue declared with messageTtlMs once it passed, with reason "expired"', async () => {
      const queue = await h.open();
      const name = queueName('queue-ttl');
      await queue.declare(name, { messageTtlMs: 40 });
      const expiring = makeJob('expiring');
      await queue.publish(name, expiring);
      await sleep(120);
      const dead = await startDeadLetterInbox(queue);
      const inbox = await startInbox(queue, [name], { prefetch: 1 }, (delivery, box) => box.settle(delivery));
      await dead.waitForCount(1);
      expect(dead.accepted[0]).toMatchObject({ job: expiring, queue: name, reason: 'expired' });
      // A job that is delivered in time is not touched by the queue's TTL.
      await queue.publish(name, makeJob('fresh'));
      await inbox.waitForLabel('fresh');
      expect(inbox.received.map((r) => labelOf(r.delivery))).toEqual(['fresh']);
    });
  });
}
