import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** The project root: this file sits in `src/runtime/sandbox/`, or in `dist/src/runtime/sandbox/` once compiled. */
export function projectRoot(): string {
  const up = resolve(dirname(here), '..', '..', '..');
  return basename(up) === 'dist' ? dirname(up) : up;
}

/**
 * The compiled script a sandbox child process runs. Compiled code spawns its sibling `child-main.js`; when Weft
 * runs from its TypeScript sources (vitest), the child still runs compiled, from `dist/` (Node 20 cannot run
 * TypeScript, and the child must not depend on a test runner). `npm test` builds first.
 */
export function sandboxChildEntry(): string {
  if (here.endsWith('.js')) return join(dirname(here), 'child-main.js');
  return join(projectRoot(), 'dist', 'src', 'runtime', 'sandbox', 'child-main.js');
}

/** Source folders the child's compiled code comes from (its imports stay inside these). */
const CHILD_SOURCE_DIRS = ['src/runtime/sandbox', 'src/core/errors'];

/**
 * True when the compiled child is missing or older than one of its TypeScript sources, so running it would test
 * stale code. For test setup; compiled deployments do not have the sources.
 */
export function sandboxChildIsStale(root: string = projectRoot()): boolean {
  for (const folder of CHILD_SOURCE_DIRS) {
    const sourceDir = join(root, folder);
    if (!existsSync(sourceDir)) continue;
    for (const name of readdirSync(sourceDir)) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      const source = join(sourceDir, name);
      const compiled = join(root, 'dist', relative(root, source)).replace(/\.ts$/, '.js');
      if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(source).mtimeMs) return true;
    }
  }
  return false;
}
