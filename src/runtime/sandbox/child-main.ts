/**
 * Entry point of a sandbox child process (spawned by {@link ProcessPool}). It owns an in-process
 * {@link IsolatePool} and runs one task at a time, synchronously, so that a V8 abort caused by user code (an
 * isolate heap overflow that isolated-vm cannot contain) kills only this process. See `protocol.ts` for the pipes.
 */
import { readSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { WeftError } from '../../core/errors/index.js';
import { SandboxLimitError, SandboxSyntaxError } from './errors.js';
import { IsolatePool } from './isolate-pool.js';
import { ANSWER_FD, COMMAND_FD, LineSplitter, MESSAGE_FD, type ChildCommand, type ChildMessage, type TaskFailure } from './protocol.js';
import { runAlaSqlSync } from './sql-isolate.js';

/** Settings the parent passes as the first argument (JSON). */
interface ChildSettings {
  memoryLimitMb?: number;
  timeoutMs?: number;
  isolates?: number;
  maxRunsPerIsolate?: number;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as ChildSettings;
const pool = new IsolatePool({
  size: settings.isolates,
  memoryLimitMb: settings.memoryLimitMb,
  timeoutMs: settings.timeoutMs,
  maxRunsPerIsolate: settings.maxRunsPerIsolate,
});
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `data`, waiting out a full pipe (the parent reads asynchronously). */
function writeAllSync(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

function send(message: ChildMessage): void {
  writeAllSync(MESSAGE_FD, Buffer.from(`${JSON.stringify(message)}\n`, 'utf8'));
}

const answerBuffer = Buffer.alloc(64 * 1024);

/** Blocks until the parent's next bridge answer line arrives: the in-isolate `call()` is synchronous. */
function readAnswerSync(): string {
  const chunks: Buffer[] = [];
  for (;;) {
    let read: number;
    try {
      read = readSync(ANSWER_FD, answerBuffer, 0, answerBuffer.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
      continue;
    }
    // The parent is gone: nothing can answer, and nobody waits for the result.
    if (read === 0) process.exit(1);
    const newline = answerBuffer.subarray(0, read).indexOf(10);
    if (newline >= 0) {
      // The parent sends one answer per request and nothing else on this pipe, so nothing follows the newline.
      chunks.push(Buffer.from(answerBuffer.subarray(0, newline)));
      return Buffer.concat(chunks).toString('utf8');
    }
    chunks.push(Buffer.from(answerBuffer.subarray(0, read)));
  }
}

function failureOf(error: unknown): TaskFailure {
  if (error instanceof SandboxLimitError) return { kind: 'limit', limit: error.limit, message: error.message };
  if (error instanceof SandboxSyntaxError) return { kind: 'syntax', reason: error.reason, line: error.line };
  if (error instanceof WeftError) return { kind: 'failed', message: error.message, code: error.code };
  return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
}

function handle(command: ChildCommand): void {
  const { id } = command;
  try {
    if (command.task === 'sql') {
      send({ type: 'result', id, result: { value: runAlaSqlSync(command.tables, command.query, command.params, command.timeoutMs) } });
      return;
    }
    const bridge = (op: string, args: string): string => {
      send({ type: 'bridge', id, op, args });
      return readAnswerSync();
    };
    const resultJson = pool.runSyncJson({ code: command.code, payload: command.payload, bridge, timeoutMs: command.timeoutMs });
    // The sandbox's result is JSON text already (one line: JSON.stringify output): spliced in, not re-encoded.
    writeAllSync(MESSAGE_FD, Buffer.from(`{"type":"result","id":${id},"result":${resultJson}}\n`, 'utf8'));
  } catch (error) {
    send({ type: 'failure', id, failure: failureOf(error) });
  }
}

pool.warmUp();
const commands = new Socket({ fd: COMMAND_FD, readable: true, writable: false });
const splitter = new LineSplitter();
commands.on('data', (chunk: Buffer) => splitter.push(chunk, (line) => handle(JSON.parse(line) as ChildCommand)));
// The parent closed the pipe (pool closed, or the parent died): this process has nothing left to do.
commands.on('end', () => process.exit(0));
commands.on('error', () => process.exit(1));
send({ type: 'ready' });
