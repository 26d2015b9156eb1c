import type ivm from 'isolated-vm';
import { WeftError } from '../../core/errors/index.js';
import { SandboxLimitError, SandboxSyntaxError } from './errors.js';
import type { SandboxRequest, SandboxResult } from './types.js';
import { WarmIsolate } from './warm-isolate.js';

/** Limits and sizing of an {@link IsolatePool}. */
export interface IsolatePoolOptions {
  /** Warm isolates kept ready. Default 2: while one runs, the other prepares its next context. */
  size?: number;
  /** Heap limit of each isolate, in MB. Default 128 (isolated-vm's minimum is 8). */
  memoryLimitMb?: number;
  /** Wall-time limit of one run (all items of a node run together), in ms. Default 10 000. */
  timeoutMs?: number;
  /** Runs an isolate serves before it is replaced, so long-lived processes do not accumulate heap. Default 5 000. */
  maxRunsPerIsolate?: number;
}

const DEFAULTS = { size: 2, memoryLimitMb: 128, timeoutMs: 10_000, maxRunsPerIsolate: 5_000 } as const;

/**
 * A pool of warm isolated-vm isolates that run user JavaScript. Each run gets a fresh context (nothing leaks
 * between runs); luxon and the helper prelude are loaded once per isolate. User code runs synchronously on the
 * calling thread, bounded by the time limit, so a run costs tens of microseconds once warm. An isolate that breaks
 * its memory limit is disposed by V8 and replaced; a timed-out run only loses its context.
 * Some heap overflows abort the whole hosting process instead, so Weft uses this pool inside the sandbox child
 * processes of `ProcessPool` (`child-main.ts`), not in its own process.
 *
 * @example
 * const pool = new IsolatePool({ timeoutMs: 1000 });
 * const result = await pool.run({ code: 'return items', payload, bridge });
 * pool.close();
 */
export class IsolatePool {
  private readonly options: Required<IsolatePoolOptions>;
  private readonly isolates: WarmIsolate[] = [];
  private next = 0;
  private closed = false;
  /** Isolates replaced after a memory-limit breach or recycling, for monitoring and tests. */
  replaced = 0;

  constructor(options: IsolatePoolOptions = {}) {
    this.options = {
      size: Math.max(1, options.size ?? DEFAULTS.size),
      memoryLimitMb: Math.max(8, options.memoryLimitMb ?? DEFAULTS.memoryLimitMb),
      timeoutMs: Math.max(1, options.timeoutMs ?? DEFAULTS.timeoutMs),
      maxRunsPerIsolate: Math.max(1, options.maxRunsPerIsolate ?? DEFAULTS.maxRunsPerIsolate),
    };
  }

  /** Creates the pool's isolates now instead of on first use (loading luxon costs a few ms per isolate). */
  warmUp(): void {
    this.assertOpen();
    while (this.isolates.length < this.options.size) this.isolates.push(new WarmIsolate(this.options.memoryLimitMb));
  }

  /**
   * Runs user code once (or once per item, by `payload.kind`). Errors the user's code throws are returned as
   * outcomes; a limit breach throws {@link SandboxLimitError}, unparsable code {@link SandboxSyntaxError}.
   */
  async run(request: SandboxRequest): Promise<SandboxResult> {
    return this.runSync(request);
  }

  /** Synchronous form of {@link run}. */
  runSync(request: SandboxRequest): SandboxResult {
    return JSON.parse(this.runSyncJson(request)) as SandboxResult;
  }

  /**
   * {@link runSync} with the result as the JSON text the sandbox produced, for callers that pass it on as text
   * (the sandbox child process), sparing a parse and a stringify of possibly large outputs.
   */
  runSyncJson(request: SandboxRequest): string {
    this.assertOpen();
    const warm = this.pick();
    const timeoutMs = Math.max(1, request.timeoutMs ?? this.options.timeoutMs);
    const deadline = Date.now() + timeoutMs;
    const remaining = (): number => Math.max(1, deadline - Date.now());
    const held: { release(): void }[] = [];
    let context: ivm.Context | undefined;
    try {
      const script = compile(warm, request.code);
      context = warm.takeContext();
      const control = warm.installPrelude(context, JSON.stringify(request.payload), request.bridge, remaining());
      held.push(control);
      const fn = script.runSync(context, { reference: true, timeout: remaining() }) as ivm.Reference<unknown>;
      held.push(fn);
      const start = control.getSync('start' as never, { reference: true }) as ivm.Reference<unknown>;
      const finish = control.getSync('result' as never, { reference: true }) as ivm.Reference<unknown>;
      held.push(start, finish);
      // One call runs the whole user code, timers included: microtasks drain before applySync returns.
      start.applySync(undefined, [fn.derefInto()], { timeout: remaining() });
      // Serializing the result runs user `toJSON` methods, so it is bounded too, with at least a second to do it.
      const state: unknown = finish.applySync(undefined, [], { timeout: Math.max(remaining(), 1000) });
      if (state === 'stuck') throw new SandboxLimitError('time', 'Code did not finish: it waits for a promise that never settles');
      if (typeof state !== 'string') throw new WeftError('WEFT_E_INTERNAL', 'The code sandbox returned no result');
      return state;
    } catch (error) {
      throw this.translate(error, warm, timeoutMs);
    } finally {
      for (const ref of held) safely(() => ref.release());
      if (context) safely(() => context!.release());
      warm.endRun();
      warm.runs += 1;
      this.afterRun(warm);
    }
  }

  /** Disposes every isolate. Idempotent; later runs fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const warm of this.isolates.splice(0)) warm.dispose();
  }

  /** How many isolates are alive (for tests and monitoring). */
  get size(): number {
    return this.isolates.length;
  }

  private assertOpen(): void {
    if (this.closed) throw new WeftError('WEFT_E_INTERNAL', 'The code sandbox pool is closed');
  }

  private pick(): WarmIsolate {
    if (this.isolates.length < this.options.size) {
      const warm = new WarmIsolate(this.options.memoryLimitMb);
      this.isolates.push(warm);
      return warm;
    }
    this.next = (this.next + 1) % this.isolates.length;
    return this.isolates[this.next]!;
  }

  private afterRun(warm: WarmIsolate): void {
    if (warm.healthy && !warm.retired && warm.runs < this.options.maxRunsPerIsolate) {
      warm.prepareSpare();
      return;
    }
    const index = this.isolates.indexOf(warm);
    warm.dispose();
    if (index >= 0) this.isolates.splice(index, 1);
    this.replaced += 1;
    // The replacement is created on the next run that needs it; the other isolates keep serving meanwhile.
  }

  private translate(error: unknown, warm: WarmIsolate, timeoutMs: number): unknown {
    if (error instanceof WeftError) return error;
    if (!warm.healthy) {
      return new SandboxLimitError('memory', `Code exceeded the memory limit of ${this.options.memoryLimitMb} MB`);
    }
    const message = error instanceof Error ? error.message : String(error);
    if (/timed out/i.test(message)) {
      // V8 terminated the run. Such an isolate is not trusted again: isolated-vm can crash the process when a
      // termination races with the end of a call, so it is replaced.
      warm.retire();
      return timeLimit(timeoutMs);
    }
    return new WeftError('WEFT_E_INTERNAL', `The code sandbox failed: ${message}`, {}, { cause: error });
  }
}

function compile(warm: WarmIsolate, code: string): ivm.Script {
  try {
    return warm.userScript(code);
  } catch (error) {
    if (!warm.healthy) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // isolated-vm reports `SyntaxError: <reason> [user-code.js:<line>:<column>]`.
    const match = /^(?:SyntaxError: )?(.*?)(?: \[user-code\.js:(\d+):\d+\])?$/s.exec(message);
    throw new SandboxSyntaxError(match?.[1] ?? message, match?.[2] === undefined ? undefined : Number(match[2]));
  }
}

function timeLimit(timeoutMs: number): SandboxLimitError {
  return new SandboxLimitError('time', `Code exceeded the time limit of ${timeoutMs} ms`);
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // Releasing handles of a disposed isolate throws; there is nothing left to free.
  }
}
