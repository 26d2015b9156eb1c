import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI next to the compiled benchmark (`dist/bench/queue` → `dist/src/cli/main.js`). */
const cliMain = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const START_TIMEOUT_MS = 60_000;
/** A graceful stop has nothing left to drain after the benchmark; past this the child is killed. */
const STOP_TIMEOUT_MS = 10_000;
/** Lines of the child's stderr kept to explain a failure. */
const STDERR_TAIL_LINES = 20;

/** A running `weft engine` child process. */
export interface EngineProcess {
  readonly pid: number;
  /** The last lines the engine wrote on stderr (its warn/error log lines). */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL when it has not exited within 10 s; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `node --no-node-snapshot dist/src/cli/main.js engine --concurrency N` with `env` (added to this process's
 * environment minus its WEFT_* variables) and resolves once it printed its "running at" line.
 *
 * @example
 * const engine = await startEngineProcess({ concurrency: 64, env: { WEFT_DATA_DIR: dir, WEFT_PORT: '0' }, nodeFlags: [] });
 * await engine.stop();
 */
export async function startEngineProcess(options: {
  readonly concurrency: number;
  readonly env: Readonly<Record<string, string>>;
  readonly nodeFlags: readonly string[];
}): Promise<EngineProcess> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WEFT_')));
  const child = spawn(process.execPath, ['--no-node-snapshot', ...options.nodeFlags, cliMain, 'engine', '--concurrency', String(options.concurrency)], {
    env: { ...inherited, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    tail.push(...chunk.split('\n').filter((line) => line !== ''));
    tail.splice(0, Math.max(0, tail.length - STDERR_TAIL_LINES));
  });
  const stderrTail = (): string => tail.join('\n');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const engine: EngineProcess = { pid: child.pid ?? -1, stderrTail, stop: stopper(child, exited) };
  try {
    await runningLine(child, exited, stderrTail);
  } catch (error) {
    await engine.stop();
    throw error;
  }
  return engine;
}

function runningLine(child: ChildProcess, exited: Promise<void>, stderrTail: () => string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`weft engine (pid ${child.pid ?? '?'}) printed no "running at" line within ${START_TIMEOUT_MS / 1000} s; stderr:\n${stderrTail()}`)), START_TIMEOUT_MS);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`weft engine exited with code ${String(child.exitCode)} before it was running; stderr:\n${stderrTail()}`));
    });
  });
}

function stopper(child: ChildProcess, exited: Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    })());
}
