import type Database from 'better-sqlite3';

/** A job row as a claim returns it. */
export interface ClaimedRow {
  readonly seq: number;
  readonly id: string;
  readonly queue: string;
  readonly priority: number;
  /** Deliveries including this one. */
  readonly deliveries: number;
  readonly last_reason: string | null;
  readonly body: string;
  /** 1 when the job's TTL passed before this claim (it must be dead-lettered, not delivered). */
  readonly expired: number;
}

/** A dead letter as a claim returns it. */
export interface DeadRow {
  readonly seq: number;
  readonly id: string;
  readonly queue: string;
  readonly body: string;
  readonly reason: string;
  readonly deliveries: number;
}

/** Why a job came back when its consumer's lease ran out; ends the dead-letter reason if that was its last delivery. */
export const LEASE_LOST_REASON = 'its consumer stopped renewing its lease (the process died or stalled) before settling it';
/** A lease owner registered by a queue instance (see `queue_owners`). */
export interface OwnerRow {
  readonly owner: string;
  readonly pid: number;
  readonly started: string | null;
}

/** Why a job came back when its consumer's process was found dead on the same host. */
export const OWNER_DIED_REASON = 'its consumer process died before settling it';
/** Why a job came back when its consumer closed the queue without settling it. */
export const CLOSED_REASON = 'its consumer closed before settling it';

/** The statements of one queue instance, prepared once (better-sqlite3 statements are reusable and synchronous). */
export function prepareStatements(db: Database.Database) {
  return {
    ensureQueue: db.prepare<{ name: string; ttl: number | null }>('insert or ignore into queue_queues (name, message_ttl_ms) values (@name, @ttl)'),
    readQueue: db.prepare<[string], { ttl: number | null }>('select message_ttl_ms as ttl from queue_queues where name = ?'),
    insertJob: db.prepare<{ id: string; queue: string; priority: number; due: number; ttl: number | null; body: string }>(
      `insert into queue_jobs (id, queue, priority, available_at, ttl_ms, expires_at, body)
       values (@id, @queue, @priority, @due, @ttl, case when @ttl is null then null else @due + @ttl end, @body)`,
    ),
    ack: db.prepare<{ seq: number; owner: string; deliveries: number }>('delete from queue_jobs where seq = @seq and lease_owner = @owner and deliveries = @deliveries'),
    retry: db.prepare<{ seq: number; owner: string; deliveries: number; due: number; reason: string }>(
      `update queue_jobs set lease_owner = null, available_at = @due, last_reason = @reason,
         expires_at = case when ttl_ms is null then null else @due + ttl_ms end
       where seq = @seq and lease_owner = @owner and deliveries = @deliveries`,
    ),
    takeHeld: db.prepare<{ seq: number; owner: string; deliveries: number }, { id: string; queue: string; priority: number; body: string }>(
      'delete from queue_jobs where seq = @seq and lease_owner = @owner and deliveries = @deliveries returning id, queue, priority, body',
    ),
    deleteJob: db.prepare<[number]>('delete from queue_jobs where seq = ?'),
    insertDead: db.prepare<{ id: string; queue: string; priority: number; body: string; reason: string; deliveries: number; now: number }>(
      `insert into queue_dead_letters (id, queue, priority, body, reason, deliveries, dead_at, available_at)
       values (@id, @queue, @priority, @body, @reason, @deliveries, @now, @now)`,
    ),
    renewJobs: db.prepare<{ owner: string; until: number }>('update queue_jobs set available_at = @until where lease_owner = @owner'),
    renewDead: db.prepare<{ owner: string; until: number }>('update queue_dead_letters set available_at = @until where lease_owner = @owner'),
    returnJobs: db.prepare<{ owner: string; now: number; reason: string }>(
      `update queue_jobs set lease_owner = null, available_at = @now, last_reason = @reason,
         expires_at = case when ttl_ms is null then null else @now + ttl_ms end
       where lease_owner = @owner`,
    ),
    returnDead: db.prepare<{ owner: string; now: number }>('update queue_dead_letters set lease_owner = null, available_at = @now where lease_owner = @owner'),
    depth: db.prepare<[string], { n: number }>('select count(*) as n from queue_jobs where queue = ? and lease_owner is null'),
    nextDue: db.prepare<[string], { at: number | null }>('select min(available_at) as at from queue_jobs where queue = ?'),
    claimDead: db.prepare<{ owner: string; now: number; until: number }, DeadRow>(
      `update queue_dead_letters set lease_owner = @owner, available_at = @until
       where seq = (select seq from queue_dead_letters where available_at <= @now order by seq limit 1)
       returning seq, id, queue, body, reason, deliveries`,
    ),
    deleteDead: db.prepare<{ seq: number; owner: string }>('delete from queue_dead_letters where seq = @seq and lease_owner = @owner'),
    releaseDead: db.prepare<{ seq: number; owner: string; at: number }>('update queue_dead_letters set lease_owner = null, available_at = @at where seq = @seq and lease_owner = @owner'),
    nextDeadDue: db.prepare<[], { at: number | null }>('select min(available_at) as at from queue_dead_letters'),
    ping: db.prepare<[], { ok: number }>('select 1 as ok'),
    registerOwner: db.prepare<{ owner: string; host: string; pid: number; started: string | null; now: number }>(
      'insert into queue_owners (owner, host, pid, started, registered_at) values (@owner, @host, @pid, @started, @now)',
    ),
    localOwners: db.prepare<{ host: string; self: string }, OwnerRow>('select owner, pid, started from queue_owners where host = @host and owner <> @self'),
    deleteOwner: db.prepare<[string]>('delete from queue_owners where owner = ?'),
    // A dead owner's jobs were delivered in time: like jobs whose lease ran out, they no longer expire.
    reclaimJobs: db.prepare<{ owner: string; now: number; reason: string }, { queue: string }>(
      `update queue_jobs set lease_owner = null, available_at = @now, last_reason = @reason, expires_at = null
       where lease_owner = @owner returning queue`,
    ),
  };
}

export type QueueStatements = ReturnType<typeof prepareStatements>;
