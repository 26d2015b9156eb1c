import ivm from 'isolated-vm';
import { FREEZE_LIBRARY_SOURCE, readLuxonGlobalBuild } from './library-source.js';
import { PRELUDE_FILENAME, PRELUDE_SOURCE, USER_CODE_FILENAME } from './prelude-source.js';

/** Host function the sandbox calls synchronously: operation name and JSON arguments in, JSON out. */
export type BridgeHandler = (op: string, argsJson: string) => string;

const MAX_CACHED_SCRIPTS = 200;

/**
 * One isolate, kept warm: luxon loaded and frozen in a library context, the prelude compiled, user scripts
 * compiled once per distinct source, and a fresh context created in the background for the next run.
 * Not safe for concurrent runs: the pool hands it to one run at a time.
 */
export class WarmIsolate {
  readonly isolate: ivm.Isolate;
  /** Runs served, for recycling. */
  runs = 0;
  private readonly luxon: ivm.Reference<unknown>;
  private readonly prelude: ivm.Script;
  private readonly spareWarmUp: ivm.Script;
  private readonly bridge: ivm.Callback;
  private readonly scripts = new Map<string, ivm.Script>();
  private spare: ivm.Context | undefined;
  private sparePending = false;
  private handler: BridgeHandler | undefined;
  private isRetired = false;

  constructor(memoryLimitMb: number) {
    this.isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
    const library = this.isolate.createContextSync();
    this.isolate.compileScriptSync(readLuxonGlobalBuild(), { filename: 'luxon.js' }).runSync(library);
    this.isolate.compileScriptSync(FREEZE_LIBRARY_SOURCE, { filename: 'weft-freeze.js' }).runSync(library);
    this.luxon = library.global.getSync('luxon', { reference: true });
    this.prelude = this.isolate.compileScriptSync(PRELUDE_SOURCE, { filename: PRELUDE_FILENAME });
    this.spareWarmUp = this.isolate.compileScriptSync('globalThis.global = globalThis; JSON.parse("[{}]");', { filename: 'weft-warm.js' });
    // One callback per isolate that forwards to the current run's handler: runs on an isolate never overlap.
    this.bridge = new ivm.Callback((op: unknown, argsJson: unknown): string => {
      const handler = this.handler;
      if (!handler || typeof op !== 'string' || typeof argsJson !== 'string') {
        return JSON.stringify({ error: { message: 'The workflow data bridge is not available' } });
      }
      return handler(op, argsJson);
    });
    this.prepareSpare();
  }

  /** Set when the isolate must not serve another run (its run was terminated by V8). */
  get retired(): boolean {
    return this.isRetired;
  }

  /** Marks the isolate for replacement after the current run. */
  retire(): void {
    this.isRetired = true;
  }

  /** True when the isolate can still run code (it is disposed after a memory-limit breach). */
  get healthy(): boolean {
    return !this.isolate.isDisposed;
  }

  /** A never-used context: the one prepared in the background, or a new one. */
  takeContext(): ivm.Context {
    const context = this.spare ?? this.isolate.createContextSync();
    this.spare = undefined;
    return context;
  }

  /** Starts creating the next run's context on the isolate's thread, off the host's event loop. */
  prepareSpare(): void {
    if (this.spare || this.sparePending || !this.healthy) return;
    this.sparePending = true;
    // The first code run in a new context is slow (V8 finishes setting it up), so that happens here too.
    const prepared = this.isolate.createContext().then(async (context) => {
      await this.spareWarmUp.run(context);
      return context;
    });
    prepared.then(
      (context) => {
        this.sparePending = false;
        if (this.healthy && !this.spare) this.spare = context;
        else context.release();
      },
      () => {
        this.sparePending = false;
      },
    );
  }

  /** The user's code compiled as `async function VmCodeWrapper`, cached per source text. */
  userScript(code: string): ivm.Script {
    const cached = this.scripts.get(code);
    if (cached) {
      // Re-insert to keep the map in least-recently-used order.
      this.scripts.delete(code);
      this.scripts.set(code, cached);
      return cached;
    }
    // The wrapper shares line 1 with the user's first line, so stack line numbers are the user's.
    const script = this.isolate.compileScriptSync(`(async function VmCodeWrapper() {${code}\n})`, { filename: USER_CODE_FILENAME });
    this.scripts.set(code, script);
    if (this.scripts.size > MAX_CACHED_SCRIPTS) {
      const oldest = this.scripts.keys().next().value;
      if (oldest !== undefined) {
        this.scripts.get(oldest)?.release();
        this.scripts.delete(oldest);
      }
    }
    return script;
  }

  /** Runs the prelude in `context` and returns the control object it builds. */
  installPrelude(context: ivm.Context, payloadJson: string, handler: BridgeHandler, timeoutMs: number): ivm.Reference<unknown> {
    this.handler = handler;
    const factory = this.prelude.runSync(context, { reference: true, timeout: timeoutMs }) as ivm.Reference<unknown>;
    try {
      return factory.applySync(undefined, [payloadJson, this.bridge, this.luxon.derefInto()], {
        result: { reference: true },
        timeout: timeoutMs,
      }) as ivm.Reference<unknown>;
    } finally {
      factory.release();
    }
  }

  /** Clears the current run's bridge handler so that nothing can call the host after the run. */
  endRun(): void {
    this.handler = undefined;
  }

  /** Frees the isolate and everything in it. Idempotent. */
  dispose(): void {
    this.handler = undefined;
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}
