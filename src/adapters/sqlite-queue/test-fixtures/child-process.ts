import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '../../../..');

/**
 * Bundles the real queue adapter (TypeScript) into one ESM file a plain `node` child can import, in a temp folder
 * whose `node_modules` links to the project's so better-sqlite3 resolves. `dispose` removes the folder.
 */
export async function buildQueueBundle(): Promise<{ bundle: string; dispose: () => void }> {
  const folder = mkdtempSync(join(tmpdir(), 'weft-queue-bundle-'));
  symlinkSync(join(projectRoot, 'node_modules'), join(folder, 'node_modules'), 'dir');
  const bundle = join(folder, 'queue.mjs');
  await build({
    entryPoints: [join(here, '..', 'index.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  return { bundle, dispose: () => rmSync(folder, { recursive: true, force: true }) };
}

/** A running child: its parsed stdout lines so far, a wait for lines that fit, and its exit. */
export interface QueueChild {
  readonly process: ChildProcess;
  readonly lines: Array<Record<string, unknown>>;
  waitFor(predicate: (lines: ReadonlyArray<Record<string, unknown>>) => boolean, what: string, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `queue-child.mjs` (see that file for the modes) on `file` and `queue`. */
export function startQueueChild(bundle: string, file: string, queue: string, mode: 'hold' | 'work', leaseMs: number): QueueChild {
  const child = spawn(process.execPath, [join(here, 'queue-child.mjs'), bundle, file, queue, mode, String(leaseMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    // Only whole lines count: a line cut by a kill was never fully reported.
    for (const line of complete) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit({ code, signal, stderr }));
  });
  return {
    process: child,
    lines,
    exited,
    waitFor: async (predicate, what, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(lines)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`child ${String(child.pid)} exited before ${what}; stderr: ${stderr}`);
        if (Date.now() > deadline) throw new Error(`child ${String(child.pid)} did not report ${what} in ${timeoutMs} ms; stderr: ${stderr}`);
        await new Promise((resolveWait) => setTimeout(resolveWait, 5));
      }
    },
  };
}
