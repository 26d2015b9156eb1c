import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeJob, sleep, startInbox, waitFor } from '../../ports/queue/contract/harness.js';
import { createSqliteQueue, type SqliteJobQueue } from './index.js';
import { applyQueueMigrations, queueMigrations } from './migrations.js';
import { currentProcess, processIsGone } from './process-identity.js';
import { OWNER_DIED_REASON } from './statements.js';
import { useQueueChildren, type QueueChild } from './test-fixtures/child-process.js';

/** Far longer than any wait below: whatever comes back early came back because its owner was found dead. */
const LONG_LEASE_MS = 60_000;

let folder: string;
const opened: SqliteJobQueue[] = [];
const open = async (file: string, maxDeliveries = 5): Promise<SqliteJobQueue> => {
  const queue = await createSqliteQueue({ file, maxDeliveries, leaseMs: LONG_LEASE_MS, pollMs: 10 });
  opened.push(queue);
  return queue;
};

/** Marks `seq` as held by `owner` of `host` until `until`, as a process that claimed it would have. */
function leaseTo(file: string, owner: { owner: string; host: string; pid: number; started: string | null }, until: number): void {
  const raw = new Database(file);
  try {
    raw.prepare('insert into queue_owners (owner, host, pid, started, registered_at) values (@owner, @host, @pid, @started, 0)').run(owner);
    raw.prepare('update queue_jobs set lease_owner = ?, available_at = ?, deliveries = 1').run(owner.owner, until);
  } finally {
    raw.close();
  }
}

/** A PID that no process has: a child that already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'weft-sqlite-queue-owners-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('processIsGone', () => {
  it('tells a live process from an exited one, and never signals process groups', async () => {
    const self = currentProcess();
    expect(self.pid).toBe(process.pid);
    expect(processIsGone(self.pid, self.started)).toBe(false);
    expect(processIsGone(await deadPid(), null)).toBe(true);
    expect(processIsGone(0, null)).toBe(false);
    expect(processIsGone(-1, null)).toBe(false);
  });

  it.runIf(currentProcess().started !== null)('takes a PID now used by a process that started at another time as gone (a reused PID)', () => {
    expect(processIsGone(process.pid, 'another-boot:1')).toBe(true);
  });
});

describe('leases of dead processes of this host', () => {
  const children = useQueueChildren();

  /** A child consumer holding the first four of six jobs of `file`, leased for a minute; returns it and the jobs. */
  const childHoldingFour = async (file: string, parent: SqliteJobQueue): Promise<{ child: QueueChild; held: string[] }> => {
    for (let index = 0; index < 6; index += 1) await parent.publish('work', makeJob(`job${index}`));
    const child = children.start(file, 'work', 'hold', LONG_LEASE_MS);
    await child.waitFor((lines) => lines.filter((line) => 'delivered' in line).length >= 4, 20_000);
    return { child, held: child.lines.flatMap((line) => (typeof line.delivered === 'string' ? [line.delivered] : [])) };
  };

  it('gives a SIGKILLed consumer\'s jobs to a running consumer within seconds, not after the lease, and not while it lives', async () => {
    const file = join(folder, 'killed.db');
    const parent = await open(file);
    const { child, held } = await childHoldingFour(file, parent);
    const inbox = await startInbox(parent, ['work'], { prefetch: 10 });
    await inbox.waitForCount(2);
    // Several sweeps with the child alive: its jobs stay with it.
    await sleep(2_500);
    expect(inbox.received).toHaveLength(2);

    child.process.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await child.exited).signal).toBe('SIGKILL');
    await waitFor(() => inbox.received.length >= 6, "the killed child's four jobs", 10_000);
    expect(Date.now() - killedAt).toBeLessThan(LONG_LEASE_MS / 6);
    const back = inbox.received.slice(2).map((r) => r.delivery);
    expect(back.map((d) => d.job.id).sort()).toEqual([...held].sort());
    expect(back.map((d) => d.deliveryCount)).toEqual([2, 2, 2, 2]);
  }, 40_000);

  it('takes them back when a queue is opened, before anything consumes', async () => {
    const file = join(folder, 'reopened.db');
    const parent = await open(file);
    const { child } = await childHoldingFour(file, parent);
    expect(await parent.depth('work')).toBe(2);
    await parent.close();
    child.process.kill('SIGKILL');
    await child.exited;
    const next = await open(file);
    expect(await next.depth('work')).toBe(6);
  }, 40_000);

  it('counts the lost delivery: a job whose consumers keep dying is dead-lettered with the reason', async () => {
    const file = join(folder, 'poison.db');
    const queue = await open(file, 1);
    await queue.publish('work', makeJob('poison'));
    leaseTo(file, { owner: 'dead-one', host: currentProcess().host, pid: await deadPid(), started: null }, Date.now() + LONG_LEASE_MS);
    const dead: string[] = [];
    await queue.consumeDeadLetters(async (letter) => void dead.push(letter.reason));
    await startInbox(queue, ['work'], { prefetch: 1 });
    await waitFor(() => dead.length === 1, 'the dead letter', 5_000);
    expect(dead[0]).toBe(`delivered 1 times without success: ${OWNER_DIED_REASON}`);
  });

  it('leaves the leases of other hosts to their timeout, whatever their PID', async () => {
    const file = join(folder, 'other-host.db');
    const queue = await open(file);
    await queue.publish('work', makeJob('remote'));
    const leaseEnd = Date.now() + 2_500;
    leaseTo(file, { owner: 'remote-one', host: `${currentProcess().host}-elsewhere`, pid: await deadPid(), started: null }, leaseEnd);
    const inbox = await startInbox(queue, ['work'], { prefetch: 1 });
    await waitFor(() => inbox.received.length === 1, 'the job once its lease ran out', 10_000);
    expect(inbox.received[0]!.at).toBeGreaterThanOrEqual(leaseEnd);
    expect(inbox.received[0]!.delivery.deliveryCount).toBe(2);
  });

  it.runIf(currentProcess().started !== null)('takes back the leases of an owner whose PID now belongs to another process', async () => {
    const file = join(folder, 'reused.db');
    const queue = await open(file);
    await queue.publish('work', makeJob('reused'));
    // This very test process has the PID now, but it is not the process that took the lease.
    leaseTo(file, { owner: 'previous-life', host: currentProcess().host, pid: process.pid, started: 'another-boot:1' }, Date.now() + LONG_LEASE_MS);
    const inbox = await startInbox(queue, ['work'], { prefetch: 1 });
    await waitFor(() => inbox.received.length === 1, 'the job of the previous owner of this PID', 5_000);
  });

  it('forgets an owner that closed; an owner file from before owners were recorded opens and works', async () => {
    const file = join(folder, 'legacy.db');
    const raw = new Database(file);
    applyQueueMigrations(raw, queueMigrations.slice(0, 1), Date.now());
    raw.prepare("insert into queue_jobs (id, queue, priority, available_at, body) values ('old', 'work', 4, 0, '{\"label\":\"old\"}')").run();
    raw.close();
    const queue = await open(file);
    const inbox = await startInbox(queue, ['work'], { prefetch: 1 }, (delivery) => delivery.ack());
    await inbox.waitForCount(1);
    expect(inbox.received[0]!.delivery.job.id).toBe('old');
    await queue.close();
    const check = new Database(file, { readonly: true });
    try {
      expect(check.prepare('select max(version) as v from weft_queue_migrations').get()).toEqual({ v: 2 });
      expect(check.prepare('select count(*) as n from queue_owners').get()).toEqual({ n: 0 });
    } finally {
      check.close();
    }
  });
});
