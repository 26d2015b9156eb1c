import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles a TypeScript entry (an adapter's index.ts) into one ESM file a plain `node` child can import, in a temp
 * folder whose `node_modules` links to the project's so its packages resolve. `dispose` removes the folder.
 *
 * @example
 * const { bundle, dispose } = await bundleForChild(join(here, '..', 'index.ts'), 'queue');
 */
export async function bundleForChild(entry: string, name: string): Promise<{ bundle: string; dispose: () => void }> {
  const folder = mkdtempSync(join(tmpdir(), `weft-${name}-bundle-`));
  symlinkSync(join(projectRoot, 'node_modules'), join(folder, 'node_modules'), 'dir');
  const bundle = join(folder, `${name}.mjs`);
  await build({ entryPoints: [entry], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' });
  return { bundle, dispose: () => rmSync(folder, { recursive: true, force: true }) };
}

/** A running child: its parsed stdout lines so far, a wait for lines that fit, and its exit. */
export interface LineChild {
  readonly process: ChildProcess;
  readonly lines: Array<Record<string, unknown>>;
  waitFor(predicate: (lines: ReadonlyArray<Record<string, unknown>>) => boolean, timeoutMs: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/**
 * Starts `node <script> ...args`, a child that reports on stdout with one JSON object per line. Only whole lines
 * count: a line cut by a kill was never fully reported.
 *
 * @example
 * const child = startLineChild(join(here, 'queue-child.mjs'), [bundle, file, 'work']);
 * await child.waitFor((lines) => lines.length > 0, 5_000);
 */
export function startLineChild(script: string, args: readonly string[]): LineChild {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  let pending = '';
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolveExit) => {
    child.on('exit', (code, signal) => {
      for (const listener of listeners) listener();
      resolveExit({ code, signal, stderr });
    });
  });
  return {
    process: child,
    lines,
    exited,
    waitFor: (predicate, timeoutMs) =>
      new Promise<void>((resolveWait, rejectWait) => {
        const check = (): void => {
          if (predicate(lines)) {
            done();
            resolveWait();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            rejectWait(new Error(`child ${String(child.pid)} exited before the expected output; stderr: ${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          rejectWait(new Error(`child ${String(child.pid)} did not produce the expected output in ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
  };
}
