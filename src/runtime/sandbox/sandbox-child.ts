import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { ANSWER_FD, COMMAND_FD, LineSplitter, MESSAGE_FD, type ChildCommand, type ChildMessage } from './protocol.js';

/** How a child process is started. */
export interface ChildSpawnOptions {
  /** Compiled `child-main.js`. */
  entry: string;
  /** Passed to the child as JSON (its IsolatePool's limits). */
  settings: Record<string, number>;
}

/** What a {@link SandboxChild} reports to its pool. */
export interface ChildEvents {
  onMessage(child: SandboxChild, message: ChildMessage): void;
  onExit(child: SandboxChild, reason: string): void;
}

const STDERR_TAIL = 4096;

/**
 * One sandbox child process, seen from the parent: spawns it, splits its messages, sends commands and bridge
 * answers. The pool decides what to run where; this class only moves lines. The process and its pipes are
 * unref'd: an idle child never keeps the parent alive (the pool's timers do while work is pending).
 */
export class SandboxChild {
  /** `starting` until the child said `ready`; `dead` once its process exited. */
  state: 'starting' | 'idle' | 'busy' | 'dead' = 'starting';
  /** The id of the command it runs, while busy. */
  jobId: number | undefined;
  private readonly process: ChildProcess;
  private readonly commands: Writable;
  private readonly answers: Writable;
  private stderrTail = '';

  constructor(options: ChildSpawnOptions, events: ChildEvents) {
    const env = { ...process.env };
    // The parent's NODE_OPTIONS (loaders, inspectors of a test runner) are not meant for the sandbox.
    delete env['NODE_OPTIONS'];
    this.process = spawn(process.execPath, ['--no-node-snapshot', options.entry, JSON.stringify(options.settings)], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      env,
      windowsHide: true,
    });
    // The stdio tuple type knows only fds 0-4; the extra pipes are all streams (`'pipe'` above).
    const pipes = this.process.stdio as unknown as readonly (Readable | Writable | null)[];
    this.commands = pipes[COMMAND_FD] as Writable;
    this.answers = pipes[ANSWER_FD] as Writable;
    const messages = pipes[MESSAGE_FD] as Readable;
    const stderr = pipes[2] as Readable;
    const splitter = new LineSplitter();
    messages.on('data', (chunk: Buffer) => {
      splitter.push(chunk, (line) => {
        if (this.state !== 'dead') events.onMessage(this, JSON.parse(line) as ChildMessage);
      });
    });
    // V8's fatal-error report (the reason of an abort) lands here; kept short for diagnostics.
    stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    // Writes to a child that just died fail with EPIPE; its exit is what the pool acts on.
    for (const pipe of [this.commands, this.answers, messages, stderr]) pipe.on('error', () => undefined);
    const die = (reason: string): void => {
      if (this.state === 'dead') return;
      this.state = 'dead';
      events.onExit(this, reason);
    };
    // A process that could not be spawned reports only `error`, not `exit`.
    this.process.on('error', (error) => {
      this.kill();
      die(error.message);
    });
    this.process.on('exit', (code, signal) => die(signal ?? `exit code ${code ?? '?'}`));
    this.process.unref();
    for (const pipe of [this.commands, this.answers, messages, stderr]) unref(pipe);
  }

  /** The process id, for diagnostics. */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** The last lines the child wrote to stderr. */
  get stderr(): string {
    return this.stderrTail;
  }

  /** Sends a command; the child answers with a `result` or `failure` message of the same id. */
  send(command: ChildCommand): void {
    this.jobId = command.id;
    this.state = 'busy';
    this.commands.write(`${JSON.stringify(command)}\n`);
  }

  /** Answers the child's pending bridge call (JSON text without newlines). */
  answer(json: string): void {
    this.answers.write(`${json}\n`);
  }

  /** Kills the process at once; its `exit` follows asynchronously. */
  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }
}

function unref(stream: Readable | Writable): void {
  const handle = stream as unknown as { unref?: () => void };
  handle.unref?.();
}
