import { WeftError, errorMessage } from '../core/errors/index.js';

/** Where a command writes; injected so tests can capture output without spawning processes. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Exit codes shared by all commands. */
export const exitCodes = { ok: 0, failed: 1, invalid: 2 } as const;

/** Formats an error for a user: the message and code, never a stack trace (set WEFT_LOG_LEVEL=debug for those). */
export function describeUserError(error: unknown): string {
  if (error instanceof WeftError) return `${error.message} (${error.code})`;
  return `Unexpected error: ${errorMessage(error)} (WEFT_E_INTERNAL)`;
}
