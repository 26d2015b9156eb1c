import type Database from 'better-sqlite3';
import type { JobHandler } from '../../ports/queue/types.js';
import { claimJobs, prepareClaim, type ClaimedJob } from './claim.js';
import { deliverJob } from './delivery.js';
import type { QueueHost } from './host.js';
import type { PumpSource } from './pump.js';

/** The pump source of a job subscription on `queues`: claims their best due jobs and hands them to `handler`. */
export function jobSource(host: QueueHost, db: Database.Database, queues: readonly string[], handler: JobHandler): PumpSource<ClaimedJob> {
  const claim = prepareClaim(db, queues);
  const { statements, options, writes } = host;
  return {
    claim: async (limit, stopped) => {
      const result = await host.committer.run(() =>
        stopped() || !host.isOpen()
          ? { jobs: [], deadLettered: 0 }
          : claimJobs(statements, claim, { queues, owner: writes.owner, limit, now: Date.now(), leaseMs: options.leaseMs, maxDeliveries: options.maxDeliveries }),
      );
      if (result.deadLettered > 0) host.deadLettered();
      // Claimed while close() began: close() gives these back (they are leased to this instance), never handed out.
      return host.isOpen() ? result.jobs : [];
    },
    nextDueAt: () => {
      let next: number | undefined;
      for (const queue of queues) {
        const at = statements.nextDue.get(queue)?.at ?? undefined;
        if (at !== undefined && (next === undefined || at < next)) next = at;
      }
      return next;
    },
    deliver: (job, settled) => deliverJob(job, handler, host.settler, settled, host.report),
    report: host.report,
  };
}
