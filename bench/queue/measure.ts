import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowRecord } from '../../src/ports/store/index.js';
import type { ExecutionRunner } from '../../src/server/executions/runner.js';
import { percentile } from '../store/stats.js';
import type { ExecutionRows, ExecutionTiming } from './execution-rows.js';

/** How often the row counts are polled while waiting for executions to end. */
const POLL_MS = 100;
/** Waiting fails when no execution ended for this long (an engine died, a job was lost). */
const STALL_MS = 60_000;
/** Every execution starts with one item, as a webhook or an API run with `items` would (its input is stored and read back). */
const startItems = (n: number) => [{ json: { n } }];
/** Statuses an execution of the benchmark workflow must never reach. */
const FAILED_STATUSES = ['error', 'crashed', 'canceled'];

/** What the benchmark drives: the orchestrator's runner and a reader of the rows the engines write. */
export interface MeasureTarget {
  readonly runner: ExecutionRunner;
  readonly rows: ExecutionRows;
}

export interface ThroughputResult {
  readonly executions: number;
  /** N / (last stoppedAt − first createdAt), from the rows. */
  readonly perSecond: number;
  /** N / wall time of publishing (every publish confirmed). */
  readonly publishPerSecond: number;
  readonly wallSeconds: number;
}

export interface LatencyResult {
  readonly executions: number;
  readonly targetPerSecond: number;
  /** Executions accepted per second while publishing (can fall short of the target when accepting is slower). */
  readonly achievedPerSecond: number;
  /** startedAt − createdAt: queued until an engine claimed it. */
  readonly queueP50: number;
  readonly queueP99: number;
  /** stoppedAt − createdAt. */
  readonly endToEndP50: number;
  readonly endToEndP99: number;
  /** How long `runner.start` took (row created + publish confirmed): what an HTTP caller waits for its 202. */
  readonly acceptP50: number;
  readonly acceptP99: number;
}

/**
 * Publishes `executions` executions of `workflow` through the runner with at most `inFlight` unconfirmed at once,
 * waits until every one ended `success`, and takes the rate from the rows.
 *
 * @example
 * const result = await measureThroughput(target, workflow, { executions: 5000, inFlight: 512 });
 */
export async function measureThroughput(target: MeasureTarget, workflow: WorkflowRecord, options: { executions: number; inFlight: number }): Promise<ThroughputResult> {
  const started = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < options.executions) {
      next++;
      await target.runner.start({ workflow, mode: 'manual', startItems: startItems(next) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.inFlight, options.executions) }, lane));
  const publishSeconds = (performance.now() - started) / 1000;
  await waitForSuccess(target.rows, workflow.id, options.executions);
  const wallSeconds = (performance.now() - started) / 1000;
  const timings = await target.rows.successTimings(workflow.id);
  // Loops, not Math.min(...spread): the spread overflows the stack at a few hundred thousand rows.
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const timing of timings) {
    first = Math.min(first, timing.createdAt);
    last = Math.max(last, timing.stoppedAt);
  }
  return { executions: options.executions, perSecond: (options.executions * 1000) / Math.max(1, last - first), publishPerSecond: options.executions / publishSeconds, wallSeconds };
}

/**
 * Publishes at a steady `perSecond` for `seconds` (each publish is started on schedule, not after the previous
 * one is confirmed; at most `inFlight` wait for their confirm at once), waits until all ended `success`, and
 * reads queue and end-to-end latency from the rows.
 *
 * @example
 * const result = await measureLatency(target, workflow, { perSecond: 500, seconds: 5, inFlight: 512 });
 */
export async function measureLatency(target: MeasureTarget, workflow: WorkflowRecord, options: { perSecond: number; seconds: number; inFlight: number }): Promise<LatencyResult> {
  const total = Math.max(1, Math.round(options.perSecond * options.seconds));
  const accepts: number[] = [];
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  let published = 0;
  while (published < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.perSecond) + 1);
    while (published < due && pending.size < options.inFlight) {
      published++;
      const at = performance.now();
      const accepted = target.runner.start({ workflow, mode: 'manual', startItems: startItems(published) }).then(() => {
        accepts.push(performance.now() - at);
      });
      pending.add(accepted);
      void accepted.finally(() => pending.delete(accepted)).catch(() => undefined);
    }
    if (pending.size >= options.inFlight) await Promise.race(pending);
    else await sleep(1);
  }
  await Promise.all(pending);
  const achievedPerSecond = total / ((performance.now() - started) / 1000);
  await waitForSuccess(target.rows, workflow.id, total);
  const timings = await target.rows.successTimings(workflow.id);
  const queued = timings.map((timing: ExecutionTiming) => timing.startedAt - timing.createdAt);
  const endToEnd = timings.map((timing: ExecutionTiming) => timing.stoppedAt - timing.createdAt);
  return {
    executions: total,
    targetPerSecond: options.perSecond,
    achievedPerSecond,
    queueP50: percentile(queued, 50),
    queueP99: percentile(queued, 99),
    endToEndP50: percentile(endToEnd, 50),
    endToEndP99: percentile(endToEnd, 99),
    acceptP50: percentile(accepts, 50),
    acceptP99: percentile(accepts, 99),
  };
}

/** Polls the row counts until `expected` executions of the workflow ended `success`; throws on failures or a stall. */
export async function waitForSuccess(rows: ExecutionRows, workflowId: string, expected: number): Promise<void> {
  let lastSuccess = -1;
  let lastProgressAt = performance.now();
  for (;;) {
    const counts = await rows.statusCounts(workflowId);
    const failed = FAILED_STATUSES.filter((status) => (counts[status] ?? 0) > 0);
    if (failed.length > 0) throw new Error(`executions of workflow ${workflowId} failed: ${JSON.stringify(counts)}`);
    const success = counts.success ?? 0;
    if (success >= expected) return;
    if (success > lastSuccess) {
      lastSuccess = success;
      lastProgressAt = performance.now();
    } else if (performance.now() - lastProgressAt > STALL_MS) {
      throw new Error(`no execution of workflow ${workflowId} ended for ${STALL_MS / 1000} s: ${JSON.stringify(counts)} of ${expected}`);
    }
    await sleep(POLL_MS);
  }
}
