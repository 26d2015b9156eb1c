import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForChild, startLineChild, type LineChild } from '../../../testing/bundled-child.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundles the real SQLite store adapter for `store-child.mjs` (see bundleForChild). */
export function buildStoreBundle(): Promise<{ bundle: string; dispose: () => void }> {
  return bundleForChild(join(here, '..', 'index.ts'), 'sqlite-store');
}

/** A running store child (see startLineChild). */
export type StoreChild = LineChild;

/** Starts `store-child.mjs` on `file` in `mode` (see that file), opening the store at `startAt` (epoch ms) when given. */
export function startStoreChild(bundle: string, file: string, mode: 'migrate' | 'write', startAt?: number): StoreChild {
  return startLineChild(join(here, 'store-child.mjs'), [bundle, file, mode, ...(startAt === undefined ? [] : [String(startAt)])]);
}
