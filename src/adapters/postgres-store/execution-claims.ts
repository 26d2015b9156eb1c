import { CompiledQuery, sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { WeftError } from '../../core/errors/index.js';
import type { ClaimOutcome, ExecutionClaim, ExecutionRecord, ExecutionStore, StoredExecutionStatus } from '../../ports/store/index.js';
import { checkClaim, checkClaims, checkShard, mayStart } from '../store-common/claims.js';
import type { PostgresContext } from './context.js';
import { createdAtOf } from './execution-ids.js';
import { finishedStatuses, toExecutionRecord, type ExecutionRow } from './execution-rows.js';
import {
  claimExecution as claimExecutionStatement,
  claimExecutions as claimExecutionsStatement,
  claimNewExecution,
  claimNewExecutions,
  runHot,
  selectExecution,
  selectExecutions,
} from './hot-statements.js';
import type { Database } from './schema.js';

/**
 * First key of the advisory locks that serialise limited claims per workflow ('weft' as an int4). The two-key
 * form lives in a key space apart from the one-bigint locks of the migrator and the partition manager.
 */
const CLAIM_LOCK_SPACE = 0x77656674;

/** Where a claimed execution is: its id and the `created_at` its id carries (the partition key). */
interface ExecutionKey {
  readonly id: string;
  readonly createdAt: number;
}

/**
 * Why an execution could not be taken over: it does not exist, it ended, or (an `onlyNew` claim) another claim
 * started it already (with its row). A new statement, so it sees the change that stopped the claim.
 */
async function notClaimable(pool: pg.Pool, key: ExecutionKey): Promise<ClaimOutcome> {
  const { rows } = await runHot<ExecutionRow>(pool, selectExecution, [key.id, key.createdAt]);
  const row = rows[0];
  return row === undefined ? { claimed: false, reason: 'missing' } : notClaimed(toExecutionRecord(row));
}

/** The outcome for an existing execution a claim left alone: `ended` when finished, else `started` (only an `onlyNew` claim leaves an unfinished one). */
function notClaimed(execution: ExecutionRecord): ClaimOutcome {
  return { claimed: false, reason: finishedStatuses.includes(execution.status) ? 'ended' : 'started', execution };
}

/**
 * How many executions of `row`'s workflow run, and how many queued ones (new, or waiting and due) come before it
 * in (created_at, id) order; each counted up to `limit`, as more cannot change the decision. Every part is a
 * range of the (workflow_id, status, created_at, id) index of each daily partition read under a LIMIT, so a
 * backlog of thousands costs a few index entries, not a bitmap of all of them (one OR-ed condition would be);
 * `created_at <= …` prunes the days after the claimed execution's.
 */
async function slotCounts(db: Kysely<Database>, row: ExecutionRow, limit: number, now: number): Promise<{ running: number; ahead: number }> {
  const older = sql`workflow_id = ${row.workflow_id} and created_at <= ${row.created_at}::bigint and (created_at, id) < (${row.created_at}::bigint, ${row.id}::uuid)`;
  const { rows } = await sql<{ running: number; ahead: number }>`select
      (select count(*)::int from (select 1 from executions where workflow_id = ${row.workflow_id} and status = 'running' limit ${limit}) as slots) as running,
      (select count(*)::int from (
        (select 1 from executions where ${older} and status = 'new' limit ${limit})
        union all
        (select 1 from executions where ${older} and status = 'waiting' and (wait_till is null or wait_till <= ${now}::bigint) limit ${limit})) as line) as ahead`.execute(db);
  const counts = rows[0];
  if (counts === undefined) throw new WeftError('WEFT_E_INTERNAL', `The slot count of workflow ${row.workflow_id} returned no row`, { workflowId: row.workflow_id });
  return counts;
}

/**
 * A claim under a concurrency limit, in one transaction holding the workflow's advisory lock: every limited
 * claim of the workflow (from any process) decides on counts no other one is changing. The row is locked too,
 * so a finish or an unlimited claim of this execution waits for the decision instead of slipping under it.
 */
async function claimWithLimit(db: Kysely<Database>, key: ExecutionKey, claim: { worker: string; limit: number; onlyNew: boolean }, now: number): Promise<ClaimOutcome> {
  const { worker, limit } = claim;
  return db.transaction().execute(async (tx) => {
    const head = await tx.selectFrom('executions').select('workflow_id').where('id', '=', key.id).where('created_at', '=', key.createdAt).executeTakeFirst();
    if (head === undefined) return { claimed: false, reason: 'missing' };
    await sql`select pg_advisory_xact_lock(${CLAIM_LOCK_SPACE}::int, hashtext(${head.workflow_id}))`.execute(tx);
    const row = await tx.selectFrom('executions').selectAll().where('id', '=', key.id).where('created_at', '=', key.createdAt).forUpdate().executeTakeFirst();
    if (row === undefined) return { claimed: false, reason: 'missing' };
    if (finishedStatuses.includes(row.status as StoredExecutionStatus) || (claim.onlyNew && row.status !== 'new')) return notClaimed(toExecutionRecord(row));
    if (row.status !== 'running' && !mayStart({ limit, ...(await slotCounts(tx, row, limit, now)) })) {
      return { claimed: false, reason: 'concurrency', execution: toExecutionRecord(row) };
    }
    // The unlimited claim's statement text, run unnamed inside this transaction.
    const { rows } = await tx.executeQuery<ExecutionRow>(CompiledQuery.raw(claimExecutionStatement.text, [key.id, key.createdAt, worker, now]));
    const claimed = rows[0];
    if (claimed === undefined) throw new WeftError('WEFT_E_INTERNAL', `The claim of execution ${key.id} updated no row while holding its lock`, { executionId: key.id });
    return { claimed: true, execution: toExecutionRecord(claimed) };
  });
}

/**
 * Claims and shard pins on PostgreSQL. An unlimited claim is one prepared `UPDATE … RETURNING` (hot-statements.ts):
 * two at once on one row queue on its lock, and the second re-reads the first's attempt, so each gets its own.
 */
export function postgresClaimStore(ctx: PostgresContext): Pick<ExecutionStore, 'claimExecution' | 'claimExecutions' | 'pinWorkflowShard'> {
  return {
    async claimExecutions(ids, claim) {
      checkClaims(ids, claim);
      const keys = ids.map((id) => ({ id, createdAt: createdAtOf(id) }));
      const known = keys.filter((key): key is ExecutionKey => key.createdAt !== undefined);
      if (known.length === 0) return ids.map(() => ({ claimed: false, reason: 'missing' }) as const);
      const now = ctx.now();
      return ctx.router.onPrimary('claim executions', async (_db, pool) => {
        const args = [known.map((key) => key.id), known.map((key) => key.createdAt)];
        const { rows } = await runHot<ExecutionRow>(pool, claim.onlyNew === true ? claimNewExecutions : claimExecutionsStatement, [...args, claim.worker, now]);
        const claimed = new Map(rows.map((row) => [row.id, toExecutionRecord(row)]));
        // Why the others were not claimed: a new statement, so it sees the change that stopped them.
        const others = known.filter((key) => !claimed.has(key.id));
        const left = new Map<string, ExecutionRecord>();
        if (others.length > 0) {
          const { rows: found } = await runHot<ExecutionRow>(pool, selectExecutions, [others.map((key) => key.id), others.map((key) => key.createdAt)]);
          for (const row of found) left.set(row.id, toExecutionRecord(row));
        }
        return ids.map((id): ClaimOutcome => {
          const execution = claimed.get(id);
          if (execution) return { claimed: true, execution };
          const row = left.get(id);
          return row ? notClaimed(row) : { claimed: false, reason: 'missing' };
        });
      });
    },
    async claimExecution(id: string, claim: ExecutionClaim): Promise<ClaimOutcome> {
      checkClaim(id, claim);
      const createdAt = createdAtOf(id);
      if (createdAt === undefined) return { claimed: false, reason: 'missing' };
      const key = { id, createdAt };
      const now = ctx.now();
      const limit = claim.concurrencyLimit;
      return ctx.router.onPrimary('claim execution', async (db, pool) => {
        if (limit !== undefined) return claimWithLimit(db, key, { worker: claim.worker, limit, onlyNew: claim.onlyNew === true }, now);
        const statement = claim.onlyNew === true ? claimNewExecution : claimExecutionStatement;
        const { rows } = await runHot<ExecutionRow>(pool, statement, [key.id, key.createdAt, claim.worker, now]);
        const claimed = rows[0];
        return claimed === undefined ? notClaimable(pool, key) : { claimed: true, execution: toExecutionRecord(claimed) };
      });
    },

    async pinWorkflowShard(workflowId: string, shard: number): Promise<number> {
      checkShard(workflowId, shard);
      return ctx.router.onPrimary('pin workflow shard', async (db) => {
        // Read first: once pinned (the common case) no write is made. An insert that loses a race waits for the
        // winner's commit and returns nothing; the next read (a new statement, a new snapshot) sees the winner.
        // Another round only happens if the workflow was deleted in between, taking the pin with it.
        for (let round = 0; round < 3; round += 1) {
          const existing = await db.selectFrom('workflow_shards').select('shard').where('workflow_id', '=', workflowId).executeTakeFirst();
          if (existing !== undefined) return existing.shard;
          const inserted = await db
            .insertInto('workflow_shards')
            .values({ workflow_id: workflowId, shard, pinned_at: ctx.now() })
            .onConflict((conflict) => conflict.column('workflow_id').doNothing())
            .returning('shard')
            .executeTakeFirst();
          if (inserted !== undefined) return inserted.shard;
        }
        throw new WeftError('WEFT_E_CONFLICT', `The shard pin of workflow ${workflowId} kept changing while it was pinned; try again`, { workflowId });
      });
    },
  };
}
