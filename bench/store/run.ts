/**
 * Store benchmark (issue 4). Run with `npm run bench:store` or
 * `npm run build --silent && node --no-node-snapshot dist/bench/store/run.js [--rows 1000000] [--skip-10m] [--keep]`.
 *
 * Against SQLite (a temp file) and PostgreSQL (a fresh database on the test server, dropped at the end):
 * (a) execution records written and finished per second with group commit (batched createExecutions +
 *     finishExecutions, several concurrent writers);
 * (b) listExecutions page latency p50/p99 over 1M rows of history spread over 90 days (bulk-loaded in SQL,
 *     not through the port): first pages, deep pages through a cursor, filtered by workflow and status;
 *     PostgreSQL also at 10M rows when the disk has room;
 * (c) cache-hit latency of workflow reads (L1 in-process, L2 Redis) next to the store read.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPostgresStore } from '../../src/adapters/postgres-store/index.js';
import { createSqliteStore } from '../../src/adapters/sqlite-store/index.js';
import type { WorkflowDocument } from '../../src/core/model/types.js';
import type { Store } from '../../src/ports/store/index.js';
import { createTestDatabase } from '../../src/testing/postgres.js';
import { parseArgs, type BenchArgs } from './args.js';
import { measureCache } from './cache-latency.js';
import { measureListLatency, type LatencyRow } from './list-latency.js';
import { loadPostgresHistory } from './load-postgres.js';
import { loadSqliteHistory } from './load-sqlite.js';
import { formatCount, formatMs } from './stats.js';
import type { SyntheticHistory } from './synthetic.js';
import { measureThroughput } from './throughput.js';

const HISTORY_DAYS = 90;
const WORKFLOWS = 50;
const TARGET_WRITES_PER_S = 5_000;
const TARGET_P99_1M_MS = 20;
const TARGET_P99_10M_MS = 50;

const benchWorkflow: WorkflowDocument = {
  name: 'bench',
  nodes: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
  connections: {},
};

function progress(label: string, total: number): (rows: number) => void {
  let last = 0;
  const started = performance.now();
  return (rows) => {
    if (rows - last < total / 10 && rows < total) return;
    last = rows;
    const seconds = (performance.now() - started) / 1000;
    console.log(`    ${label}: ${formatCount(rows)} / ${formatCount(total)} rows (${seconds.toFixed(0)} s, ${formatCount(rows / seconds)} rows/s)`);
  };
}

function printLatency(title: string, rows: readonly LatencyRow[], targetP99Ms: number): void {
  console.log(`  ${title}`);
  console.log('    | query (page of 50) | p50 | p99 | max | p99 vs target |');
  console.log('    | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    console.log(`    | ${row.label} | ${formatMs(row.p50)} | ${formatMs(row.p99)} | ${formatMs(row.max)} | ${(row.p99 / targetP99Ms).toFixed(2)} × of ${targetP99Ms} ms |`);
  }
}

async function throughput(label: string, store: Store, args: BenchArgs, workflowId: string): Promise<void> {
  const result = await measureThroughput(store, { executions: args.executions, batchSize: args.batch, writers: args.writers, workflowId });
  console.log(`  (a) ${label}: ${formatCount(result.executions)} executions created + finished in ${(result.wallMs / 1000).toFixed(2)} s`);
  console.log(`      ${formatCount(result.perSecond)} executions/s (${args.writers} writers × batches of ${args.batch}; ${(result.perSecond / TARGET_WRITES_PER_S).toFixed(2)} × the ${formatCount(TARGET_WRITES_PER_S)}/s target)`);
}

async function cacheLatency(store: Store, args: BenchArgs, workflowId: string): Promise<void> {
  const { hits, storeP50Us, storeP99Us, l2Note } = await measureCache(store, workflowId, args.redisUrl);
  console.log('  (c) getWorkflow latency, p50 / p99:');
  console.log(`      store read        ${storeP50Us.toFixed(1)} µs / ${storeP99Us.toFixed(1)} µs`);
  console.log(`      L1 hit            ${hits.l1.p50Us} µs / ${hits.l1.p99Us} µs (${(storeP50Us / hits.l1.p50Us).toFixed(0)} × faster than the store at p50)`);
  if (hits.l2) console.log(`      L2 hit (Redis)    ${hits.l2.p50Us} µs / ${hits.l2.p99Us} µs (${(storeP50Us / hits.l2.p50Us).toFixed(1)} × the store at p50)`);
  if (l2Note) console.log(`      ${l2Note}`);
}

async function benchSqlite(args: BenchArgs): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-store-'));
  const file = join(dir, 'weft.db');
  const encryptionKey = randomBytes(32);
  console.log(`\nSQLite (${file})`);
  try {
    let store = await createSqliteStore({ file, encryptionKey });
    const workflow = await store.createWorkflow({ name: 'bench', definition: benchWorkflow });
    try {
      await throughput('insert + finish', store, args, workflow.id);
      await cacheLatency(store, args, workflow.id);
    } finally {
      await store.close();
    }
    const history: SyntheticHistory = { rows: args.rows, days: HISTORY_DAYS, workflows: WORKFLOWS, until: Date.now() };
    console.log(`  (b) loading ${formatCount(args.rows)} executions over ${HISTORY_DAYS} days (direct INSERTs, one transaction per 50,000)`);
    loadSqliteHistory(file, history, progress('sqlite', args.rows));
    store = await createSqliteStore({ file, encryptionKey });
    try {
      printLatency(`listExecutions at ${formatCount(args.rows)} rows (SQLite)`, await measureListLatency(store, history, args.samples), TARGET_P99_1M_MS);
    } finally {
      await store.close();
    }
  } finally {
    if (args.keep) console.log(`  kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes the executions partitions take, per row, to tell whether 10M rows fit on the disk. */
async function bytesPerRow(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string; count: string }>(
      `select coalesce(sum(pg_total_relation_size(inhrelid)), 0) as bytes, (select count(*) from executions) as count
       from pg_inherits where inhparent = 'executions'::regclass`,
    );
    return Number(rows[0]?.bytes ?? 0) / Math.max(1, Number(rows[0]?.count ?? 1));
  } finally {
    await client.end();
  }
}

async function benchPostgres(args: BenchArgs): Promise<void> {
  const database = await createTestDatabase('weft_bench');
  console.log(`\nPostgreSQL (database ${database.name})`);
  let store: Store | undefined;
  try {
    store = await createPostgresStore({ url: database.url, encryptionKey: randomBytes(32) });
    await store.migrate();
    const workflow = await store.createWorkflow({ name: 'bench', definition: benchWorkflow });
    await throughput('insert + finish', store, args, workflow.id);
    await cacheLatency(store, args, workflow.id);

    const until = Date.now();
    const history: SyntheticHistory = { rows: args.rows, days: HISTORY_DAYS, workflows: WORKFLOWS, until };
    console.log(`  (b) loading ${formatCount(args.rows)} executions over ${HISTORY_DAYS} days (INSERT … SELECT generate_series, 250,000 per statement, daily partitions)`);
    await loadPostgresHistory(database.url, history, progress('postgres', args.rows));
    printLatency(`listExecutions at ${formatCount(args.rows)} rows (PostgreSQL)`, await measureListLatency(store, history, args.samples), TARGET_P99_1M_MS);

    const tenMillion = 10_000_000;
    if (args.skip10m || args.rows >= tenMillion) {
      console.log('  10M rows: skipped (--skip-10m)');
      return;
    }
    const extra = tenMillion - args.rows;
    const needed = (await bytesPerRow(database.url)) * extra * 1.5;
    const free = statfsSync('/var/lib/postgresql').bavail * statfsSync('/var/lib/postgresql').bsize;
    if (needed > free) {
      console.log(`  10M rows: skipped, ${(needed / 2 ** 30).toFixed(1)} GiB needed, ${(free / 2 ** 30).toFixed(1)} GiB free`);
      return;
    }
    console.log(`  (b) loading ${formatCount(extra)} more executions over the same ${HISTORY_DAYS} days (~${(needed / 1.5 / 2 ** 30).toFixed(1)} GiB)`);
    await loadPostgresHistory(database.url, { ...history, rows: extra }, progress('postgres', extra), args.rows);
    printLatency(`listExecutions at ${formatCount(tenMillion)} rows (PostgreSQL)`, await measureListLatency(store, { ...history, rows: tenMillion }, args.samples), TARGET_P99_10M_MS);
  } finally {
    await store?.close();
    if (args.keep) console.log(`  kept database ${database.name} (${database.url})`);
    else await database.drop();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`Weft store benchmark — node ${process.version}, ${new Date().toISOString()}`);
  console.log(`rows ${formatCount(args.rows)}, throughput ${formatCount(args.executions)} executions (${args.writers} writers × ${args.batch}), ${args.samples} samples per list measure`);
  if (args.stores.includes('sqlite')) await benchSqlite(args);
  if (args.stores.includes('postgres')) await benchPostgres(args);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
