import { WeftError } from '../../core/errors/index.js';

/**
 * Turns a driver error into WEFT_E_QUEUE_UNAVAILABLE naming the file (a locked, missing, full or damaged file all
 * mean the queue cannot take or hand out jobs now). Weft errors and non-SQLite errors (bugs) pass through.
 */
export function toQueueError(error: unknown, file: string): unknown {
  if (error instanceof WeftError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    const message = error instanceof Error ? error.message : String(error);
    return new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `SQLite queue ${file} is not available (${code}): ${message}`, { file, code }, { cause: error });
  }
  return error;
}

/** The error every call on a closed queue fails with. */
export function closedQueueError(file: string): WeftError {
  return new WeftError('WEFT_E_QUEUE_UNAVAILABLE', `SQLite queue ${file} is closed`, { file });
}
