/**
 * Hot-path store benchmark: the calls every execution makes, in the order a queue engine makes them —
 * createExecution → claimExecution → saveCheckpoints (2 events) → finishExecution — one execution at a time and
 * with 64 at once, on SQLite (a temp file) and PostgreSQL (a fresh database on the test server, dropped after).
 *
 * Run: `npx vite-node bench/store/hot-path.ts [--executions N] [--only sqlite|postgres]`
 * (or build and run `node dist/bench/store/hot-path.js`). Prints store calls per second and executions per
 * second for each store and concurrency.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore } from '../../src/adapters/postgres-store/index.js';
import { createSqliteStore } from '../../src/adapters/sqlite-store/index.js';
import type { ExecutionResult, SchedulerEvent } from '../../src/core/scheduler/index.js';
import type { Store } from '../../src/ports/store/index.js';
import { createTestDatabase } from '../../src/testing/postgres.js';

/** Store calls per execution in one cycle. */
const CALLS_PER_EXECUTION = 4;
const CONCURRENCIES = [1, 64] as const;

interface HotPathArgs {
  readonly executions: number;
  readonly stores: ReadonlyArray<'sqlite' | 'postgres'>;
}

function parseHotPathArgs(argv: readonly string[]): HotPathArgs {
  let executions = 5_000;
  let stores: Array<'sqlite' | 'postgres'> = ['sqlite', 'postgres'];
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (flag === '--executions' && value !== undefined && Number.isInteger(Number(value)) && Number(value) > 0) {
      executions = Number(value);
      index += 1;
    } else if (flag === '--only' && (value === 'sqlite' || value === 'postgres')) {
      stores = [value];
      index += 1;
    } else {
      throw new Error(`unknown argument "${flag ?? ''}"; usage: hot-path.ts [--executions N] [--only sqlite|postgres]`);
    }
  }
  return { executions, stores };
}

/** A node-finished event as the scheduler checkpoints it (a few items of output). */
function nodeEvent(runId: number): SchedulerEvent {
  return {
    type: 'nodeSucceeded',
    runId,
    at: Date.now(),
    outputs: [[{ json: { id: runId, name: `item ${runId}`, ok: true } }, { json: { id: runId + 1, name: `item ${runId + 1}`, ok: true } }]],
  };
}

function runResult(startedAt: number): ExecutionResult {
  return {
    status: 'success',
    mode: 'trigger',
    startedAt: new Date(startedAt).toISOString(),
    stoppedAt: new Date(startedAt + 2).toISOString(),
    data: { resultData: { runData: {}, lastNodeExecuted: 'Node 1' } },
  };
}

/** One execution's store calls, as an engine makes them; throws when the store refuses any of them. */
async function oneExecution(store: Store, workflowId: string, worker: string): Promise<void> {
  const created = await store.createExecution({ workflowId, workflowVersion: 1, mode: 'trigger', input: { items: [{ json: { hello: 'world' } }] } });
  const claim = await store.claimExecution(created.id, { worker });
  if (!claim.claimed) throw new Error(`claim of ${created.id} refused: ${claim.reason}`);
  const attempt = claim.execution.attempt;
  const saved = await store.saveCheckpoints(created.id, attempt, [
    { sequence: 0, event: nodeEvent(0) },
    { sequence: 1, event: nodeEvent(1) },
  ]);
  if (!saved) throw new Error(`checkpoints of ${created.id} refused`);
  const finished = await store.finishExecution(created.id, { status: 'success', attempt, stoppedAt: Date.now(), result: runResult(claim.execution.startedAt ?? Date.now()) });
  if (!finished) throw new Error(`finish of ${created.id} refused`);
}

/** Runs `executions` cycles with `concurrency` loops at once; returns executions per second. */
async function measure(store: Store, executions: number, concurrency: number): Promise<number> {
  let remaining = executions;
  const loop = async (worker: string): Promise<void> => {
    while (remaining > 0) {
      remaining -= 1;
      await oneExecution(store, 'bench-hot-path', worker);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, index) => loop(`bench-${index}`)));
  return (executions * 1000) / (performance.now() - started);
}

async function benchStore(name: string, store: Store, executions: number): Promise<void> {
  // Warm-up: statement caches, partitions, JIT.
  await measure(store, Math.min(500, executions), 8);
  for (const concurrency of CONCURRENCIES) {
    const perSecond = await measure(store, executions, concurrency);
    console.log(`| ${name} | ${concurrency} | ${Math.round(perSecond * CALLS_PER_EXECUTION)} | ${Math.round(perSecond)} |`);
  }
}

async function main(): Promise<void> {
  const args = parseHotPathArgs(process.argv.slice(2));
  const encryptionKey = randomBytes(32);
  console.log('| store | concurrent executions | store calls/s | executions/s |');
  console.log('| --- | --- | --- | --- |');
  if (args.stores.includes('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'weft-hot-path-'));
    const store = await createSqliteStore({ file: join(dir, 'weft.db'), encryptionKey });
    try {
      await benchStore('sqlite', store, args.executions);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (args.stores.includes('postgres')) {
    const database = await createTestDatabase('weft_bench_hot');
    const store = await createPostgresStore({ url: database.url, encryptionKey, pool: { max: 20 } });
    try {
      await benchStore('postgres', store, args.executions);
    } finally {
      await store.close();
      await database.drop();
    }
  }
}

await main();
