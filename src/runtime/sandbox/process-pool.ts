import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { errorCodes, WeftError, type ErrorCode } from '../../core/errors/index.js';
import { sandboxChildEntry } from './child-entry.js';
import { SandboxLimitError, SandboxSyntaxError } from './errors.js';
import type { ChildCommand, ChildMessage, TaskFailure } from './protocol.js';
import { SandboxChild } from './sandbox-child.js';
import { SQL_MEMORY_LIMIT_MB } from './sql-isolate.js';
import type { SandboxRequest, SandboxResult } from './types.js';

/** Limits and sizing of a {@link ProcessPool}. */
export interface ProcessPoolOptions {
  /** Child processes, each running one task at a time. Default `min(2, os.availableParallelism())`. */
  size?: number;
  /** Heap limit of each isolate, in MB. Default 128. */
  memoryLimitMb?: number;
  /** Wall-time limit of one Code run, in ms. Default 10 000. */
  timeoutMs?: number;
  /** Extra time a child gets past a run's limit before it is killed as unresponsive. Default 2 000 ms. */
  graceMs?: number;
  /** Time a new child gets to load isolated-vm and warm its isolates. Default 30 000 ms. */
  startupTimeoutMs?: number;
  /** Warm isolates in each child. Default 2: while one runs, the other prepares its next context. */
  isolatesPerChild?: number;
  /** Runs an isolate serves before the child replaces it. Default 5 000. */
  maxRunsPerIsolate?: number;
  /** The compiled child script; defaults to {@link sandboxChildEntry}. */
  childEntry?: string;
}

/** A task waiting for, or running in, a child. */
interface Job {
  id: number;
  command: ChildCommand;
  bridge?: SandboxRequest['bridge'];
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Set when the watchdog killed the child running this job. */
  timedOut?: boolean;
  watchdog?: NodeJS.Timeout;
}

const DEFAULTS = { memoryLimitMb: 128, timeoutMs: 10_000, graceMs: 2_000, startupTimeoutMs: 30_000, isolatesPerChild: 2, maxRunsPerIsolate: 5_000 };

/**
 * Runs user code (Code nodes, sort code, Merge SQL queries) in child processes, each with its own isolated-vm
 * isolates. Some heap overflows inside an isolate make V8 abort the whole process that hosts it (isolated-vm
 * #527/#457); here that kills only a child: the run fails with the memory-limit error and a new child replaces it.
 * The parent's event loop stays free while code runs. Tasks queue FIFO while every child is busy.
 *
 * @example
 * const pool = new ProcessPool({ timeoutMs: 1000 });
 * const result = await pool.run({ code: 'return items', payload, bridge });
 * pool.close();
 */
export class ProcessPool {
  private readonly options: Required<Omit<ProcessPoolOptions, 'childEntry'>> & { childEntry: string };
  private readonly children: SandboxChild[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, Job>();
  private readonly startupTimers = new Map<SandboxChild, NodeJS.Timeout>();
  private nextId = 1;
  private closed = false;
  /** Children replaced after they crashed or were killed, for monitoring and tests. */
  replaced = 0;

  constructor(options: ProcessPoolOptions = {}) {
    this.options = {
      size: Math.max(1, options.size ?? Math.min(2, availableParallelism())),
      memoryLimitMb: Math.max(8, options.memoryLimitMb ?? DEFAULTS.memoryLimitMb),
      timeoutMs: Math.max(1, options.timeoutMs ?? DEFAULTS.timeoutMs),
      graceMs: Math.max(0, options.graceMs ?? DEFAULTS.graceMs),
      startupTimeoutMs: Math.max(1, options.startupTimeoutMs ?? DEFAULTS.startupTimeoutMs),
      isolatesPerChild: Math.max(1, options.isolatesPerChild ?? DEFAULTS.isolatesPerChild),
      maxRunsPerIsolate: Math.max(1, options.maxRunsPerIsolate ?? DEFAULTS.maxRunsPerIsolate),
      childEntry: options.childEntry ?? sandboxChildEntry(),
    };
  }

  /**
   * Runs user code once (or once per item, by `payload.kind`) in a child. Errors the user's code throws are
   * returned as outcomes; a limit breach (or a crashed child) rejects with {@link SandboxLimitError}, unparsable
   * code with {@link SandboxSyntaxError}. The request's `bridge` answers the code's workflow-data calls.
   */
  run(request: SandboxRequest): Promise<SandboxResult> {
    const timeoutMs = Math.max(1, request.timeoutMs ?? this.options.timeoutMs);
    return this.enqueue<SandboxResult>((id) => ({ task: 'code', id, code: request.code, payload: request.payload, timeoutMs }), request.bridge);
  }

  /**
   * Runs an alasql query over JSON tables (`input1`, `input2`, …) in a child; resolves with the query's result.
   * A breached limit rejects with {@link SandboxLimitError}, a failing query with an `Error` carrying alasql's message.
   */
  async runSql(tables: unknown[][], query: string, params: unknown[], timeoutMs: number): Promise<unknown> {
    const answer = await this.enqueue<{ value: unknown }>((id) => ({ task: 'sql', id, tables, query, params, timeoutMs }));
    return answer.value;
  }

  /** Starts every child now instead of on first use (each loads isolated-vm and luxon: tens of ms). */
  warmUp(): void {
    this.assertOpen();
    while (this.children.length < this.options.size) if (!this.spawn()) return;
  }

  /** Resolves once every child is ready to run (after {@link warmUp}); for benchmarks and tests. */
  async ready(): Promise<void> {
    while (this.children.some((child) => child.state === 'starting')) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Kills every child and rejects queued and running tasks. Idempotent; later runs fail. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const closedError = (): WeftError => new WeftError('WEFT_E_INTERNAL', 'The code sandbox pool is closed');
    for (const job of this.queue.splice(0)) job.reject(closedError());
    for (const job of this.running.values()) this.settle(job, closedError(), false);
    for (const timer of this.startupTimers.values()) clearTimeout(timer);
    this.startupTimers.clear();
    for (const child of this.children.splice(0)) child.kill();
  }

  /** Child processes alive (starting, idle or busy). */
  get size(): number {
    return this.children.length;
  }

  private enqueue<T>(build: (id: number) => ChildCommand, bridge?: SandboxRequest['bridge']): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.assertOpen();
      const id = this.nextId++;
      this.queue.push({ id, command: build(id), bridge, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new WeftError('WEFT_E_INTERNAL', 'The code sandbox pool is closed');
  }

  /** Hands queued jobs to idle children, starting children (up to the pool size) for the rest. */
  private dispatch(): void {
    if (this.closed) return;
    for (const child of this.children) {
      if (this.queue.length === 0) return;
      if (child.state === 'idle') this.start(child, this.queue.shift()!);
    }
    const starting = this.children.filter((child) => child.state === 'starting').length;
    let wanted = this.queue.length - starting;
    while (wanted > 0 && this.children.length < this.options.size) {
      if (!this.spawn()) return;
      wanted -= 1;
    }
  }

  private start(child: SandboxChild, job: Job): void {
    this.running.set(job.id, job);
    // The watchdog also keeps the parent process alive while the (unref'd) child works.
    job.watchdog = setTimeout(() => {
      job.timedOut = true;
      child.kill();
    }, job.command.timeoutMs + this.options.graceMs);
    child.send(job.command);
  }

  private spawn(): boolean {
    if (!existsSync(this.options.childEntry)) {
      const error = new WeftError('WEFT_E_INTERNAL', `The code sandbox cannot start: ${this.options.childEntry} is missing (run \`npm run build\`)`);
      for (const job of this.queue.splice(0)) job.reject(error);
      return false;
    }
    const child = new SandboxChild(
      {
        entry: this.options.childEntry,
        settings: {
          memoryLimitMb: this.options.memoryLimitMb,
          timeoutMs: this.options.timeoutMs,
          isolates: this.options.isolatesPerChild,
          maxRunsPerIsolate: this.options.maxRunsPerIsolate,
        },
      },
      { onMessage: (from, message) => this.onMessage(from, message), onExit: (from, reason) => this.onExit(from, reason) },
    );
    this.children.push(child);
    // Ref'd on purpose: a task waiting for this child keeps the parent alive until it is ready.
    this.startupTimers.set(
      child,
      setTimeout(() => child.kill(), this.options.startupTimeoutMs),
    );
    return true;
  }

  private onMessage(child: SandboxChild, message: ChildMessage): void {
    if (message.type === 'ready') {
      clearTimeout(this.startupTimers.get(child));
      this.startupTimers.delete(child);
      child.state = 'idle';
      this.dispatch();
      return;
    }
    const job = this.running.get(message.id);
    if (!job || child.jobId !== message.id) return;
    if (message.type === 'bridge') {
      child.answer(answerBridge(job, message.op, message.args));
      return;
    }
    child.state = 'idle';
    child.jobId = undefined;
    if (message.type === 'result') this.settle(job, undefined, true, message.result);
    else this.settle(job, this.rebuild(job, message.failure), false);
    this.dispatch();
  }

  private onExit(child: SandboxChild, reason: string): void {
    const index = this.children.indexOf(child);
    if (index >= 0) this.children.splice(index, 1);
    clearTimeout(this.startupTimers.get(child));
    const neverReady = this.startupTimers.delete(child);
    if (this.closed) return;
    const job = child.jobId === undefined ? undefined : this.running.get(child.jobId);
    if (job) {
      this.replaced += 1;
      // A child dies under a task when V8 aborts it (an isolate heap overflow isolated-vm cannot contain), or when
      // the watchdog killed it for not answering: for the user, both are their code breaking a limit.
      this.settle(job, job.timedOut ? this.limitError(job, 'time') : this.limitError(job, 'memory'), false);
    } else if (neverReady) {
      // A child that cannot start would fail the same way again: the waiting tasks fail instead of looping.
      const error = new WeftError('WEFT_E_INTERNAL', `The code sandbox process could not start (${reason}): ${child.stderr.trim().slice(-500)}`);
      if (!this.children.some((other) => other.state !== 'starting')) for (const waiting of this.queue.splice(0)) waiting.reject(error);
    } else {
      this.replaced += 1;
    }
    this.dispatch();
  }

  private settle(job: Job, error: unknown, ok: boolean, value?: unknown): void {
    clearTimeout(job.watchdog);
    this.running.delete(job.id);
    if (ok) job.resolve(value);
    else job.reject(error);
  }

  private limitError(job: Job, limit: 'time' | 'memory'): SandboxLimitError {
    const sql = job.command.task === 'sql';
    if (limit === 'time') return new SandboxLimitError('time', `${sql ? 'SQL query' : 'Code'} exceeded the time limit of ${job.command.timeoutMs} ms`);
    return new SandboxLimitError('memory', `${sql ? 'SQL query' : 'Code'} exceeded the memory limit of ${sql ? SQL_MEMORY_LIMIT_MB : this.options.memoryLimitMb} MB`);
  }

  private rebuild(job: Job, failure: TaskFailure): Error {
    if (failure.kind === 'limit') return new SandboxLimitError(failure.limit, failure.message);
    if (failure.kind === 'syntax') return new SandboxSyntaxError(failure.reason, failure.line);
    // alasql's own errors reach the Merge node as they are; Code failures are Weft errors.
    if (job.command.task === 'sql') return new Error(failure.message);
    return new WeftError(isErrorCode(failure.code) ? failure.code : 'WEFT_E_INTERNAL', failure.message);
  }
}

/** The job's bridge answer; a throwing bridge becomes an error inside the sandbox, never a parent crash. */
function answerBridge(job: Job, op: string, args: string): string {
  if (!job.bridge) return JSON.stringify({ error: { message: 'The workflow data bridge is not available' } });
  try {
    return job.bridge(op, args);
  } catch (error) {
    return JSON.stringify({ error: { message: error instanceof Error ? error.message : String(error) } });
  }
}

function isErrorCode(code: string | undefined): code is ErrorCode {
  return code !== undefined && Object.hasOwn(errorCodes, code);
}
