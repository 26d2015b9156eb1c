import { describe, expect, it } from 'vitest';
import type { JobMessage, JobQueue, PublishOptions } from '../../ports/queue/types.js';
import { createExecutionEnqueuer } from './execution-enqueuer.js';
import { parseExecutionJob } from './execution-job.js';

/** Records what is published (only `publish` and `declare` are used by the enqueuer). */
function recordingQueue(): JobQueue & { published: Array<{ queue: string; job: JobMessage; options?: PublishOptions }> } {
  const published: Array<{ queue: string; job: JobMessage; options?: PublishOptions }> = [];
  const unused = (): never => {
    throw new Error('not used by the enqueuer');
  };
  return {
    kind: 'recording',
    published,
    declare: async () => undefined,
    publish: async (queue, job, options) => {
      published.push({ queue, job, ...(options ? { options } : {}) });
    },
    consume: unused,
    consumeDeadLetters: unused,
    depth: unused,
    health: async () => true,
    close: async () => undefined,
  };
}

const noPins = { pinWorkflowShard: async (_id: string, shard: number) => shard };

describe('execution enqueuer', () => {
  it('carries a small start input in the job and leaves a large one in the store', async () => {
    const queue = recordingQueue();
    const enqueuer = createExecutionEnqueuer({ queue, store: noPins, plan: { shards: 1 }, defaultConcurrency: 0, messageTtlMs: 0 });
    await enqueuer.enqueue('e1', { id: 'w' }, { kind: 'start', input: { startItems: [{ json: { a: 1 } }] } });
    await enqueuer.enqueue('e2', { id: 'w' }, { kind: 'start', input: { startItems: [{ json: { pad: 'x'.repeat(20_000) } }] } });
    const [small, large] = queue.published.map((entry) => parseExecutionJob(entry.job));
    expect(small).toMatchObject({ executionId: 'e1', input: { startItems: [{ json: { a: 1 } }] } });
    expect(large).not.toHaveProperty('input');
  });

  it('sets priority and concurrency from the workflow settings, interactive callers ahead of background work', async () => {
    const queue = recordingQueue();
    const enqueuer = createExecutionEnqueuer({ queue, store: noPins, plan: { shards: 4 }, defaultConcurrency: 3, messageTtlMs: 0 });
    await enqueuer.enqueue('e1', { id: 'w' }, { kind: 'start' });
    await enqueuer.enqueue('e2', { id: 'w' }, { kind: 'start', interactive: true, delayMs: 250 });
    await enqueuer.enqueue('e3', { id: 'w', settings: { weftPriority: 9, weftConcurrencyLimit: 1 } }, { kind: 'start' });
    expect(queue.published.map((entry) => entry.options)).toEqual([{ priority: 4 }, { priority: 6, delayMs: 250 }, { priority: 9 }]);
    expect(queue.published.map((entry) => parseExecutionJob(entry.job))).toMatchObject([{ concurrencyLimit: 3 }, { concurrencyLimit: 3 }, { concurrencyLimit: 1 }]);
    expect(new Set(queue.published.map((entry) => entry.queue)).size).toBe(1);
  });

  it('refuses malformed jobs with a reason', () => {
    expect(parseExecutionJob({ id: 'j', body: { executionId: 'e' } })).toEqual({ invalid: 'job j names no executionId or workflowId' });
    expect(parseExecutionJob({ id: 'j', body: { executionId: 'e', workflowId: 'w', kind: 'other' } })).toEqual({ invalid: 'job j has unknown kind "other"' });
  });
});
