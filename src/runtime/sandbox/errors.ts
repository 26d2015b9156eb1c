import { WeftError } from '../../core/errors/index.js';

/** User code ran out of time or memory. The pool stays healthy: a broken isolate, or a crashed child process, is replaced. */
export class SandboxLimitError extends WeftError {
  readonly limit: 'time' | 'memory';

  constructor(limit: 'time' | 'memory', message: string) {
    super('WEFT_E_CODE_LIMIT', message, { limit });
    this.name = 'SandboxLimitError';
    this.limit = limit;
  }
}

/** The user's code does not parse. */
export class SandboxSyntaxError extends WeftError {
  /** The parser's message without position, e.g. `Unexpected token '}'`. */
  readonly reason: string;
  readonly line: number | undefined;

  constructor(reason: string, line: number | undefined) {
    super('WEFT_E_CODE_FAILED', reason, { line });
    this.name = 'SandboxSyntaxError';
    this.reason = reason;
    this.line = line;
  }
}
