import type { SandboxPayload, SandboxResult } from './types.js';

/**
 * The wire protocol between the parent and a sandbox child process: newline-delimited JSON over three extra
 * stdio pipes. fd 3 carries commands (parent → child), fd 4 messages (child → parent), fd 5 bridge answers
 * (parent → child; the child blocks on it while the user's code waits for a workflow-data call).
 * Only JSON crosses; `JSON.stringify` never emits a raw newline, so one line is one message.
 */
export const COMMAND_FD = 3;
export const MESSAGE_FD = 4;
export const ANSWER_FD = 5;

/** A Code node run: the user's code and the run's data. */
export interface CodeTask {
  task: 'code';
  id: number;
  code: string;
  payload: SandboxPayload;
  timeoutMs: number;
}

/** An alasql query over JSON tables (Merge node, SQL mode). */
export interface SqlTask {
  task: 'sql';
  id: number;
  tables: unknown[][];
  query: string;
  params: unknown[];
  timeoutMs: number;
}

/** What the parent asks a child to do. */
export type ChildCommand = CodeTask | SqlTask;

/** A failure the child reports for a task, rebuilt into the matching error class by the parent. */
export type TaskFailure =
  | { kind: 'limit'; limit: 'time' | 'memory'; message: string }
  | { kind: 'syntax'; reason: string; line?: number }
  | { kind: 'failed'; message: string; code?: string };

/** What a child tells the parent. */
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'bridge'; id: number; op: string; args: string }
  | { type: 'result'; id: number; result: SandboxResult | { value: unknown } }
  | { type: 'failure'; id: number; failure: TaskFailure };

/**
 * Splits a byte stream into lines without decoding partial UTF-8 sequences: chunks are kept as bytes until a
 * newline arrives, so a large message costs one concatenation, not one per chunk.
 */
export class LineSplitter {
  private pending: Buffer[] = [];

  /** Feeds a chunk; calls `onLine` for each complete line, in order. */
  push(chunk: Buffer, onLine: (line: string) => void): void {
    let start = 0;
    let newline = chunk.indexOf(10, start);
    while (newline >= 0) {
      const piece = chunk.subarray(start, newline);
      const line = this.pending.length === 0 ? piece.toString('utf8') : Buffer.concat([...this.pending, piece]).toString('utf8');
      this.pending = [];
      onLine(line);
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }
}
