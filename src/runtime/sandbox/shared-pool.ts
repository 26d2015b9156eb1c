import { ProcessPool } from './process-pool.js';

let shared: ProcessPool | undefined;

/**
 * The process-wide sandbox pool that user code runs in: Code, Function and Function Item nodes, sort code, Merge
 * SQL queries. The engine installs one built from configuration (`WEFT_CODE_TIMEOUT_MS`, `WEFT_CODE_MEMORY_MB`);
 * without one, a pool with the default limits is created on first use.
 */
export function sharedSandboxPool(): ProcessPool {
  shared ??= new ProcessPool({});
  return shared;
}

/** Replaces the shared pool (engine, tests, embedding); the previous pool is closed. */
export function setSharedSandboxPool(pool: ProcessPool): void {
  if (shared && shared !== pool) shared.close();
  shared = pool;
}

/** Closes the shared pool, if any. Idempotent; a later run creates a new pool. */
export function closeSharedSandboxPool(): void {
  shared?.close();
  shared = undefined;
}
