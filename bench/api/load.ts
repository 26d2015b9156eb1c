import autocannon from 'autocannon';

/** One load test: what autocannon measured, in the units the results table uses. */
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
}

export interface LoadOptions {
  readonly name: string;
  readonly url: string;
  readonly apiKey: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Worker threads firing requests, so the load generator does not share the server's event loop. */
  readonly workers: number;
  /** Each connection cycles through these. */
  readonly requests: ReadonlyArray<{ method: 'GET' | 'POST'; path: string; body?: string }>;
  /**
   * Open loop: requests per second across all connections (autocannon `overallRate`). Without it the load is
   * closed-loop: every connection sends its next request as soon as the answer arrives, so latency grows with the
   * queue the connections themselves build.
   */
  readonly overallRate?: number;
}

/**
 * Fires `connections` concurrent keep-alive connections at the server for `durationSeconds`.
 *
 * @example
 * const result = await runLoad({ name: 'get', url, apiKey, connections: 1000, durationSeconds: 10, workers: 1, requests: [{ method: 'GET', path: '/api/v1/workflows/x' }] });
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 30,
    ...(options.workers > 0 ? { workers: options.workers } : {}),
    ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
    headers: { 'x-weft-api-key': options.apiKey, 'content-type': 'application/json' },
    requests: options.requests.map((request) => ({ ...request })),
  });
  return {
    name: options.name,
    requestsPerSecond: result.requests.total / Math.max(result.duration, 1e-9),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
