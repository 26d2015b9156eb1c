import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { projectRoot, sandboxChildEntry, sandboxChildIsStale } from './child-entry.js';

/**
 * Vitest global setup: sandbox child processes run compiled code from `dist/`, so tests run against a fresh build
 * of the sandbox. `npm test` builds first and this is then a quick check; a plain `vitest run` after editing the
 * sandbox rebuilds here.
 */
export default function setup(): void {
  if (!sandboxChildIsStale()) return;
  // tsc exits non-zero on type errors elsewhere in the tree but still emits; only the output matters here.
  spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['tsc', '-p', '.'], { cwd: projectRoot(), stdio: 'ignore' });
  if (!existsSync(sandboxChildEntry())) throw new Error(`The sandbox child was not built: ${sandboxChildEntry()} is missing`);
}
