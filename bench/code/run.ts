/**
 * Code node sandbox benchmark: what one Code node run costs once the sandbox pool is warm. The code runs in a child
 * process (the payload and result cross a pipe as JSON), so this includes the round trip to the child.
 * Run: npm run build --silent && node --no-node-snapshot dist/bench/code/run.js
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { code } from '../../src/nodes/code/code.js';
import { closeCodeSandboxPool, codeSandboxPool } from '../../src/nodes/code/sandbox-pool.js';
import { runNodeForTest } from '../../src/testing/node-harness.js';

const JS = 'return items.map((item) => ({ json: { ...item.json, doubled: item.json.n * 2 } }));';
const input = Array.from({ length: 10 }, (_, n) => ({ n }));

async function once(): Promise<number> {
  const started = process.hrtime.bigint();
  const [out] = await runNodeForTest(code, { parameters: { jsCode: JS }, json: input });
  const elapsed = Number(process.hrtime.bigint() - started) / 1000;
  if (out?.length !== input.length) throw new Error('unexpected output');
  return elapsed;
}

function summary(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): string => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(0);
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  console.log(`${label.padEnd(44)} mean ${mean.toFixed(0).padStart(5)} µs   p50 ${at(0.5).padStart(5)} µs   p99 ${at(0.99).padStart(5)} µs`);
}

async function main(): Promise<void> {
  const pool = codeSandboxPool();
  pool.warmUp();
  await pool.ready();
  for (let i = 0; i < 200; i++) await once();

  // Typical workflow: other nodes run between Code nodes, so the child has prepared a fresh context in the background.
  const spaced: number[] = [];
  for (let i = 0; i < 1000; i++) {
    await sleep(1);
    spaced.push(await once());
  }
  summary('Code node run (10 items), warm, spaced 1 ms', spaced);

  // Worst case: Code nodes back to back, so contexts are created on demand.
  const burst: number[] = [];
  for (let i = 0; i < 2000; i++) burst.push(await once());
  summary('Code node run (10 items), back to back', burst);

  closeCodeSandboxPool();
}

await main();
