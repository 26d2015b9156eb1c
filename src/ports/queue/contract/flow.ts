import { describe, expect, it } from 'vitest';
import type { Delivery } from '../types.js';
import { QUIET_WINDOW_MS, expectWeftError, labelOf, makeJob, queueName, sleep, startInbox, type QueueHarness } from './harness.js';

/** Prefetch, stopping a subscription, and closing with deliveries still unsettled. */
export function describeFlowContract(h: QueueHarness): void {
  describe('flow control', () => {
    it('never has more than prefetch deliveries unsettled; more arrive as deliveries are settled', async () => {
      const queue = await h.open();
      const name = queueName('prefetch');
      for (let index = 0; index < 8; index += 1) await queue.publish(name, makeJob(`job${index}`));
      const inbox = await startInbox(queue, [name], { prefetch: 3 });
      await inbox.waitForCount(3);
      await sleep(QUIET_WINDOW_MS);
      expect(inbox.received).toHaveLength(3);

      await inbox.settle(inbox.received[0]!.delivery);
      await inbox.waitForCount(4);
      await sleep(QUIET_WINDOW_MS);
      expect(inbox.received).toHaveLength(4);

      // Settle everything as it comes, in every way: all eight arrive, never more than three at once.
      const ways = [(d: Delivery) => d.ack(), (d: Delivery) => d.deadLetter('done')];
      for (let settled = 1; settled < 8; settled += 1) {
        await inbox.waitForCount(Math.min(8, settled + 3));
        await inbox.settle(inbox.received[settled]!.delivery, ways[settled % 2]);
      }
      expect(inbox.received.map((r) => labelOf(r.delivery))).toEqual(Array.from({ length: 8 }, (_, index) => `job${index}`));
      expect(inbox.maxUnsettled()).toBe(3);
      expect(await queue.depth(name)).toBe(0);
    });

    it('stop() ends new deliveries, while deliveries already handed out can still be settled', async () => {
      const queue = await h.open();
      const name = queueName('stop');
      const inbox = await startInbox(queue, [name], { prefetch: 2 });
      await queue.publish(name, makeJob('held'));
      const held = await inbox.waitForLabel('held');
      await inbox.subscription.stop();
      await inbox.subscription.stop();
      await queue.publish(name, makeJob('after-stop'));
      await sleep(QUIET_WINDOW_MS);
      expect(inbox.received.map((r) => labelOf(r.delivery))).toEqual(['held']);
      await inbox.settle(held);
      expect(await queue.depth(name)).toBe(1);

      const next = await startInbox(queue, [name], { prefetch: 2 });
      const delivery = await next.waitForLabel('after-stop');
      expect(delivery.deliveryCount).toBe(1);
      expect(next.received.map((r) => labelOf(r.delivery))).toEqual(['after-stop']);
    });

    it('close() gives unsettled deliveries back at once (as one more delivery); settling them afterwards fails', async () => {
      const first = await h.open();
      const name = queueName('close');
      const inbox = await startInbox(first, [name], { prefetch: 4 });
      await first.publish(name, makeJob('unsettled'));
      await first.publish(name, makeJob('acked'));
      await inbox.waitForCount(2);
      const unsettled = await inbox.waitForLabel('unsettled');
      await inbox.settle(await inbox.waitForLabel('acked'));
      await first.close();
      await expectWeftError(unsettled.ack(), 'WEFT_E_QUEUE_UNAVAILABLE', [], 'ack after close');

      const second = await h.open();
      await second.publish(name, makeJob('sentinel'));
      const next = await startInbox(second, [name], { prefetch: 4 });
      await next.waitForLabel('sentinel');
      const back = await next.waitForLabel('unsettled');
      expect(back.deliveryCount).toBe(2);
      expect(back.job).toEqual(unsettled.job);
      expect(next.received.map((r) => labelOf(r.delivery)).sort()).toEqual(['sentinel', 'unsettled']);
    });
  });
}
