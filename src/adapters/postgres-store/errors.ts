import { WeftError } from '../../core/errors/index.js';

/** Socket-level error codes Node reports when a server cannot be reached or drops the connection. */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * SQLSTATEs that mean "the server is not there for us right now" rather than "this query is wrong":
 * connection exceptions (08), shutdown/startup (57P01-57P03), too many connections, a statement cancelled by
 * statement_timeout (57014), and a write that reached a read-only server (25006, a failover in progress).
 */
const unavailableStates = new Set(['57P01', '57P02', '57P03', '57014', '53300', '25006']);

/** pg's own messages for a connection that failed or closed under it (they carry no code). */
const unavailableMessages = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /connection timeout/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /client was closed/i,
  /query read timeout/i,
];

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error says the server is unreachable, down or timed out (worth another try later). */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof WeftError) return error.code === 'WEFT_E_STORE_UNAVAILABLE';
  const code = codeOf(error);
  if (code !== undefined && (networkCodes.has(code) || unavailableStates.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError) return error.errors.some(isUnavailableError);
  const message = error instanceof Error ? error.message : '';
  return unavailableMessages.some((pattern) => pattern.test(message));
}

/** True for a standby cancelling a query because replaying WAL conflicted with it. */
export function isRecoveryConflict(error: unknown): boolean {
  return codeOf(error) === '40001' && /conflict with recovery/i.test(error instanceof Error ? error.message : '');
}

/** True for a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return codeOf(error) === '23505';
}

/** `host:port` of a connection URL, for messages: never the user name or password. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}

/** Removes anything shaped like `scheme://user:password@` from a driver message before it reaches a user or a log. */
function redact(message: string): string {
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s@/]*@/gi, (match) => match.replace(/\/\/[^\s@/]*@/, '//***@'));
}

/** SQLSTATEs of a connection the server refuses for its settings: bad credentials, unknown database. */
const configStates = new Set(['28000', '28P01', '3D000']);

/**
 * Turns a driver error into a WeftError when it means the server cannot be used: retryable
 * `WEFT_E_STORE_UNAVAILABLE` (down, unreachable, timed out) or `WEFT_E_INVALID_CONFIG` (refused login, no such
 * database), naming host:port; other errors pass through unchanged.
 */
export function toStoreError(error: unknown, target: string, operation: string): unknown {
  if (error instanceof WeftError) return error;
  const code = codeOf(error);
  if (code !== undefined && configStates.has(code)) {
    // pg's messages name the user or database, never the password.
    const reason = error instanceof Error ? redact(error.message) : code;
    return new WeftError('WEFT_E_INVALID_CONFIG', `PostgreSQL at ${target} refused the connection (${operation}): ${reason}; check WEFT_DATABASE_URL`, { target, operation, driverCode: code }, { cause: error });
  }
  if (!isUnavailableError(error)) return error;
  const reason = code === '57014' ? 'the statement timed out' : redact(error instanceof Error && error.message !== '' ? error.message : String(code ?? error));
  return new WeftError(
    'WEFT_E_STORE_UNAVAILABLE',
    `PostgreSQL at ${target} is unavailable (${operation}): ${reason}`,
    { target, operation, ...(code !== undefined ? { driverCode: code } : {}) },
    { cause: error },
  );
}
