import { IsolatePool } from '../../runtime/sandbox/isolate-pool.js';

let shared: IsolatePool | undefined;

/**
 * The process-wide isolate pool the Code, Function and Function Item nodes run in. The engine installs one built
 * from configuration (`WEFT_CODE_TIMEOUT_MS`, `WEFT_CODE_MEMORY_MB`); without one, a pool with the default
 * limits is created on first use.
 */
export function codeSandboxPool(): IsolatePool {
  shared ??= new IsolatePool({});
  return shared;
}

/** Replaces the shared pool (tests, embedding); the previous pool is closed. */
export function setCodeSandboxPool(pool: IsolatePool): void {
  if (shared && shared !== pool) shared.close();
  shared = pool;
}

/** Closes the shared pool, if any. Idempotent; a later Code node run creates a new pool. */
export function closeCodeSandboxPool(): void {
  shared?.close();
  shared = undefined;
}
