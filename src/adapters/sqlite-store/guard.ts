import { WeftError } from '../../core/errors/index.js';

const unavailable = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_READONLY']);
const corrupt = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/**
 * Turns a driver error into a Weft error: a locked or unreachable file is WEFT_E_STORE_UNAVAILABLE (retryable),
 * a damaged file WEFT_E_STORE_CORRUPT. Weft errors and anything unrecognised pass through unchanged.
 */
export function toStoreError(error: unknown, file: string): unknown {
  if (error instanceof WeftError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string') {
    // Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE) belong to the family named by their first word.
    const family = code.split('_').slice(0, 2).join('_');
    if (unavailable.has(family)) {
      return new WeftError('WEFT_E_STORE_UNAVAILABLE', `SQLite database ${file} is not available (${code}): ${message}`, { file, code }, { cause: error });
    }
    if (corrupt.has(family)) {
      return new WeftError('WEFT_E_STORE_CORRUPT', `SQLite database ${file} is damaged (${code}): ${message}`, { file, code }, { cause: error });
    }
  }
  return error;
}
