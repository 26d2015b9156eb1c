import { SandboxLimitError } from '../../runtime/sandbox/errors.js';
import { sharedSandboxPool } from '../../runtime/sandbox/shared-pool.js';

/** Time one query may run before it is stopped (n8n's limit). */
export const SQL_TIMEOUT_MS = 30_000;

/** True when the error means the query hit the SQL sandbox's memory limit (or crashed the process running it). */
export function isSandboxMemoryError(error: unknown): boolean {
  return error instanceof SandboxLimitError && error.limit === 'memory';
}

/** True when the error means the query ran past {@link SQL_TIMEOUT_MS}. */
export function isSandboxTimeoutError(error: unknown): boolean {
  return error instanceof SandboxLimitError && error.limit === 'time';
}

/**
 * Runs an alasql query over the given tables (one list of rows per input) inside an isolated-vm sandbox, as n8n
 * does: only plain JSON data crosses the boundary, file and network access is blocked, and the query is stopped
 * after {@link SQL_TIMEOUT_MS}. Queries are user-controlled and can make V8 abort the process that runs them, so
 * they run in the process-wide sandbox pool's child processes, beside Code node runs.
 */
export async function runAlaSql(tables: readonly unknown[][], query: string, params: readonly unknown[] = []): Promise<unknown> {
  return sharedSandboxPool().runSql(
    tables.map((rows) => [...rows]),
    query,
    [...params],
    SQL_TIMEOUT_MS,
  );
}
