import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How a job ended, as counted in `weft_engine_jobs_total{outcome}`. */
export type JobOutcome = 'ran' | 'skipped' | 'deferred' | 'handedBack' | 'failed';

/** The engine worker's Prometheus metrics. */
export interface WorkerMetrics {
  jobDone(outcome: JobOutcome, durationMs: number): void;
}

/**
 * Registers the worker's metrics on `registry`: jobs by outcome, job duration, executions running now (read
 * from `running()` at scrape time) and, per shard queue, jobs waiting (`depth()` at scrape time).
 *
 * @example
 * const metrics = createWorkerMetrics(registry, { running: () => worker.active, depth: (q) => queue.depth(q), queues: ['executions.0'] });
 */
export function createWorkerMetrics(
  registry: Registry,
  sources: { running: () => number; depth: (queue: string) => Promise<number>; queues: readonly string[] },
): WorkerMetrics {
  const jobs = new Counter({ name: 'weft_engine_jobs_total', help: 'Execution jobs handled, by outcome', labelNames: ['outcome'] as const, registers: [registry] });
  const duration = new Histogram({
    name: 'weft_engine_job_duration_seconds',
    help: 'Time from taking an execution job to settling it',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  new Gauge({
    name: 'weft_engine_executions_running',
    help: 'Executions this engine runs now',
    registers: [registry],
    collect() {
      this.set(sources.running());
    },
  });
  new Gauge({
    name: 'weft_queue_depth',
    help: 'Jobs waiting in a shard queue (due or delayed)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      // A queue that cannot be read now is left out of this scrape rather than failing all of it.
      const depths = await Promise.all(sources.queues.map((queue) => sources.depth(queue).then((depth) => ({ queue, depth }), () => undefined)));
      this.reset();
      for (const entry of depths) if (entry) this.set({ queue: entry.queue }, entry.depth);
    },
  });
  return {
    jobDone(outcome, durationMs) {
      jobs.inc({ outcome });
      duration.observe(durationMs / 1000);
    },
  };
}
