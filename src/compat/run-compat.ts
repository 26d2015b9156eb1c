import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { errorMessage } from '../core/errors/index.js';
import { parseWorkflowText } from '../core/model/parse.js';
import type { NodeRegistry } from '../core/node-api/index.js';
import { checkFixture, type FixtureExecutor } from './check-fixture.js';

/** One fixture file's outcome. */
export interface CompatLine {
  readonly file: string;
  readonly ok: boolean;
  readonly reason?: string;
}

/** Every `*.json` workflow file under `dir`, sorted, as paths relative to `dir`. */
export async function findWorkflowFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Checks every workflow file under `dir`; a file that cannot be read or parsed is a failure, not a crash. */
export async function runCompat(dir: string, registry: NodeRegistry, execute: FixtureExecutor, onLine?: (line: CompatLine) => void): Promise<CompatLine[]> {
  const lines: CompatLine[] = [];
  for (const file of await findWorkflowFiles(dir)) {
    let line: CompatLine;
    try {
      const [document] = parseWorkflowText(await readFile(join(dir, file), 'utf8'), file);
      const outcome = await checkFixture(document!, registry, execute);
      line = outcome.ok ? { file, ok: true } : { file, ok: false, reason: outcome.reason };
    } catch (error) {
      line = { file, ok: false, reason: errorMessage(error) };
    }
    lines.push(line);
    onLine?.(line);
  }
  return lines;
}
