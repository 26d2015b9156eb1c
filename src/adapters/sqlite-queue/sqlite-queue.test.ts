import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectWeftError, makeJob, sleep, startInbox, waitFor } from '../../ports/queue/contract/harness.js';
import { describeQueueContract } from '../../ports/queue/queue-contract.js';
import { openQueueDatabase } from './connection.js';
import { GroupCommitter } from './group-commit.js';
import { createSqliteQueue, type SqliteJobQueue } from './index.js';
import { applyQueueMigrations, queueMigrations } from './migrations.js';
import { useQueueChildren, type QueueChild } from './test-fixtures/child-process.js';

/** Short leases so a crashed instance's jobs come back within the suite's waits. */
const TEST_LEASE_MS = 400;

describeQueueContract('sqlite', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'weft-sqlite-queue-'));
  const opened: SqliteJobQueue[] = [];
  return {
    open: async ({ maxDeliveries }) => {
      const queue = await createSqliteQueue({ file: join(folder, 'queue.db'), maxDeliveries, leaseMs: TEST_LEASE_MS, pollMs: 20, deadLetterRetryMs: 100 });
      opened.push(queue);
      return queue;
    },
    crash: (queue) => (queue as SqliteJobQueue).abandon(),
    teardown: async () => {
      await Promise.all(opened.map((queue) => queue.close()));
      rmSync(folder, { recursive: true, force: true });
    },
  };
});

describe('SQLite queue', () => {
  let folder: string;
  const opened: SqliteJobQueue[] = [];
  const open = async (file: string, extra: { leaseMs?: number; maxDeliveries?: number } = {}): Promise<SqliteJobQueue> => {
    const queue = await createSqliteQueue({ file, maxDeliveries: extra.maxDeliveries ?? 5, leaseMs: extra.leaseMs ?? TEST_LEASE_MS, pollMs: 10 });
    opened.push(queue);
    return queue;
  };

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'weft-sqlite-queue-own-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.close()));
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  describe('group commit', () => {
    it('writes the operations asked for in one tick in ONE transaction: one failing statement fails them all, none took effect', async () => {
      const file = join(folder, 'group.db');
      const db = openQueueDatabase(file, 1_000);
      db.exec('create table t (n integer)');
      const committer = new GroupCommitter(db, file);
      try {
        const insert = db.prepare('insert into t (n) values (?)');
        const writes = Array.from({ length: 50 }, (_, n) => committer.run(() => insert.run(n).changes));
        const failing = committer.run(() => db.prepare('insert into missing_table values (1)').run());
        const outcomes = await Promise.allSettled([...writes, failing]);
        expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
        await expectWeftError(failing, 'WEFT_E_QUEUE_UNAVAILABLE', [file], 'the failing write');
        expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 0 });

        // The next tick is a new transaction: it commits on its own.
        expect(await Promise.all(Array.from({ length: 10 }, (_, n) => committer.run(() => insert.run(n).changes)))).toEqual(Array(10).fill(1));
        expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 10 });
      } finally {
        committer.close();
        db.close();
      }
    });
  });

  describe('files and migrations', () => {
    it('creates a WAL file with its migration recorded once, reopening changes nothing', async () => {
      const file = join(folder, 'nested', 'dir', 'migrate.db');
      const first = await open(file);
      await first.publish('q', makeJob('kept'));
      await first.close();
      await (await open(file)).close();
      const raw = new Database(file, { readonly: true });
      try {
        expect(raw.prepare('select version, name from weft_queue_migrations').all()).toEqual(queueMigrations.map(({ version, name }) => ({ version, name })));
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(raw.prepare('select count(*) as n from queue_jobs').get()).toEqual({ n: 1 });
      } finally {
        raw.close();
      }
    });

    it('refuses a file migrated by a newer Weft with WEFT_E_INVALID_CONFIG', async () => {
      const file = join(folder, 'newer.db');
      const raw = new Database(file);
      applyQueueMigrations(raw, queueMigrations, Date.now());
      raw.prepare('insert into weft_queue_migrations values (99, ?, 0)').run('from the future');
      raw.close();
      await expectWeftError(createSqliteQueue({ file, maxDeliveries: 5 }), 'WEFT_E_INVALID_CONFIG', ['99', 'from the future']);
    });

    it('maps a file it cannot open to WEFT_E_QUEUE_UNAVAILABLE naming the file', async () => {
      // A directory where the file should be: SQLite cannot open it.
      await expectWeftError(createSqliteQueue({ file: folder, maxDeliveries: 5 }), 'WEFT_E_QUEUE_UNAVAILABLE', [folder]);
    });

    it('refuses options that are not positive whole numbers, naming the option', async () => {
      await expectWeftError(createSqliteQueue({ file: join(folder, 'x.db'), maxDeliveries: 0 }), 'WEFT_E_INVALID_ARGUMENT', ['maxDeliveries']);
      await expectWeftError(createSqliteQueue({ file: join(folder, 'x.db'), maxDeliveries: 3, leaseMs: 1.5 }), 'WEFT_E_INVALID_ARGUMENT', ['leaseMs']);
    });
  });

  describe('deliveries', () => {
    it('refuses a second settle of one delivery with WEFT_E_CONFLICT naming the job', async () => {
      const queue = await open(join(folder, 'twice.db'));
      const job = makeJob('twice');
      await queue.publish('q', job);
      const inbox = await startInbox(queue, ['q'], { prefetch: 1 });
      const delivery = await inbox.waitForLabel('twice');
      await delivery.ack();
      await expectWeftError(delivery.retry({ reason: 'again' }), 'WEFT_E_CONFLICT', [job.id]);
      await expectWeftError(delivery.ack(), 'WEFT_E_CONFLICT', [job.id]);
    });

    it('keeps a held job leased while its consumer lives (leases are renewed), and hands it on once the consumer is abandoned', async () => {
      const file = join(folder, 'renew.db');
      const holder = await open(file, { leaseMs: 150 });
      const held = await startInbox(holder, ['q'], { prefetch: 1 });
      await holder.publish('q', makeJob('held'));
      await held.waitForLabel('held');
      const other = await open(file, { leaseMs: 150 });
      const waiting = await startInbox(other, ['q'], { prefetch: 1 });
      await sleep(600);
      expect(waiting.received).toHaveLength(0);
      await holder.abandon();
      expect((await waiting.waitForLabel('held')).deliveryCount).toBe(2);
    });
  });

  describe('across processes', () => {
    const children = useQueueChildren();

    it("gives a SIGKILLed consumer's jobs to another process (by its lease at the latest), not while it lives", async () => {
      const file = join(folder, 'killed.db');
      const parent = await open(file, { leaseMs: 300 });
      const jobs = Array.from({ length: 6 }, (_, index) => makeJob(`job${index}`));
      for (const job of jobs) await parent.publish('work', job);
      const child = children.start(file, 'work', 'hold', 300);
      await child.waitFor((lines) => lines.filter((line) => 'delivered' in line).length >= 4, 20_000);
      const held = child.lines.flatMap((line) => (typeof line.delivered === 'string' ? [line.delivered] : []));
      expect(held).toEqual(jobs.slice(0, 4).map((job) => job.id));

      const inbox = await startInbox(parent, ['work'], { prefetch: 10 });
      await inbox.waitForCount(2);
      // Several lease lengths with the child alive: its heartbeats keep its four jobs away from us.
      await sleep(1_000);
      expect(inbox.received.map((r) => r.delivery.job.id)).toEqual(jobs.slice(4).map((job) => job.id));

      expect(child.process.exitCode, 'the holding child is still alive before the kill').toBeNull();
      child.process.kill('SIGKILL');
      expect((await child.exited).signal).toBe('SIGKILL');
      await inbox.waitForCount(6, "the killed child's four jobs");
      const back = inbox.received.slice(2).map((r) => r.delivery);
      expect(back.map((d) => d.job.id).sort()).toEqual([...held].sort());
      expect(back.map((d) => d.deliveryCount)).toEqual([2, 2, 2, 2]);
    }, 30_000);

    it('never gives one job to two processes: every job is acked exactly once, both processes take part', async () => {
      const file = join(folder, 'shared.db');
      const parent = await open(file);
      await parent.declare('shared');
      const workers = [children.start(file, 'shared', 'work', 2_000), children.start(file, 'shared', 'work', 2_000)];
      await Promise.all(workers.map((worker) => worker.waitFor((lines) => lines.some((line) => line.ready === true), 20_000)));
      const jobs = Array.from({ length: 400 }, (_, index) => makeJob(`job${index}`));
      await Promise.all(jobs.map((job) => parent.publish('shared', job)));

      const acked = (worker: QueueChild): Array<Record<string, unknown>> => worker.lines.filter((line) => 'acked' in line);
      await waitFor(() => workers.reduce((sum, worker) => sum + acked(worker).length, 0) >= jobs.length, 'all jobs acked', 30_000);
      const all = workers.flatMap(acked);
      expect(all.map((line) => line.acked).sort()).toEqual(jobs.map((job) => job.id).sort());
      expect(all.every((line) => line.count === 1)).toBe(true);
      expect(workers.map((worker) => acked(worker).length).every((count) => count > 0)).toBe(true);
      expect(await parent.depth('shared')).toBe(0);
    }, 60_000);
  });
});
