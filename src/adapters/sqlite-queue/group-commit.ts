import type Database from 'better-sqlite3';
import { closedQueueError, toQueueError } from './errors.js';

/** A piece of write work run synchronously inside a group transaction; it must only throw on SQLite failures. */
export type WriteOp<T> = (db: Database.Database) => T;

interface PendingOp {
  readonly op: WriteOp<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Most operations written in one transaction; the rest go into the next one, so a huge burst never stalls I/O. */
const MAX_BATCH = 2_000;

/**
 * Group commit: every write (publish, ack, retry, claim, lease renewal) asked for in the same tick of the event
 * loop runs in ONE `BEGIN IMMEDIATE` transaction, flushed on `setImmediate`. A commit costs far more than the
 * statements in it, so a thousand concurrent publishes cost about one commit. Each caller's promise settles after
 * the commit (a publish is durable when it resolves). If the transaction fails, none of its work took effect and
 * every caller in it gets the mapped error (WEFT_E_QUEUE_UNAVAILABLE naming the file).
 *
 * @example
 * const committer = new GroupCommitter(db, file);
 * const changes = await committer.run((db) => db.prepare('delete from queue_jobs where seq = ?').run(7).changes);
 */
export class GroupCommitter {
  private pending: PendingOp[] = [];
  private scheduled = false;
  private closed = false;
  private drainWaiters: Array<() => void> = [];
  private readonly transaction: Database.Transaction<(batch: readonly PendingOp[]) => unknown[]>;

  constructor(
    db: Database.Database,
    private readonly file: string,
  ) {
    this.transaction = db.transaction((batch: readonly PendingOp[]) => batch.map((pending) => pending.op(db)));
  }

  /** Queues `op` for the next group transaction; resolves with its result once committed. */
  run<T>(op: WriteOp<T>): Promise<T> {
    if (this.closed) return Promise.reject(closedQueueError(this.file));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ op, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves once everything queued so far (and anything queued meanwhile) is written or failed. */
  drain(): Promise<void> {
    if (this.pending.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Refuses new work; work still queued fails with WEFT_E_QUEUE_UNAVAILABLE (call `drain` first to keep it). */
  close(): void {
    this.closed = true;
    const dropped = this.pending.splice(0);
    for (const pending of dropped) pending.reject(closedQueueError(this.file));
    this.notifyDrained();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending.splice(0, MAX_BATCH);
    if (this.pending.length > 0) this.schedule();
    if (batch.length > 0) this.commit(batch);
    if (this.pending.length === 0) this.notifyDrained();
  }

  private commit(batch: readonly PendingOp[]): void {
    let results: unknown[];
    try {
      results = this.transaction.immediate(batch);
    } catch (error) {
      const mapped = toQueueError(error, this.file);
      for (const pending of batch) pending.reject(mapped);
      return;
    }
    batch.forEach((pending, index) => pending.resolve(results[index]));
  }

  private notifyDrained(): void {
    if (this.scheduled) return;
    for (const waiter of this.drainWaiters.splice(0)) waiter();
  }
}
