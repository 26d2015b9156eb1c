import type { WriteOp } from './group-commit.js';
import { processIsGone, type ProcessIdentity } from './process-identity.js';
import { OWNER_DIED_REASON, type QueueStatements } from './statements.js';

/** How often an open queue looks for lease owners of its host that died (a few local rows and `kill(pid, 0)`s). */
export const DEAD_OWNER_SWEEP_MS = 1_000;

/**
 * Records which process the lease owner `owner` (a queue instance) belongs to.
 *
 * @example
 * await committer.run(registerOwnerOp(statements, owner, currentProcess(), Date.now()));
 */
export function registerOwnerOp(statements: QueueStatements, owner: string, identity: ProcessIdentity, now: number): WriteOp<void> {
  return () => {
    statements.registerOwner.run({ owner, host: identity.host, pid: identity.pid, started: identity.started, now });
  };
}

/**
 * Forgets `owner` (its instance closed and gave its deliveries back).
 *
 * @example
 * await committer.run(forgetOwnerOp(statements, owner));
 */
export function forgetOwnerOp(statements: QueueStatements, owner: string): WriteOp<void> {
  return () => {
    statements.deleteOwner.run(owner);
  };
}

/**
 * The lease owners of this host, other than `self`, whose process is gone. A cheap read outside any
 * transaction: a stale answer is harmless, since a dead process never comes back and reclaiming twice finds
 * nothing the second time.
 *
 * @example
 * for (const owner of deadLocalOwners(statements, currentProcess(), writes.owner)) await committer.run(reclaimOwnerOp(statements, owner, Date.now()));
 */
export function deadLocalOwners(statements: QueueStatements, identity: ProcessIdentity, self: string): string[] {
  return statements.localOwners
    .all({ host: identity.host, self })
    .filter((row) => processIsGone(row.pid, row.started))
    .map((row) => row.owner);
}

/** What reclaiming a dead owner gave back: the queues that got jobs back and how many dead letters. */
export interface Reclaimed {
  readonly queues: readonly string[];
  readonly deadLetters: number;
}

/**
 * Takes back everything the dead owner `owner` held, due now: its jobs come back with their delivery counted and
 * the reason recorded (as when a lease runs out), its dead letters are offered again; then forgets the owner.
 *
 * @example
 * for (const owner of deadLocalOwners(statements, currentProcess(), self)) await committer.run(reclaimOwnerOp(statements, owner, Date.now()));
 */
export function reclaimOwnerOp(statements: QueueStatements, owner: string, now: number): WriteOp<Reclaimed> {
  return () => {
    const queues = new Set(statements.reclaimJobs.all({ owner, now, reason: OWNER_DIED_REASON }).map((row) => row.queue));
    const deadLetters = statements.returnDead.run({ owner, now }).changes;
    statements.deleteOwner.run(owner);
    return { queues: [...queues], deadLetters };
  };
}
