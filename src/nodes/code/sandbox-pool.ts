import { WeftError } from '../../core/errors/index.js';
import { IsolatePool, type IsolatePoolOptions } from '../../runtime/sandbox/isolate-pool.js';

let shared: IsolatePool | undefined;

/**
 * The process-wide isolate pool the Code, Function and Function Item nodes run in, created on first use.
 * Limits come from `WEFT_CODE_TIMEOUT_MS` (default 10 000) and `WEFT_CODE_MEMORY_MB` (default 128).
 */
export function codeSandboxPool(): IsolatePool {
  shared ??= new IsolatePool(optionsFromEnvironment(process.env));
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

/** Reads the sandbox limits from `WEFT_CODE_*` settings; invalid values are refused, not ignored. */
export function optionsFromEnvironment(env: Readonly<Record<string, string | undefined>>): IsolatePoolOptions {
  return {
    timeoutMs: positiveInteger(env, 'WEFT_CODE_TIMEOUT_MS'),
    memoryLimitMb: positiveInteger(env, 'WEFT_CODE_MEMORY_MB', 8),
  };
}

function positiveInteger(env: Readonly<Record<string, string | undefined>>, name: string, minimum = 1): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw new WeftError('WEFT_E_INVALID_CONFIG', `${name} must be an integer of at least ${minimum}, got "${raw}"`, { setting: name });
  }
  return value;
}
