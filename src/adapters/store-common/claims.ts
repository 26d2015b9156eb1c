import { WeftError } from '../../core/errors/index.js';
import type { ExecutionClaim } from '../../ports/store/index.js';

/**
 * The rules of `claimExecution` and `pinWorkflowShard` that do not depend on the database: argument checks and
 * the concurrency decision, written once so both SQL adapters decide alike.
 */

/** The largest shard a pin takes: PostgreSQL keeps it in an `integer`. */
export const MAX_SHARD = 2 ** 31 - 1;

/** Checks a claim's arguments; a bad worker or limit is WEFT_E_INVALID_ARGUMENT naming it. */
export function checkClaim(executionId: string, claim: ExecutionClaim): void {
  if (typeof claim.worker !== 'string' || claim.worker === '') {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `worker of the claim of execution ${executionId} must be a non-empty string`, { executionId });
  }
  const limit = claim.concurrencyLimit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `concurrencyLimit must be a whole number >= 1, got ${String(limit)} (claim of execution ${executionId})`, {
      executionId,
      concurrencyLimit: limit,
    });
  }
}

/** Checks the arguments of `claimExecutions`: a valid worker and distinct ids (each claim needs its own attempt). */
export function checkClaims(ids: readonly string[], claim: { readonly worker: string }): void {
  for (const id of ids) checkClaim(id, { worker: claim.worker });
  if (new Set(ids).size !== ids.length) {
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `claimExecutions got execution ${String(repeated)} twice; claim it again in a later call`, { executionId: repeated });
  }
}

/** Checks a shard number for `pinWorkflowShard`. */
export function checkShard(workflowId: string, shard: number): void {
  if (!Number.isInteger(shard) || shard < 0 || shard > MAX_SHARD) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `shard must be a whole number from 0 to ${MAX_SHARD}, got ${String(shard)} (pin of workflow ${workflowId})`, {
      workflowId,
      shard,
    });
  }
}

/**
 * Whether an execution not yet running may start under `limit`: a slot must be free, and it must be among the
 * first (limit - running) in its workflow's line. `ahead` is how many queued executions are older than it; the
 * adapters stop counting at `limit`, so a long backlog costs a bounded read.
 *
 * @example
 * mayStart({ limit: 3, running: 1, ahead: 1 }); // true: two slots free, one older execution takes the first
 * mayStart({ limit: 3, running: 1, ahead: 2 }); // false: the two older ones take both free slots
 */
export function mayStart(counts: { readonly limit: number; readonly running: number; readonly ahead: number }): boolean {
  const free = counts.limit - counts.running;
  return free > 0 && counts.ahead < free;
}
