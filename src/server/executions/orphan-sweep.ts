import type { ExecutionRecord, Store } from '../../ports/store/index.js';
import type { ExecutionEnqueuer } from '../../runtime/worker/execution-enqueuer.js';

/** Rows read per store call. */
const PAGE_SIZE = 500;
/** Most stale rows looked at in one sweep, re-published or not (bounds the work when many are backing off). */
const MAX_SCANNED = 10 * PAGE_SIZE;
/** Most executions whose back-off is remembered; the oldest entries go first beyond it. */
const MAX_REMEMBERED = 100_000;

export interface OrphanSweepOptions {
  readonly store: Pick<Store, 'listStaleNewExecutions' | 'getWorkflow'>;
  readonly enqueuer: Pick<ExecutionEnqueuer, 'enqueue'>;
  /** An execution still `new` this long after it was created is queued again. */
  readonly orphanAfterMs: number;
  /** Most executions queued again per sweep. */
  readonly maxPerSweep: number;
}

/** What one sweep did. */
export interface OrphanSweepReport {
  /** Executions queued again, oldest first. */
  readonly requeued: readonly string[];
  /** Why the sweep stopped early (the store or the queue failed), after queueing `requeued`. */
  readonly error?: unknown;
}

/** One pass of the orphan sweep, keeping each execution's back-off between passes. */
export interface OrphanSweep {
  sweep(now: number): Promise<OrphanSweepReport>;
}

/**
 * Finds executions stranded in `new` (the row was written, but its job was never published: the orchestrator
 * died in between, or the publish failed) and publishes their job again, as the first publish would have: same
 * shard routing and priority, input read from the store by the engine. The first job may exist after all (a
 * backlog longer than `orphanAfterMs`), so the copy (a `start` job, marked `recovered`) is harmless in either
 * order: the first delivery of a `start` job claims the execution only while it is still `new`, atomically in the
 * claim itself, so whichever of the two jobs is delivered second finds it `running` (or ended) and is skipped
 * without touching the run; only a redelivery (its engine died) takes a `running` execution over.
 *
 * Rows that stay `new` long after their job was re-published are healthy but waiting (a long backlog, a workflow
 * at its concurrency limit): each is published again only when its age has doubled since the last time (at
 * `orphanAfterMs`, then 2×, 4×… its age), so a backlog costs a few copies per execution, not one per sweep.
 *
 * @example
 * const sweep = createOrphanSweep({ store, enqueuer, orphanAfterMs: 300_000, maxPerSweep: 500 });
 * const { requeued } = await sweep.sweep(Date.now());
 */
export function createOrphanSweep(options: OrphanSweepOptions): OrphanSweep {
  const { store, enqueuer, orphanAfterMs, maxPerSweep } = options;
  // Execution id → when it may be published again. Kept in memory by design: a new leader starts empty and may
  // publish each waiting row once more, which the start job's claim-only-while-new makes harmless.
  const notBefore = new Map<string, number>();

  const requeue = async (execution: ExecutionRecord): Promise<void> => {
    const workflow = await store.getWorkflow(execution.workflowId, { version: execution.workflowVersion });
    // A deleted workflow still gets its job: the engine records the execution failed with the reason.
    const settings = workflow?.definition.settings;
    await enqueuer.enqueue(execution.id, { id: execution.workflowId, ...(settings !== undefined ? { settings } : {}) }, {
      kind: 'start',
      // As the first publish: callers of webhook and manual runs wait for them (queued-runner.ts).
      interactive: execution.mode === 'webhook' || execution.mode === 'manual',
      // A retry saves its replayed nodes as checkpoints before its first publish; reading them is cheap here.
      hasCheckpoints: true,
      recovered: true,
    });
  };

  const remember = (id: string, at: number): void => {
    notBefore.delete(id);
    notBefore.set(id, at);
    for (const oldest of notBefore.keys()) {
      if (notBefore.size <= MAX_REMEMBERED) break;
      notBefore.delete(oldest);
    }
  };

  return {
    async sweep(now) {
      const requeued: string[] = [];
      const seen = new Set<string>();
      let scanned = 0;
      let cursor: string | undefined;
      try {
        do {
          const page = await store.listStaleNewExecutions({ createdBefore: now - orphanAfterMs, limit: PAGE_SIZE, ...(cursor !== undefined ? { cursor } : {}) });
          for (const execution of page.data) {
            seen.add(execution.id);
            if ((notBefore.get(execution.id) ?? 0) > now) continue;
            await requeue(execution);
            remember(execution.id, now + Math.max(orphanAfterMs, now - execution.createdAt));
            requeued.push(execution.id);
            if (requeued.length >= maxPerSweep) return { requeued };
          }
          scanned += page.data.length;
          cursor = page.nextCursor;
        } while (cursor !== undefined && scanned < MAX_SCANNED);
      } catch (error) {
        return { requeued, error };
      }
      // Every stale row was seen: the remembered ones not among them left `new` (claimed, canceled, deleted).
      if (cursor === undefined) for (const id of notBefore.keys()) if (!seen.has(id)) notBefore.delete(id);
      return { requeued };
    },
  };
}
