import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { bundleForChild, startLineChild, type LineChild } from '../../../testing/bundled-child.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundles the real queue adapter for `queue-child.mjs` (see bundleForChild). */
export function buildQueueBundle(): Promise<{ bundle: string; dispose: () => void }> {
  return bundleForChild(join(here, '..', 'index.ts'), 'queue');
}

/** A running queue child (see startLineChild). */
export type QueueChild = LineChild;

/** Starts `queue-child.mjs` (see that file for the modes) on `file` and `queue`. */
export function startQueueChild(bundle: string, file: string, queue: string, mode: 'hold' | 'work', leaseMs: number): QueueChild {
  return startLineChild(join(here, 'queue-child.mjs'), [bundle, file, queue, mode, String(leaseMs)]);
}

/**
 * Queue children for the tests of the calling `describe` block: the adapter is bundled once before them, and every
 * child still running after a test is killed (SIGKILL) and awaited.
 *
 * @example
 * const children = useQueueChildren();
 * it('…', async () => { const child = children.start(file, 'work', 'hold', 60_000); … });
 */
export function useQueueChildren(): { start(file: string, queue: string, mode: 'hold' | 'work', leaseMs: number): QueueChild } {
  let bundle: string | undefined;
  let dispose: () => void = () => undefined;
  const running: QueueChild[] = [];
  beforeAll(async () => {
    ({ bundle, dispose } = await buildQueueBundle());
  });
  afterEach(async () => {
    for (const child of running.splice(0)) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
  });
  afterAll(() => dispose());
  return {
    start(file, queue, mode, leaseMs) {
      if (bundle === undefined) throw new Error('useQueueChildren: start() called before the bundle was built (call it inside a test)');
      const child = startQueueChild(bundle, file, queue, mode, leaseMs);
      running.push(child);
      return child;
    },
  };
}
