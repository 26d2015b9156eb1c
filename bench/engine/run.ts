/**
 * Engine benchmark (issue: engine core). Run with `npm run bench:engine`.
 *
 * (a) 100 concurrent executions of a 50-node workflow (parallel chains of No-Op nodes joined by a Merge):
 *     wall time, executions/s, node executions/s, peak RSS; and the pure scheduler's cost per node, measured
 *     by driving the scheduler with synchronous completions.
 * (a') the same load on ../shared/bench-workflows/wf-b-50-manual.json (49 Set nodes with expressions), the
 *     workflow n8n was measured on.
 * (b) 8 branches each waiting 200 ms, merged: wall time ÷ slowest branch (n8n: the sum of the branches).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlan } from '../../src/core/graph/index.js';
import type { WorkflowDocument } from '../../src/core/model/types.js';
import { parseWorkflowText } from '../../src/core/model/parse.js';
import { Scheduler, type SchedulerCommand } from '../../src/core/scheduler/index.js';
import { loadConfig } from '../../src/config/config.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import { createEngine, type Engine } from '../../src/runtime/engine.js';
import { fiftyNodeWorkflow, parallelWaitWorkflow } from './workloads.js';

const here = dirname(fileURLToPath(import.meta.url));
const sharedWorkflows = join(here, '..', '..', '..', '..', 'shared', 'bench-workflows');

/** Peak resident set size of the process so far (the OS's high-water mark, so short bursts are not missed). */
function peakRss(): string {
  return `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
}

async function concurrentLoad(engine: Engine, workflow: WorkflowDocument, executions: number): Promise<{ wallMs: number; nodeRuns: number }> {
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: executions }, () => engine.execute(workflow)));
  const wallMs = performance.now() - started;
  let nodeRuns = 0;
  for (const result of results) {
    if (result.status !== 'success') throw new Error(`bench execution failed: ${JSON.stringify(result.data.resultData.error)}`);
    for (const runs of Object.values(result.data.resultData.runData)) nodeRuns += runs.length;
  }
  return { wallMs, nodeRuns };
}

/** Pure scheduler cost: feed completions synchronously, no node work at all. */
function schedulerCostPerNode(workflow: WorkflowDocument, engine: Engine, repetitions: number): number {
  const plan = buildPlan(workflow, engine.registry);
  let nodes = 0;
  const started = performance.now();
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const scheduler = new Scheduler(plan, { startNode: 'Start' });
    const queue: SchedulerCommand[] = scheduler.handle({ type: 'start', at: 0 });
    while (queue.length > 0) {
      const command = queue.shift()!;
      if (command.type !== 'runNode') continue;
      nodes += 1;
      queue.push(...scheduler.handle({ type: 'nodeSucceeded', runId: command.runId, at: 0, outputs: [command.inputs.flat()] }));
    }
  }
  return ((performance.now() - started) * 1000) / nodes;
}

function report(label: string, load: { wallMs: number; nodeRuns: number }, executions: number): void {
  console.log(`${label}`);
  console.log(`  wall time            ${load.wallMs.toFixed(0)} ms for ${executions} executions`);
  console.log(`  executions/s         ${((executions * 1000) / load.wallMs).toFixed(0)}`);
  console.log(`  node executions/s    ${((load.nodeRuns * 1000) / load.wallMs).toFixed(0)}`);
  console.log(`  per node (all-in)    ${((load.wallMs * 1000) / load.nodeRuns).toFixed(1)} µs`);
}

async function main(): Promise<void> {
  const config = loadConfig({ WEFT_LOG_LEVEL: 'silent', WEFT_PROCESS_NODE_SLOTS: '1024' });
  const engine = createEngine(config, createSilentLogger());
  const fifty = fiftyNodeWorkflow();
  console.log(`Weft engine benchmark — node ${process.version}, ${new Date().toISOString()}`);

  // Warm up the JIT on a few runs first, as a long-running server would be.
  await concurrentLoad(engine, fifty, 20);
  const load = await concurrentLoad(engine, fifty, 100);
  report('(a) 100 concurrent executions × 50-node workflow (No-Op chains + Merge)', load, 100);
  console.log(`  peak RSS (process)    ${peakRss()}`);
  const perNode = schedulerCostPerNode(fifty, engine, 2_000);
  console.log(`  scheduler overhead   ${perNode.toFixed(2)} µs per node (pure scheduler, 2000 executions)`);
  console.log(`  target               < 500 ms wall, < 10 µs scheduler overhead per node; n8n: 10 s out of the box, 1.9 s best`);

  const manualFile = join(sharedWorkflows, 'wf-b-50-manual.json');
  if (existsSync(manualFile)) {
    const [manual] = parseWorkflowText(readFileSync(manualFile, 'utf8'), manualFile);
    await concurrentLoad(engine, manual!, 10);
    const single = await concurrentLoad(engine, manual!, 1);
    const manualLoad = await concurrentLoad(engine, manual!, 100);
    report("(a') 100 concurrent executions × wf-b-50-manual.json (49 Set nodes with expressions)", manualLoad, 100);
    console.log(`  peak RSS (process)    ${peakRss()}`);
    console.log(`  one execution        ${single.wallMs.toFixed(1)} ms (n8n: 125 ms out of the box, 34 ms best)`);
  } else {
    console.log(`(a') skipped: ${manualFile} not found`);
  }

  const branchMs = 200;
  const parallel = parallelWaitWorkflow(8, branchMs);
  const started = performance.now();
  const result = await engine.execute(parallel);
  const wallMs = performance.now() - started;
  if (result.status !== 'success') throw new Error(`parallel bench failed: ${JSON.stringify(result.data.resultData.error)}`);
  console.log('(b) 8 branches × Wait 200 ms, merged');
  console.log(`  wall time            ${wallMs.toFixed(0)} ms`);
  console.log(`  ratio to slowest     ${(wallMs / branchMs).toFixed(3)} × (target ≤ 1.1; n8n runs branches one after another: 8 ×)`);

  await engine.close();
}

await main();
