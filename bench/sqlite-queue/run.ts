/**
 * Raw throughput of the embedded job queue alone (no engine, no store). Run with
 * `npm run build --silent && node --no-node-snapshot dist/bench/sqlite-queue/run.js [--jobs 50000] [--prefetch 256]`
 * (end-to-end queue-mode figures with the engine are `npm run bench:queue`).
 *
 * In one process, on a temp file with the production settings (WAL, synchronous=NORMAL, 30 s leases):
 * (a) publish only: jobs/s made durable by concurrent publishers (group commit);
 * (b) drain: jobs/s delivered and acked from that backlog by one consumer;
 * (c) pipeline: jobs/s published, delivered and acked at the same time (the steady state of a busy server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteQueue } from '../../src/adapters/sqlite-queue/index.js';
import type { JobQueue } from '../../src/ports/queue/types.js';

const args = new Map(process.argv.slice(2).flatMap((arg, index, all) => (arg.startsWith('--') ? [[arg.slice(2), all[index + 1] ?? '']] : [])));
const JOBS = Number(args.get('jobs') ?? 50_000);
const PREFETCH = Number(args.get('prefetch') ?? 256);
/** Publishes in flight at once: a server has many concurrent requests enqueuing work. */
const PUBLISHERS = 256;

async function publishAll(queue: JobQueue, name: string, count: number): Promise<void> {
  let next = 0;
  const publisher = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      await queue.publish(name, { id: `job-${index}`, body: { executionId: `e-${index}`, kind: 'run' } }, { priority: index % 10 });
    }
  };
  await Promise.all(Array.from({ length: PUBLISHERS }, publisher));
}

async function consumeAll(queue: JobQueue, name: string, count: number): Promise<void> {
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    queue
      .consume(
        [name],
        async (delivery) => {
          await delivery.ack();
          acked += 1;
          if (acked === count) resolve();
        },
        { prefetch: PREFETCH },
      )
      .catch(reject);
  });
}

function rate(count: number, startedAt: number): string {
  const seconds = (performance.now() - startedAt) / 1_000;
  return `${Math.round(count / seconds).toLocaleString('en-US')} jobs/s (${count} in ${seconds.toFixed(2)} s)`;
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'weft-sqlite-queue-bench-'));
  try {
    const queue = await createSqliteQueue({ file: join(folder, 'queue.db'), maxDeliveries: 5 });
    let startedAt = performance.now();
    await publishAll(queue, 'backlog', JOBS);
    console.log(`(a) publish only:            ${rate(JOBS, startedAt)}`);
    startedAt = performance.now();
    await consumeAll(queue, 'backlog', JOBS);
    console.log(`(b) deliver + ack backlog:   ${rate(JOBS, startedAt)}`);
    startedAt = performance.now();
    await Promise.all([consumeAll(queue, 'pipeline', JOBS), publishAll(queue, 'pipeline', JOBS)]);
    console.log(`(c) publish + deliver + ack: ${rate(JOBS, startedAt)}`);
    await queue.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
