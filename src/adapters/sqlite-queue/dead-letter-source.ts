import type { DeadLetter } from '../../ports/queue/types.js';
import type { QueueHost } from './host.js';
import type { PumpSource } from './pump.js';
import type { DeadRow } from './statements.js';

/**
 * The pump source of a dead-letter subscription (capacity 1: one at a time, oldest first). A dead letter is
 * leased while its handler runs, so two processes never handle the same one at once; it is deleted when the
 * handler resolves, and released to be offered again after `deadLetterRetryMs` when it rejects.
 */
export function deadLetterSource(host: QueueHost, handler: (dead: DeadLetter) => Promise<void>): PumpSource<DeadRow> {
  const { statements, options, writes } = host;
  return {
    claim: async (_limit, stopped) => {
      const row = await host.committer.run(() => {
        if (stopped() || !host.isOpen()) return undefined;
        const now = Date.now();
        return statements.claimDead.get({ owner: writes.owner, now, until: now + options.leaseMs });
      });
      return row !== undefined && host.isOpen() ? [row] : [];
    },
    nextDueAt: () => statements.nextDeadDue.get()?.at ?? undefined,
    deliver: (row, settled) => {
      const dead: DeadLetter = { job: { id: row.id, body: JSON.parse(row.body) as Record<string, unknown> }, queue: row.queue, reason: row.reason, deliveryCount: row.deliveries };
      let outcome: Promise<void>;
      try {
        outcome = Promise.resolve(handler(dead));
      } catch (error) {
        outcome = Promise.reject(error);
      }
      outcome
        .then(
          () => host.committer.run(() => void statements.deleteDead.run({ seq: row.seq, owner: writes.owner })),
          () => host.committer.run(() => void statements.releaseDead.run({ seq: row.seq, owner: writes.owner, at: Date.now() + options.deadLetterRetryMs })),
        )
        // A failed write leaves the dead letter leased: close() or the lease's end offers it again.
        .catch((error: unknown) => host.report(error, `settling dead letter ${row.id}`))
        .finally(settled);
    },
    report: host.report,
  };
}
