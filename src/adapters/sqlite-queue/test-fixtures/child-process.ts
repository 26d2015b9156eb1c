import { dirname, join } from 'node:path';
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
