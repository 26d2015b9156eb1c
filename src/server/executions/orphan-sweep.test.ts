import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/sqlite-store/index.js';
import type { Store } from '../../ports/store/index.js';
import type { EnqueueOptions, RoutedWorkflow } from '../../runtime/worker/execution-enqueuer.js';
import { createOrphanSweep } from './orphan-sweep.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2030, 0, 1);

interface Published {
  readonly executionId: string;
  readonly workflow: RoutedWorkflow;
  readonly options: EnqueueOptions;
}

let dir: string;
let store: Store;
let clock: number;
let published: Published[];
let failPublish: ((executionId: string) => boolean) | undefined;
const enqueuer = {
  async enqueue(executionId: string, workflow: RoutedWorkflow, options: EnqueueOptions) {
    if (failPublish?.(executionId) === true) throw new Error('broker unreachable');
    published.push({ executionId, workflow, options });
    return { executionId, workflowId: workflow.id, kind: options.kind, concurrencyLimit: 0, hasCheckpoints: true, deferrals: 0, priority: 4 };
  },
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'weft-orphan-sweep-'));
  clock = T0;
  store = await createSqliteStore({ file: join(dir, 'weft.db'), encryptionKey: randomBytes(32), now: () => clock });
  published = [];
  failPublish = undefined;
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A `new` execution recorded at `at` whose job was never published. */
async function stranded(workflowId: string, at: number, mode = 'trigger', workflowVersion = 1): Promise<string> {
  clock = at;
  return (await store.createExecution({ workflowId, workflowVersion, mode, input: { startItems: [{ json: { at } }] } })).id;
}

const ids = (): string[] => published.map((entry) => entry.executionId);

describe('orphan sweep', () => {
  it('publishes again only executions still new past the threshold, routed as a first publish would be', async () => {
    const workflow = await store.createWorkflow({ name: 'w', definition: { nodes: [], connections: {}, settings: { weftPriority: 7, weftConcurrencyLimit: 2 } } });
    await store.updateWorkflow(workflow.id, { definition: { nodes: [], connections: {}, settings: { weftPriority: 1 } } });
    const old = await stranded(workflow.id, T0, 'webhook', 1);
    const oldTrigger = await stranded(workflow.id, T0 + 1, 'trigger', 2);
    const running = await stranded(workflow.id, T0 + 2);
    await store.claimExecution(running, { worker: 'w1' });
    const young = await stranded(workflow.id, T0 + 4 * MINUTE + 1);
    const sweep = createOrphanSweep({ store, enqueuer, orphanAfterMs: 5 * MINUTE, maxPerSweep: 100 });

    expect((await sweep.sweep(T0 + 5 * MINUTE + 10)).requeued).toEqual([old, oldTrigger]);
    expect(published).toEqual([
      // The settings of the version the execution runs (priority, concurrency limit), no inline input: the
      // engine reads it from the store; checkpoints may exist (a retry saves them before its first publish).
      { executionId: old, workflow: { id: workflow.id, settings: { weftPriority: 7, weftConcurrencyLimit: 2 } }, options: { kind: 'start', interactive: true, hasCheckpoints: true, recovered: true } },
      { executionId: oldTrigger, workflow: { id: workflow.id, settings: { weftPriority: 1 } }, options: { kind: 'start', interactive: false, hasCheckpoints: true, recovered: true } },
    ]);
    expect(ids()).not.toContain(young);
  });

  it('still publishes the job of an execution whose workflow was deleted (the engine records why it failed)', async () => {
    const gone = await stranded('deleted-workflow', T0);
    const sweep = createOrphanSweep({ store, enqueuer, orphanAfterMs: MINUTE, maxPerSweep: 10 });
    expect((await sweep.sweep(T0 + 2 * MINUTE)).requeued).toEqual([gone]);
    expect(published[0]?.workflow).toEqual({ id: 'deleted-workflow' });
  });

  it('caps each sweep, oldest first; the next sweep takes the rest', async () => {
    const made: string[] = [];
    for (let index = 0; index < 5; index += 1) made.push(await stranded('wf', T0 + index));
    const sweep = createOrphanSweep({ store, enqueuer, orphanAfterMs: MINUTE, maxPerSweep: 2 });
    expect((await sweep.sweep(T0 + 2 * MINUTE)).requeued).toEqual(made.slice(0, 2));
    expect((await sweep.sweep(T0 + 2 * MINUTE + 1_000)).requeued).toEqual(made.slice(2, 4));
    expect((await sweep.sweep(T0 + 2 * MINUTE + 2_000)).requeued).toEqual(made.slice(4));
    expect((await sweep.sweep(T0 + 2 * MINUTE + 3_000)).requeued).toEqual([]);
  });

  it('publishes an execution that stays new (a long backlog) again only each time its age doubles', async () => {
    const waiting = await stranded('wf', T0);
    const sweep = createOrphanSweep({ store, enqueuer, orphanAfterMs: 5 * MINUTE, maxPerSweep: 10 });
    const publishedAt: number[] = [];
    // A sweep every 30 s for an hour.
    for (let at = T0; at <= T0 + 60 * MINUTE; at += 30_000) {
      if ((await sweep.sweep(at)).requeued.length > 0) publishedAt.push((at - T0) / MINUTE);
    }
    expect(publishedAt).toEqual([5.5, 11, 22, 44]);
    expect(new Set(ids())).toEqual(new Set([waiting]));
  });

  it('stops a sweep at a failed publish and tries that execution again on the next sweep', async () => {
    const first = await stranded('wf', T0);
    const second = await stranded('wf', T0 + 1);
    const third = await stranded('wf', T0 + 2);
    const sweep = createOrphanSweep({ store, enqueuer, orphanAfterMs: MINUTE, maxPerSweep: 10 });
    failPublish = (id) => id === second;
    const report = await sweep.sweep(T0 + 2 * MINUTE);
    expect(report.requeued).toEqual([first]);
    expect(report.error).toBeInstanceOf(Error);
    failPublish = undefined;
    expect((await sweep.sweep(T0 + 2 * MINUTE + 1_000)).requeued).toEqual([second, third]);
  });
});
