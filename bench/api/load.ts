import { fork } from 'node:child_process';
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
  const cpuBefore = process.cpuUsage();
  const outcome = await inChild(job);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuUs = cpu.user + cpu.system;
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
  };
}

type Outcome = { kind: 'closed'; result: Result } | { kind: 'paced'; result: PacedLoadResult };

function inChild(job: LoadJob): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = fork(childScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answered = false;
    child.once('message', (message: { ok: true; result: Result & PacedLoadResult } | { ok: false; error: string }) => {
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
