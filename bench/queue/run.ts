/**
 * Queue benchmark (issue 5). Run with `npm run bench:queue` or
 * `npm run build --silent && node --no-node-snapshot dist/bench/queue/run.js [--executions 5000] [--concurrency 64]
 * [--in-flight 512] [--latency-seconds 5] [--warmup 500] [--only rabbitmq-1,rabbitmq-2,embedded-1,embedded-2]`.
 *
 * End-to-end executions of a 3-node workflow (Manual Trigger → Set → If; run data saved, a checkpoint per node)
 * through queue mode, the bench process acting as the orchestrator (the queued runner: execution row `new` +
 * confirmed publish, as `weft orchestrator` and `weft start` do):
 * - `rabbitmq-1` / `rabbitmq-2`: PostgreSQL (a fresh database) + RabbitMQ (a unique prefix), 1 / 2 `weft engine`
 *   processes;
 * - `embedded-1`: SQLite store + embedded queue, this process = orchestrator + engine (`weft start`);
 *   `embedded-2`: the same plus one `weft engine` process on the same data folder.
 * Per setup: (1) throughput — N executions published with a bounded number unconfirmed, executions/s =
 * N / (last stoppedAt − first createdAt) from the rows; (2) latency at a steady half of that rate — queue latency
 * (startedAt − createdAt) and end to end (stoppedAt − createdAt), p50 / p99 from the rows.
 */
import { parseArgs, type QueueBenchArgs, type SetupName } from './args.js';
import { measureLatency, measureThroughput, type LatencyResult, type ThroughputResult } from './measure.js';
import { startSetup } from './setups.js';
import { queueBenchWorkflow } from './workflow.js';
import { formatCount, formatMs } from '../store/stats.js';

/** Issue 5's target, end to end. */
const TARGET_PER_S = 1_000;
/** n8n 1.123 in queue mode on the same kind of machine (issue 5): out of the box, and its best configuration. */
const N8N_OUT_OF_THE_BOX_PER_S = 13;
const N8N_BEST_PER_S = 96;

interface SetupResult {
  readonly name: SetupName;
  readonly throughput: ThroughputResult;
  readonly latency: LatencyResult;
}

async function benchSetup(name: SetupName, args: QueueBenchArgs): Promise<SetupResult> {
  const setup = await startSetup(name, { concurrency: args.concurrency, amqpUrl: args.amqpUrl, engineNodeFlags: args.engineNodeFlags });
  console.log(`\n${name}: ${setup.description}`);
  try {
    const store = setup.orchestrator.store;
    const target = { runner: setup.orchestrator.runner, rows: setup.rows };
    // Each phase runs its own copy of the workflow, so the rows of one phase are told apart by workflow id.
    const workflowFor = (phase: string) => store.createWorkflow({ name: `${queueBenchWorkflow.name ?? 'bench'} (${phase})`, definition: queueBenchWorkflow });
    if (args.warmup > 0) {
      const warm = await measureThroughput(target, await workflowFor('warm-up'), { executions: args.warmup, inFlight: args.inFlight });
      console.log(`  warm-up: ${formatCount(args.warmup)} executions, ${formatCount(warm.perSecond)} /s`);
    }
    const throughput = await measureThroughput(target, await workflowFor('throughput'), { executions: args.executions, inFlight: args.inFlight });
    console.log(
      `  (1) throughput: ${formatCount(throughput.executions)} executions in ${throughput.wallSeconds.toFixed(2)} s → ${formatCount(throughput.perSecond)} executions/s end to end; ` +
        `published (confirmed) at ${formatCount(throughput.publishPerSecond)} /s`,
    );
    const latency = await measureLatency(target, await workflowFor('latency'), { perSecond: Math.max(1, throughput.perSecond / 2), seconds: args.latencySeconds, inFlight: args.inFlight });
    console.log(
      `  (2) latency at ${formatCount(latency.targetPerSecond)} /s (achieved ${formatCount(latency.achievedPerSecond)} /s, ${formatCount(latency.executions)} executions): ` +
        `queue p50 ${formatMs(latency.queueP50)} / p99 ${formatMs(latency.queueP99)}, end to end p50 ${formatMs(latency.endToEndP50)} / p99 ${formatMs(latency.endToEndP99)}, ` +
        `accept (row + confirmed publish) p50 ${formatMs(latency.acceptP50)} / p99 ${formatMs(latency.acceptP99)}`,
    );
    return { name, throughput, latency };
  } catch (error) {
    for (const engine of setup.engines) {
      const tail = engine.stderrTail();
      if (tail !== '') console.error(`  engine pid ${engine.pid} stderr (last lines):\n${tail}`);
    }
    throw error;
  } finally {
    await setup.teardown();
  }
}

function printTable(results: readonly SetupResult[], args: QueueBenchArgs): void {
  console.log(`\nQueue mode, 3-node workflow, ${formatCount(args.executions)} executions, --concurrency ${args.concurrency} per engine, ${args.inFlight} publishes in flight\n`);
  console.log('| setup | executions/s (end to end) | published /s | queue p50 / p99 | end to end p50 / p99 | accept p50 / p99 | × target 1,000/s | × n8n 13/s | × n8n 96/s |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { name, throughput, latency } of results) {
    const rate = throughput.perSecond;
    console.log(
      `| ${name} | ${formatCount(rate)} | ${formatCount(throughput.publishPerSecond)} | ${formatMs(latency.queueP50)} / ${formatMs(latency.queueP99)} | ` +
        `${formatMs(latency.endToEndP50)} / ${formatMs(latency.endToEndP99)} | ${formatMs(latency.acceptP50)} / ${formatMs(latency.acceptP99)} | ` +
        `${(rate / TARGET_PER_S).toFixed(2)} | ${(rate / N8N_OUT_OF_THE_BOX_PER_S).toFixed(0)} | ${(rate / N8N_BEST_PER_S).toFixed(1)} |`,
    );
  }
  console.log(`\nLatency measured at half each setup's throughput for ${args.latencySeconds} s.`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`Weft queue benchmark — node ${process.version}, ${new Date().toISOString()}`);
  const results: SetupResult[] = [];
  const failures: string[] = [];
  for (const name of args.setups) {
    try {
      results.push(await benchSetup(name, args));
    } catch (error) {
      // One broken setup (a broker down) must not hide the others' figures.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`\n${name} failed: ${message}`);
      failures.push(name);
    }
  }
  if (results.length > 0) printTable(results, args);
  if (failures.length > 0) {
    console.error(`\nfailed setups: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
