import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { WeftError } from '../../core/errors/index.js';
import type { ConsumeOptions, DeadLetter, JobHandler, JobMessage, JobQueue, PublishOptions, QueueOptions, Subscription } from '../../ports/queue/types.js';
import type { ClaimedJob } from './claim.js';
import { openQueueDatabase } from './connection.js';
import { deadLetterSource } from './dead-letter-source.js';
import type { Settler } from './delivery.js';
import { closedQueueError, toQueueError } from './errors.js';
import { GroupCommitter, type WriteOp } from './group-commit.js';
import type { QueueHost } from './host.js';
import { jobSource } from './job-source.js';
import { joinLocalInstances } from './local-wakeups.js';
import { applyQueueMigrations, queueMigrations } from './migrations.js';
import { resolveQueueOptions, type ResolvedQueueOptions, type SqliteQueueOptions } from './options.js';
import { DEAD_OWNER_SWEEP_MS, deadLocalOwners, forgetOwnerOp, reclaimOwnerOp, registerOwnerOp } from './owners.js';
import { currentProcess } from './process-identity.js';
import { Pump } from './pump.js';
import { CLOSED_REASON, prepareStatements, type QueueStatements } from './statements.js';
import { checkConsume, checkJob, checkPublishOptions, checkQueueName, checkQueueOptions } from './validation.js';
import { ackOp, deadLetterOp, declareOp, publishOp, renewOp, retryOp, returnAllOp, type WriteContext } from './writes.js';

/** The embedded queue, with one extra for tests and for a process that must exit at once. */
export interface SqliteJobQueue extends JobQueue {
  /**
   * Drops this instance as if its process died: timers stop and the file is closed WITHOUT settling or giving back
   * its deliveries, so their leases run out and other instances deliver them again after `leaseMs`. Later calls
   * fail with WEFT_E_QUEUE_UNAVAILABLE.
   */
  abandon(): Promise<void>;
}

/**
 * Opens (creating and migrating when needed) the embedded durable job queue in its own SQLite file. Several
 * processes may open the same file: each claims jobs under its own lease, which it renews every `leaseMs / 3`.
 *
 * @example
 * const queue = await createSqliteQueue({ file: join(dataDir, 'queue.db'), maxDeliveries: 5 });
 * await queue.publish('executions', { id: executionId, body: { executionId } }, { priority: 6 });
 * await queue.consume(['executions'], async (delivery) => { await run(delivery.job.body); await delivery.ack(); }, { prefetch: 8 });
 */
export async function createSqliteQueue(options: SqliteQueueOptions): Promise<SqliteJobQueue> {
  const resolved = resolveQueueOptions(options);
  let db: Database.Database | undefined;
  let queue: SqliteQueue | undefined;
  try {
    db = openQueueDatabase(resolved.file, resolved.busyTimeoutMs);
    applyQueueMigrations(db, queueMigrations, Date.now());
    queue = new SqliteQueue(resolved, db, prepareStatements(db));
    await queue.register();
    return queue;
  } catch (error) {
    if (queue) await queue.abandon();
    else db?.close();
    throw toQueueError(error, resolved.file);
  }
}

class SqliteQueue implements SqliteJobQueue, QueueHost {
  readonly kind = 'sqlite';
  readonly committer: GroupCommitter;
  readonly writes: WriteContext;
  readonly settler: Settler;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closing: Promise<void> | undefined;
  private readonly jobPumps = new Map<Pump<ClaimedJob>, readonly string[]>();
  private readonly deadPumps = new Set<Pump<unknown>>();
  /** TTL of queues this instance has seen declared; declarations never change, so this never goes stale. */
  private readonly queueTtls = new Map<string, number | null>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly ownerSweep: NodeJS.Timeout;
  private sweeping: Promise<void> | undefined;
  private readonly local: ReturnType<typeof joinLocalInstances>;

  constructor(
    readonly options: ResolvedQueueOptions,
    private readonly db: Database.Database,
    readonly statements: QueueStatements,
  ) {
    this.committer = new GroupCommitter(db, options.file);
    this.writes = { statements, owner: randomUUID(), maxDeliveries: options.maxDeliveries };
    this.settler = this.createSettler();
    this.local = joinLocalInstances(options.file, { jobsDue: (queue, at) => this.wakeConsumersOf(queue, at), deadLettered: () => this.wakeDeadLetterConsumers() });
    // Like a broker connection, an open queue keeps the process alive (until close()): a consumer whose handlers
    // hold deliveries without other pending I/O must not exit quietly and lose its leases.
    this.heartbeat = setInterval(() => this.renewLeases(), Math.max(1, Math.floor(options.leaseMs / 3)));
    // Consumers already running notice a process of this host dying within this, not only when its leases end.
    this.ownerSweep = setInterval(() => void this.reclaimDeadOwners(), DEAD_OWNER_SWEEP_MS);
    this.ownerSweep.unref();
  }

  /** Records this instance as a lease owner of this process, and takes back the leases of dead local processes. */
  async register(): Promise<void> {
    await this.committer.run(registerOwnerOp(this.statements, this.writes.owner, currentProcess(), Date.now()));
    await this.reclaimDeadOwners();
  }

  isOpen(): boolean {
    return this.state === 'open';
  }

  readonly report = (error: unknown, what: string): void => {
    this.options.logger?.warn({ err: error, file: this.options.file }, `SQLite queue: ${what} failed`);
  };

  deadLettered(): void {
    this.local.announceDeadLetters();
  }

  async declare(queue: string, options?: QueueOptions): Promise<void> {
    this.assertOpen();
    const name = checkQueueName(queue);
    const ttl = checkQueueOptions(options);
    let existing = this.queueTtls.get(name);
    if (existing === undefined) {
      existing = await this.committer.run(declareOp(this.writes, name, ttl));
      this.queueTtls.set(name, existing);
    }
    if (existing !== ttl) {
      throw new WeftError(
        'WEFT_E_CONFLICT',
        `Queue ${name} is already declared with messageTtlMs ${existing ?? 'unset'}; it cannot be redeclared with messageTtlMs ${ttl ?? 'unset'}`,
        { queue: name, messageTtlMs: existing, requested: ttl },
      );
    }
  }

  async publish(queue: string, job: JobMessage, options?: PublishOptions): Promise<void> {
    this.assertOpen();
    const name = checkQueueName(queue);
    const body = checkJob(job);
    const { priority, delayMs, ttlMs } = checkPublishOptions(options);
    const due = Date.now() + delayMs;
    const queueTtl = await this.committer.run(publishOp(this.writes, { queue: name, id: job.id, priority, due, ttlMs, body, queueTtl: this.queueTtls.get(name) }));
    this.queueTtls.set(name, queueTtl);
    this.local.announceJobs(name, due);
  }

  async consume(queues: readonly string[], handler: JobHandler, options: ConsumeOptions): Promise<Subscription> {
    this.assertOpen();
    const names = checkConsume(queues, options?.prefetch);
    let source;
    try {
      source = jobSource(this, this.db, names, handler);
    } catch (error) {
      throw toQueueError(error, this.options.file);
    }
    const pump: Pump<ClaimedJob> = new Pump(source, options.prefetch, this.options.pollMs, () => this.jobPumps.delete(pump));
    this.jobPumps.set(pump, names);
    // A new consumer takes over the jobs of a local process that died since the last sweep: queued first, the
    // reclaim runs before the pump's claim in the same transaction.
    void this.reclaimDeadOwners();
    pump.wake();
    return pump;
  }

  async consumeDeadLetters(handler: (dead: DeadLetter) => Promise<void>): Promise<Subscription> {
    this.assertOpen();
    const pump: Pump<unknown> = new Pump(deadLetterSource(this, handler), 1, this.options.pollMs, () => this.deadPumps.delete(pump));
    this.deadPumps.add(pump);
    pump.wake();
    return pump;
  }

  async depth(queue: string): Promise<number> {
    this.assertOpen();
    const name = checkQueueName(queue);
    return this.read(() => this.statements.depth.get(name)?.n ?? 0);
  }

  async health(): Promise<boolean> {
    if (!this.isOpen()) return false;
    try {
      return this.statements.ping.get()?.ok === 1;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown(true);
    return this.closing;
  }

  abandon(): Promise<void> {
    this.closing ??= this.shutDown(false);
    return this.closing;
  }

  /**
   * Stops every consumer, writes what was asked for before, and (unless abandoning) gives back every delivery and
   * dead letter still held, due now, in one transaction; then closes the file.
   */
  private async shutDown(giveBack: boolean): Promise<void> {
    this.state = 'closing';
    clearInterval(this.heartbeat);
    clearInterval(this.ownerSweep);
    this.local.leave();
    const pumps = [...this.jobPumps.keys(), ...this.deadPumps];
    this.jobPumps.clear();
    this.deadPumps.clear();
    if (giveBack) {
      await Promise.all(pumps.map((pump) => pump.stop()));
      await this.committer.drain();
      const giveBackAll = returnAllOp(this.writes, CLOSED_REASON, Date.now());
      const forget = forgetOwnerOp(this.statements, this.writes.owner);
      await this.committer
        .run((db) => {
          giveBackAll(db);
          forget(db);
        })
        .catch((error: unknown) => this.report(error, 'giving back unsettled deliveries'));
    } else {
      for (const pump of pumps) void pump.stop();
    }
    this.committer.close();
    this.state = 'closed';
    this.db.close();
  }

  private createSettler(): Settler {
    const afterSettle = (job: ClaimedJob, held: boolean): void => {
      if (!held) this.report(new Error(`the lease on job ${job.id} (delivery ${job.deliveries}) ran out before it was settled; it is delivered again`), 'settling a job');
    };
    return {
      ack: async (job) => afterSettle(job, await this.run(ackOp(this.writes, job))),
      retry: async (job, reason, delayMs) => {
        const now = Date.now();
        afterSettle(job, await this.run(retryOp(this.writes, job, reason, now + delayMs, now)));
        if (job.deliveries >= this.options.maxDeliveries) this.deadLettered();
        else this.local.announceJobs(job.queue, now + delayMs);
      },
      deadLetter: async (job, reason) => {
        afterSettle(job, await this.run(deadLetterOp(this.writes, job, reason, Date.now())));
        this.deadLettered();
      },
    };
  }

  /** Settles go through the committer even while closing (close() writes them before giving the rest back). */
  private run<T>(op: WriteOp<T>): Promise<T> {
    if (this.state === 'closed') return Promise.reject(closedQueueError(this.options.file));
    return this.committer.run(op);
  }

  private wakeConsumersOf(queue: string, due: number): void {
    for (const [pump, queues] of this.jobPumps) if (queues.includes(queue)) pump.wakeAt(due);
  }

  private wakeDeadLetterConsumers(): void {
    for (const pump of this.deadPumps) pump.wake();
  }

  /**
   * Takes back at once what processes of this host that died held (see owners.ts), and wakes the consumers of
   * what came back. One sweep at a time; failures are only reported (the leases then run out as before).
   */
  private reclaimDeadOwners(): Promise<void> {
    if (!this.isOpen()) return Promise.resolve();
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    try {
      for (const owner of deadLocalOwners(this.statements, currentProcess(), this.writes.owner)) {
        if (!this.isOpen()) return;
        const now = Date.now();
        const reclaimed = await this.committer.run(reclaimOwnerOp(this.statements, owner, now));
        for (const queue of reclaimed.queues) this.local.announceJobs(queue, now);
        if (reclaimed.deadLetters > 0) this.deadLettered();
      }
    } catch (error) {
      this.report(error, 'taking back the leases of dead processes');
    }
  }

  private renewLeases(): void {
    if (!this.isOpen()) return;
    this.committer.run(renewOp(this.writes, Date.now() + this.options.leaseMs)).catch((error: unknown) => this.report(error, 'renewing leases'));
  }

  private read<T>(query: () => T): T {
    try {
      return query();
    } catch (error) {
      throw toQueueError(error, this.options.file);
    }
  }

  private assertOpen(): void {
    if (!this.isOpen()) throw closedQueueError(this.options.file);
  }
}
