import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Options, Result } from 'autocannon';
import type { LoadJob } from './load-child.js';
import type { PacedLoadResult } from './paced-load.js';

/** One load test: what the generator measured, in the units the results table uses. */
export interface LoadResult {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly total: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Answers other than 2xx. */
  readonly non2xx: number;
  /**
   * CPU time of the server process (all its threads: main, GC helpers, libuv pool) per answered request, in µs.
   * Unlike req/s it hardly depends on what else the machine runs: the figure to compare builds with.
   */
  readonly serverCpuUsPerRequest: number;
  /** Open loop only: the 99.9th percentile and the slowest answer. */
  readonly p999Ms?: number;
  readonly maxMs?: number;
  /** The server's event-loop delay meanwhile (p99 / max, ms): stalls of the server itself (GC, synchronous work). */
  readonly serverLoopDelayP99Ms: number;
  readonly serverLoopDelayMaxMs: number;
  /** Open loop only: how late the generator sent requests (p99 / max, ms): stalls of the client. */
  readonly clientSendLagP99Ms?: number;
  readonly clientSendLagMaxMs?: number;
}

export interface LoadOptions {
  readonly name: string;
  readonly url: string;
  readonly apiKey: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Each connection cycles through these (closed loop); the open loop sends the first one. */
  readonly requests: ReadonlyArray<{ method: 'GET' | 'POST'; path: string; body?: string }>;
  /**
   * Open loop: requests per second across all connections, sent on a fixed schedule whatever the answers do
   * (see `paced-load.ts`). Without it the load is closed-loop (autocannon): every connection sends its next
   * request as soon as the answer arrives, so latency grows with the queue the connections themselves build.
   */
  readonly rate?: number;
}

const childScript = fileURLToPath(new URL('./load-child.js', import.meta.url));
/** Scheduling priority of the load generator's process (Unix nice value: higher yields more). */
export const CLIENT_NICENESS = 10;

/**
 * Fires `connections` concurrent keep-alive connections at the server for `durationSeconds`, from a child process,
 * and measures this (the server's) process's CPU time meanwhile.
 *
 * @example
 * const result = await runLoad({ name: 'get', url, apiKey, connections: 1000, durationSeconds: 10, requests: [{ method: 'GET', path: '/api/v1/workflows/x' }] });
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const headers = { 'x-weft-api-key': options.apiKey, 'content-type': 'application/json' };
  const first = options.requests[0];
  if (first === undefined) throw new Error('runLoad needs at least one request');
  const job: LoadJob =
    options.rate === undefined
      ? {
          kind: 'closed',
          options: {
            url: options.url,
            connections: options.connections,
            duration: options.durationSeconds,
            timeout: 30,
            headers,
            requests: options.requests.map((request) => ({ ...request })),
          } satisfies Options,
        }
      : {
          kind: 'paced',
          options: { url: options.url, headers: { 'x-weft-api-key': options.apiKey }, connections: options.connections, rate: options.rate, durationSeconds: options.durationSeconds, method: 'GET', path: first.path },
        };
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  let cpuBefore = process.cpuUsage();
  const outcome = await inChild(job, () => {
    loopDelay.reset();
    cpuBefore = process.cpuUsage();
  });
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  const cpuUs = cpu.user + cpu.system;
  const serverLoop = { serverLoopDelayP99Ms: nsToMs(loopDelay.percentile(99)), serverLoopDelayMaxMs: nsToMs(loopDelay.max) };
  if (outcome.kind === 'closed') {
    const result = outcome.result;
    return {
      name: options.name,
      requestsPerSecond: result.requests.total / Math.max(result.duration, 1e-9),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      total: result.requests.total,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      serverCpuUsPerRequest: Math.round(cpuUs / Math.max(result.requests.total, 1)),
      ...serverLoop,
    };
  }
  const result = outcome.result;
  return {
    name: options.name,
    requestsPerSecond: result.requestsPerSecond,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    p999Ms: result.p999Ms,
    maxMs: result.maxMs,
    total: result.completed,
    errors: result.errors,
    non2xx: result.non2xx,
    serverCpuUsPerRequest: Math.round(cpuUs / Math.max(result.completed, 1)),
    ...serverLoop,
    clientSendLagP99Ms: result.sendLagP99Ms,
    clientSendLagMaxMs: result.sendLagMaxMs,
  };
}

function nsToMs(ns: number): number {
  return Math.round(ns / 10_000) / 100;
}

type Outcome = { kind: 'closed'; result: Result } | { kind: 'paced'; result: PacedLoadResult };

type ChildMessage = { measuring: true } | { ok: true; result: Result & PacedLoadResult } | { ok: false; error: string };

/** Runs the job in a child process; `onMeasuring` is called when its measured part begins (after any warm-up). */
function inChild(job: LoadJob, onMeasuring: () => void): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = fork(childScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    // The generator yields the CPU to the server when both want it (as if it ran on another machine): its own
    // delays still count, since latency is measured from when each request was due.
    if (child.pid !== undefined) setPriority(child.pid, CLIENT_NICENESS);
    let answered = false;
    child.on('message', (message: ChildMessage) => {
      if ('measuring' in message) {
        onMeasuring();
        return;
      }
      answered = true;
      if (message.ok) resolve(job.kind === 'closed' ? { kind: 'closed', result: message.result } : { kind: 'paced', result: message.result });
      else reject(new Error(`the load generator failed: ${message.error}`));
    });
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`the load generator exited with code ${String(code)} before answering`));
    });
    child.send(job);
  });
}
