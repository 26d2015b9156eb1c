import { describe, expect, it } from 'vitest';
import type { Delivery } from '../types.js';
import { labelOf, makeJob, queueName, startDeadLetterInbox, startInbox, waitFor, type QueueHarness } from './harness.js';

/** Consumers that die holding jobs, and several consumers on one queue. */
export function describeCrashContract(h: QueueHarness): void {
  describe('crashes and competing consumers', () => {
    it("redelivers a crashed consumer's unsettled jobs to another instance, with deliveryCount incremented", async () => {
      const doomed = await h.open();
      const name = queueName('crash');
      const lost = await startInbox(doomed, [name], { prefetch: 4 });
      await doomed.publish(name, makeJob('a'));
      await doomed.publish(name, makeJob('b'));
      await lost.waitForCount(2);

      const survivor = await h.open();
      const inbox = await startInbox(survivor, [name], { prefetch: 4 }, (delivery, box) => box.settle(delivery));
      await h.crash(doomed);
      const a = await inbox.waitForLabel('a');
      const b = await inbox.waitForLabel('b');
      expect([a.deliveryCount, b.deliveryCount]).toEqual([2, 2]);
      expect(a.job).toEqual(lost.received.find((r) => labelOf(r.delivery) === 'a')?.delivery.job);
    });

    it('counts deliveries to crashed consumers toward maxDeliveries: a job that kills every consumer is dead-lettered', async () => {
      const first = await h.open(2);
      const name = queueName('poison');
      const job = makeJob('poison');
      const firstInbox = await startInbox(first, [name], { prefetch: 1 });
      await first.publish(name, job);
      await firstInbox.waitForLabel('poison', 1);

      const second = await h.open(2);
      const secondInbox = await startInbox(second, [name], { prefetch: 1 });
      await h.crash(first);
      await secondInbox.waitForLabel('poison', 2);

      const third = await h.open(2);
      const thirdInbox = await startInbox(third, [name], { prefetch: 1 });
      const dead = await startDeadLetterInbox(third);
      await h.crash(second);
      await dead.waitForCount(1);
      expect(dead.accepted[0]).toMatchObject({ job, queue: name, deliveryCount: 2 });
      expect(dead.accepted[0]?.reason).toMatch(/^delivered 2 times without success: \S/);
      expect(thirdInbox.received).toHaveLength(0);
      expect(await third.depth(name)).toBe(0);
    });

    it('never hands one job to two consumers at the same time, and each acked job exactly once', async () => {
      const first = await h.open();
      const second = await h.open();
      const name = queueName('compete');
      const inFlight = new Set<string>();
      const overlaps: string[] = [];
      const acked: string[] = [];
      const perInstance = [0, 0];
      const handler = (instance: number) => async (delivery: Delivery) => {
        const id = delivery.job.id;
        if (inFlight.has(id)) overlaps.push(id);
        inFlight.add(id);
        perInstance[instance] = (perInstance[instance] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));
        inFlight.delete(id);
        await delivery.ack();
        acked.push(id);
      };
      await first.consume([name], handler(0), { prefetch: 4 });
      await second.consume([name], handler(1), { prefetch: 4 });
      const jobs = Array.from({ length: 60 }, (_, index) => makeJob(`job${index}`));
      await Promise.all(jobs.map((job, index) => (index % 2 === 0 ? first : second).publish(name, job)));
      await waitFor(() => acked.length >= jobs.length, `${jobs.length} acked jobs`);
      expect(overlaps).toEqual([]);
      expect([...acked].sort()).toEqual(jobs.map((job) => job.id).sort());
      expect((perInstance[0] ?? 0) + (perInstance[1] ?? 0)).toBe(jobs.length);
      expect(await first.depth(name)).toBe(0);
    });
  });
}
