import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A Prometheus registry with the process metrics (CPU, memory, event-loop lag, GC) under the `weft_` prefix; the
 * worker and the server add theirs to it. One per process role instance (tests make several).
 *
 * @example
 * const registry = createMetricsRegistry({ role: 'engine' });
 * const text = await registry.metrics();
 */
export function createMetricsRegistry(labels: { role: string }): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, prefix: 'weft_' });
  return registry;
}
