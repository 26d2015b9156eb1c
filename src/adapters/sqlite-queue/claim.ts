import type Database from 'better-sqlite3';
import { LEASE_LOST_REASON, type ClaimedRow, type QueueStatements } from './statements.js';

/** A job handed to this consumer by a claim. */
export interface ClaimedJob {
  readonly seq: number;
  readonly id: string;
  readonly queue: string;
  readonly priority: number;
  readonly deliveries: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * The claim statement of one subscription. Each queue's candidates come from its own index range
 * (`queue_jobs_ready`: queue, priority desc, seq), so finding the best N jobs never sorts a whole backlog; the
 * union keeps the N best across the queues. Claiming leases the job (available_at = lease end), counts the
 * delivery, and — for a job whose previous consumer's lease ran out — records why it came back and clears its
 * expiry (a job already delivered in time does not expire). SET expressions see the row as it was.
 */
export function prepareClaim(db: Database.Database, queues: readonly string[]): Database.Statement<Record<string, string | number>, ClaimedRow> {
  const perQueue = queues.map(
    (_, index) =>
      `select seq, priority from (select seq, priority from queue_jobs indexed by queue_jobs_ready
         where queue = @q${index} and available_at <= @now order by priority desc, seq limit @limit)`,
  );
  return db.prepare(
    `update queue_jobs set
       deliveries = deliveries + 1,
       last_reason = case when lease_owner is not null then @leaseLost else last_reason end,
       expires_at = case when lease_owner is not null then null else expires_at end,
       lease_owner = @owner,
       available_at = @leaseUntil
     where seq in (select seq from (${perQueue.join(' union all ')}) order by priority desc, seq limit @limit)
     returning seq, id, queue, priority, deliveries, last_reason, body, coalesce(expires_at <= @now, 0) as expired`,
  );
}

/** What one claim did: the jobs to deliver (best first) and how many it dead-lettered instead. */
export interface ClaimResult {
  readonly jobs: ClaimedJob[];
  readonly deadLettered: number;
}

/**
 * Claims up to `limit` due jobs for `owner` (run inside a group transaction). Jobs whose TTL passed, and jobs
 * already delivered `maxDeliveries` times (their consumers died or closed holding them), are dead-lettered
 * instead of delivered, and the claim looks further until it has `limit` jobs or the queues have none due.
 */
export function claimJobs(
  statements: QueueStatements,
  claim: Database.Statement<Record<string, string | number>, ClaimedRow>,
  request: { queues: readonly string[]; owner: string; limit: number; now: number; leaseMs: number; maxDeliveries: number },
): ClaimResult {
  const params: Record<string, string | number> = { owner: request.owner, now: request.now, leaseUntil: request.now + request.leaseMs, leaseLost: LEASE_LOST_REASON };
  request.queues.forEach((queue, index) => (params[`q${index}`] = queue));
  const jobs: ClaimedJob[] = [];
  let deadLettered = 0;
  for (;;) {
    const wanted = request.limit - jobs.length;
    const rows = claim.all({ ...params, limit: wanted });
    let rejected = 0;
    for (const row of rows) {
      const reason = row.expired === 1 ? 'expired' : row.deliveries > request.maxDeliveries ? `delivered ${row.deliveries - 1} times without success: ${row.last_reason ?? 'no reason given'}` : undefined;
      if (reason === undefined) {
        jobs.push({ seq: row.seq, id: row.id, queue: row.queue, priority: row.priority, deliveries: row.deliveries, body: JSON.parse(row.body) as Record<string, unknown> });
        continue;
      }
      // This claim was not a delivery: the dead letter keeps the count of real ones.
      statements.deleteJob.run(row.seq);
      statements.insertDead.run({ id: row.id, queue: row.queue, priority: row.priority, body: row.body, reason, deliveries: row.deliveries - 1, now: request.now });
      rejected += 1;
    }
    deadLettered += rejected;
    // Fewer rows than wanted: nothing more is due. None rejected: the claim is full.
    if (rows.length < wanted || rejected === 0) break;
  }
  jobs.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
  return { jobs, deadLettered };
}
