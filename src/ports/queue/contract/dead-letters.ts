import { describe, expect, it } from 'vitest';
import { makeJob, queueName, startDeadLetterInbox, startInbox, waitFor, type QueueHarness } from './harness.js';

/** consumeDeadLetters: oldest first, removed once handled, kept when the handler rejects. */
export function describeDeadLetterContract(h: QueueHarness): void {
  describe('dead letters', () => {
    it('offers dead letters oldest first (in the order they died, not the order published), one at a time', async () => {
      const queue = await h.open();
      const name = queueName('dlq-order');
      const inbox = await startInbox(queue, [name], { prefetch: 3 });
      for (const label of ['a', 'b', 'c']) await queue.publish(name, makeJob(label));
      await inbox.waitForCount(3);
      for (const label of ['c', 'a', 'b']) {
        const delivery = inbox.received.find((r) => r.delivery.job.body.label === label)?.delivery;
        if (delivery === undefined) throw new Error(`job ${label} was not delivered`);
        await inbox.settle(delivery, (d) => d.deadLetter(`reason ${label}`));
      }
      let running = 0;
      let mostAtOnce = 0;
      const labels: string[] = [];
      await queue.consumeDeadLetters(async (dead) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        labels.push(`${String(dead.job.body.label)}: ${dead.reason}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running -= 1;
      });
      await waitFor(() => labels.length >= 3, 'three dead letters');
      expect(labels).toEqual(['c: reason c', 'a: reason a', 'b: reason b']);
      expect(mostAtOnce).toBe(1);
    });

    it('keeps a dead letter whose handler rejects and offers it again later; an accepted one is gone for good', async () => {
      const queue = await h.open();
      const name = queueName('dlq-keep');
      await startInbox(queue, [name], { prefetch: 3 }, (delivery, box) => box.settle(delivery, (d) => d.deadLetter('unwanted')));
      for (const label of ['a', 'b']) await queue.publish(name, makeJob(label));
      const dead = await startDeadLetterInbox(queue, (letter, offeredBefore) => letter.job.body.label === 'a' && offeredBefore === 0);
      await dead.waitForCount(2);
      const offeredLabels = dead.offered.map((d) => String(d.job.body.label));
      expect(offeredLabels.filter((l) => l === 'a')).toHaveLength(2);
      expect(offeredLabels.filter((l) => l === 'b')).toHaveLength(1);
      expect(dead.accepted.map((d) => d.reason)).toEqual(['unwanted', 'unwanted']);
      await dead.subscription.stop();

      // A new dead-letter consumer must see only what died later: the accepted ones were removed.
      await queue.publish(name, makeJob('later'));
      const again = await startDeadLetterInbox(queue);
      await again.waitForCount(1);
      expect(again.offered.map((d) => d.job.body.label)).toEqual(['later']);
    });

    it('stops offering dead letters after stop()', async () => {
      const queue = await h.open();
      const name = queueName('dlq-stop');
      await startInbox(queue, [name], { prefetch: 3 }, (delivery, box) => box.settle(delivery, (d) => d.deadLetter('unwanted')));
      const dead = await startDeadLetterInbox(queue);
      await queue.publish(name, makeJob('first'));
      await dead.waitForCount(1);
      await dead.subscription.stop();
      await dead.subscription.stop();
      await queue.publish(name, makeJob('second'));
      const next = await startDeadLetterInbox(queue);
      await next.waitForCount(1);
      expect(next.offered.map((d) => d.job.body.label)).toEqual(['second']);
      expect(dead.offered.map((d) => d.job.body.label)).toEqual(['first']);
    });
  });
}
