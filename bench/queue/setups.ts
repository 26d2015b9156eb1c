import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { createTestDatabase } from '../../src/testing/postgres.js';
import type { SetupName } from './args.js';
import { startEngineProcess, type EngineProcess } from './engine-process.js';
import { postgresExecutionRows, sqliteExecutionRows, type ExecutionRows } from './execution-rows.js';
import { openBenchOrchestrator, type BenchOrchestrator } from './orchestrator.js';
import { removeTopology } from './rabbitmq-topology.js';

/** A running setup: the orchestrator (this process), its engines, and a reader of the rows. */
export interface RunningSetup {
  readonly name: SetupName;
  /** One line saying what runs where. */
  readonly description: string;
  readonly orchestrator: BenchOrchestrator;
  readonly rows: ExecutionRows;
  readonly engines: readonly EngineProcess[];
  /** Stops the engines, closes the orchestrator, removes the database / queues / temp folder; never throws. */
  teardown(): Promise<void>;
}

export interface SetupOptions {
  readonly concurrency: number;
  readonly amqpUrl: string;
  readonly engineNodeFlags: readonly string[];
}

/** Runs the cleanups in reverse, logging (not throwing) failures, so one failed step never leaves the rest behind. */
class Cleanups {
  private readonly steps: Array<{ what: string; run: () => Promise<unknown> }> = [];

  add(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  async runAll(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`  cleanup: ${step.what} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/**
 * Brings a setup up. `rabbitmq-N`: a fresh PostgreSQL database and a unique RabbitMQ prefix, this process as the
 * orchestrator, N `weft engine` processes. `embedded-N`: a temp data folder (SQLite store + embedded queue), this
 * process as `weft start` (orchestrator and engine), plus N − 1 `weft engine` processes on the same folder.
 * Whatever was brought up is torn down again when a step fails.
 *
 * @example
 * const setup = await startSetup('embedded-1', { concurrency: 64, amqpUrl, engineNodeFlags: [] });
 * try { … } finally { await setup.teardown(); }
 */
export async function startSetup(name: SetupName, options: SetupOptions): Promise<RunningSetup> {
  const [kind, count] = name.split('-') as ['rabbitmq' | 'embedded', string];
  const engineCount = Number(count);
  const cleanups = new Cleanups();
  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'weft-bench-queue-'));
    cleanups.add(`removing ${dataDir}`, async () => rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { WEFT_DATA_DIR: dataDir, WEFT_PORT: '0', WEFT_LOG_LEVEL: 'warn' };
    let description: string;
    if (kind === 'rabbitmq') {
      const database = await createTestDatabase('weft_bench_queue');
      cleanups.add(`dropping database ${database.name}`, () => database.drop());
      const prefix = `weftbench_${process.pid}_${randomBytes(4).toString('hex')}`;
      cleanups.add(`removing RabbitMQ topology ${prefix}.*`, async () => {
        const removal = await removeTopology(options.amqpUrl, prefix, 1);
        if (removal.failures.length > 0) throw new Error(removal.failures.join('; '));
      });
      Object.assign(env, { WEFT_DATABASE_URL: database.url, WEFT_QUEUE_URL: options.amqpUrl, WEFT_QUEUE_PREFIX: prefix });
      description = `PostgreSQL ${database.name} + RabbitMQ prefix ${prefix}; orchestrator = this process, ${engineCount} engine process(es)`;
    } else {
      description = `SQLite + embedded queue in ${dataDir}; this process = orchestrator + engine, ${engineCount - 1} extra engine process(es)`;
    }
    const config = loadConfig(env);
    const logger = createLogger({ level: 'warn', name: 'bench-orchestrator' });
    // Opened before the engines start: it creates the data folder's key file and applies the migrations once.
    const orchestrator = await openBenchOrchestrator(config, logger, kind === 'embedded' ? { localEngine: { concurrency: options.concurrency } } : {});
    cleanups.add('closing the orchestrator', () => orchestrator.close());
    const rows: ExecutionRows = kind === 'rabbitmq' ? await postgresExecutionRows(config.databaseUrl) : sqliteExecutionRows(join(dataDir, 'weft.db'));
    cleanups.add('closing the row reader', () => rows.close());
    const engines: EngineProcess[] = [];
    const processes = kind === 'rabbitmq' ? engineCount : engineCount - 1;
    for (let index = 0; index < processes; index++) {
      const engine = await startEngineProcess({ concurrency: options.concurrency, env, nodeFlags: options.engineNodeFlags });
      engines.push(engine);
      cleanups.add(`stopping engine pid ${engine.pid}`, () => engine.stop());
    }
    return { name, description, orchestrator, rows, engines, teardown: () => cleanups.runAll() };
  } catch (error) {
    await cleanups.runAll();
    throw error;
  }
}
