import type { ClaimedJob } from './claim.js';
import type { WriteOp } from './group-commit.js';
import type { QueueStatements } from './statements.js';

/** What the write operations of one queue instance share. */
export interface WriteContext {
  readonly statements: QueueStatements;
  /** This instance's lease owner id. */
  readonly owner: string;
  readonly maxDeliveries: number;
}

/** Creates `queue` with `ttl` unless it exists; returns the TTL the queue has (its own when it existed). */
export function declareOp(ctx: WriteContext, queue: string, ttl: number | null): WriteOp<number | null> {
  return () => {
    ctx.statements.ensureQueue.run({ name: queue, ttl });
    return ctx.statements.readQueue.get(queue)?.ttl ?? null;
  };
}

/** A job to add, checked and encoded. `queueTtl` is the queue's TTL when this instance knows it already. */
export interface NewJob {
  readonly queue: string;
  readonly id: string;
  readonly priority: number;
  readonly due: number;
  readonly ttlMs: number | undefined;
  readonly body: string;
  readonly queueTtl: number | null | undefined;
}

/**
 * Adds a job (declaring its queue with default options when needed) and returns the queue's TTL. The job's TTL
 * is the lower of its own and its queue's, as with RabbitMQ, and counts from when it is due.
 */
export function publishOp(ctx: WriteContext, job: NewJob): WriteOp<number | null> {
  return (db) => {
    const queueTtl = job.queueTtl !== undefined ? job.queueTtl : declareOp(ctx, job.queue, null)(db);
    const ttls = [job.ttlMs, queueTtl].filter((ttl): ttl is number => typeof ttl === 'number');
    ctx.statements.insertJob.run({
      id: job.id,
      queue: job.queue,
      priority: job.priority,
      due: job.due,
      ttl: ttls.length === 0 ? null : Math.min(...ttls),
      body: job.body,
    });
    return queueTtl;
  };
}

/** Removes a job this instance holds. False when its lease was lost meanwhile (another consumer may have it). */
export function ackOp(ctx: WriteContext, job: ClaimedJob): WriteOp<boolean> {
  return () => ctx.statements.ack.run({ seq: job.seq, owner: ctx.owner, deliveries: job.deliveries }).changes === 1;
}

/**
 * Gives a held job back, due at `due`; on its maxDeliveries-th delivery it is dead-lettered instead, with
 * `delivered N times without success: <reason>`. False when the lease was lost meanwhile.
 */
export function retryOp(ctx: WriteContext, job: ClaimedJob, reason: string, due: number, now: number): WriteOp<boolean> {
  if (job.deliveries >= ctx.maxDeliveries) return deadLetterOp(ctx, job, `delivered ${job.deliveries} times without success: ${reason}`, now);
  return () => ctx.statements.retry.run({ seq: job.seq, owner: ctx.owner, deliveries: job.deliveries, due, reason }).changes === 1;
}

/** Moves a held job to the dead letters with `reason`. False when the lease was lost meanwhile. */
export function deadLetterOp(ctx: WriteContext, job: ClaimedJob, reason: string, now: number): WriteOp<boolean> {
  return () => {
    const row = ctx.statements.takeHeld.get({ seq: job.seq, owner: ctx.owner, deliveries: job.deliveries });
    if (row === undefined) return false;
    ctx.statements.insertDead.run({ ...row, reason, deliveries: job.deliveries, now });
    return true;
  };
}

/** Pushes the lease end of everything this instance holds (jobs and dead letters) to `until`. */
export function renewOp(ctx: WriteContext, until: number): WriteOp<void> {
  return () => {
    ctx.statements.renewJobs.run({ owner: ctx.owner, until });
    ctx.statements.renewDead.run({ owner: ctx.owner, until });
  };
}

/** Gives back everything this instance holds, due now; returned jobs keep their delivery count. */
export function returnAllOp(ctx: WriteContext, reason: string, now: number): WriteOp<void> {
  return () => {
    ctx.statements.returnJobs.run({ owner: ctx.owner, now, reason });
    ctx.statements.returnDead.run({ owner: ctx.owner, now });
  };
}
