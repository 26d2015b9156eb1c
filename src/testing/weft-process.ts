import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The compiled CLI that spawned test processes run. */
export const cliEntry = join(projectRoot, 'dist', 'src', 'cli', 'main.js');

/** A spawned `weft start|orchestrator|engine` process. */
export interface WeftProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** The first API key, when this start printed one. */
  readonly apiKey: string | undefined;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<number | null>;
  /** SIGKILL, then waits for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM, then waits for the exit (code). */
  stop(): Promise<number | null>;
}

/** Rebuilds `dist` when a source file is newer than its compiled file, so spawned processes run current code. */
export function ensureFreshBuild(): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [join(dir, entry.name)] : [],
    );
  const stale = walk(join(projectRoot, 'src')).some((source) => {
    const built = join(projectRoot, 'dist', relative(projectRoot, source)).replace(/\.ts$/, '.js');
    return !existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs;
  });
  // tsc exits non-zero on type errors elsewhere in the tree but still emits; only the output matters here.
  if (stale) spawnSync('npx', ['tsc', '-p', '.'], { cwd: projectRoot, stdio: 'ignore' });
}

/**
 * Spawns the CLI with `args` and `env` (nothing inherited but PATH) and resolves once it printed its
 * "running at" line; rejects when it exits first or does not get there within `timeoutMs`.
 *
 * @example
 * const engine = await spawnWeft(['engine', '--concurrency', '8'], { WEFT_DATABASE_URL: url, WEFT_PORT: '0' });
 * await engine.kill9();
 */
export async function spawnWeft(args: readonly string[], env: Record<string, string>, timeoutMs = 60_000): Promise<WeftProcess> {
  const child = spawn(process.execPath, ['--no-node-snapshot', cliEntry, ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((found, fail) => {
    const deadline = Date.now() + timeoutMs;
    const timer = setInterval(() => {
      const match = /is running at (http:\/\/\S+)/.exec(out);
      if (match) {
        clearInterval(timer);
        found(match[1]!);
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        child.kill('SIGKILL');
        fail(new Error(`weft ${args.join(' ')} did not start within ${timeoutMs} ms:\n${err.slice(-4000)}`));
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(timer);
      fail(new Error(`weft ${args.join(' ')} exited with ${String(code)} before it was running:\n${err.slice(-4000)}`));
    });
  });
  return {
    child,
    url,
    apiKey: /X-WEFT-API-KEY: (weft_\S+)/.exec(out)?.[1],
    stdout: () => out,
    stderr: () => err,
    exited,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
