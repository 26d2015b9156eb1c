import type { ExecutionResult } from '../../src/core/scheduler/index.js';
import type { NewExecution, Store } from '../../src/ports/store/index.js';

export interface ThroughputOptions {
  readonly executions: number;
  readonly batchSize: number;
  readonly writers: number;
  readonly workflowId: string;
}

export interface ThroughputResult {
  readonly executions: number;
  readonly wallMs: number;
  readonly perSecond: number;
}

/** A small but real run result (three nodes, a few items), as a typical trigger execution leaves. */
function sampleResult(startedAt: number): ExecutionResult {
  const task = (index: number, items: number) => ({
    startTime: startedAt + index,
    executionTime: 1,
    executionIndex: index,
    executionStatus: 'success' as const,
    source: index === 0 ? [] : [{ previousNode: `Node ${index - 1}` }],
    data: { main: [Array.from({ length: items }, (_, item) => ({ json: { id: item, name: `item ${item}`, ok: true }, pairedItem: { item } }))] },
  });
  return {
    status: 'success',
    mode: 'trigger',
    startedAt: new Date(startedAt).toISOString(),
    stoppedAt: new Date(startedAt + 3).toISOString(),
    data: { resultData: { runData: { 'Node 0': [task(0, 1)], 'Node 1': [task(1, 3)], 'Node 2': [task(2, 3)] }, lastNodeExecuted: 'Node 2' } },
  };
}

/**
 * Execution records written and finished per second with group commit: `writers` concurrent loops, each
 * creating a batch of executions in one transaction (`createExecutions`) and finishing the batch in another
 * (`finishExecutions`) with a small result, until `executions` are done.
 */
export async function measureThroughput(store: Store, options: ThroughputOptions): Promise<ThroughputResult> {
  let remaining = options.executions;
  let done = 0;
  const writer = async (worker: string): Promise<void> => {
    while (remaining > 0) {
      const size = Math.min(options.batchSize, remaining);
      remaining -= size;
      const startedAt = Date.now();
      const inputs: NewExecution[] = Array.from({ length: size }, () => ({
        workflowId: options.workflowId,
        workflowVersion: 1,
        mode: 'trigger',
        status: 'running',
        startedAt,
        worker,
      }));
      const created = await store.createExecutions(inputs);
      const result = sampleResult(startedAt);
      const finished = await store.finishExecutions(
        created.map((execution) => ({ id: execution.id, status: 'success' as const, attempt: execution.attempt, stoppedAt: Date.now(), result })),
      );
      const refused = finished.filter((ok) => !ok).length;
      if (refused > 0) throw new Error(`${refused} of ${created.length} finishes were refused: the store lost track of executions it just created`);
      done += created.length;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.writers }, (_, index) => writer(`bench-writer-${index}`)));
  const wallMs = performance.now() - started;
  return { executions: done, wallMs, perSecond: (done * 1000) / wallMs };
}
