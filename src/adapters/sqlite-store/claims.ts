import { sql, type Kysely } from 'kysely';
import type { ClaimOutcome, ExecutionClaim, ExecutionStore, StoredExecutionStatus } from '../../ports/store/index.js';
import { checkClaim, checkClaims, checkShard, mayStart } from '../store-common/claims.js';
import type { SqliteContext } from './context.js';
import * as hot from './hot-statements.js';
import { finishedStatuses, toExecutionRecord, type ExecutionRow } from './execution-rows.js';
import type { SqliteSchema } from './schema.js';

/**
 * How many executions of `row`'s workflow run, and how many queued ones (new, or waiting and due) come before it
 * in (created_at, id) order, counting at most `limit` of those: more than that cannot change the decision.
 */
async function slotCounts(trx: Kysely<SqliteSchema>, row: ExecutionRow, limit: number, now: number): Promise<{ running: number; ahead: number }> {
  const running = await trx
    .selectFrom('executions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('workflow_id', '=', row.workflow_id)
    .where('status', '=', 'running')
    .executeTakeFirstOrThrow();
  const older = trx
    .selectFrom('executions')
    .select(sql<number>`1`.as('one'))
    .where('workflow_id', '=', row.workflow_id)
    .where((eb) => eb.or([eb('status', '=', 'new'), eb.and([eb('status', '=', 'waiting'), eb.or([eb('wait_till', 'is', null), eb('wait_till', '<=', now)])])]))
    .where(sql<boolean>`(created_at, id) < (${row.created_at}, ${row.id})`)
    .limit(limit)
    .as('older');
  const ahead = await trx.selectFrom(older).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return { running: Number(running.count), ahead: Number(ahead.count) };
}

/**
 * A claim without a limit: one atomic `UPDATE … RETURNING` (hot-statements.ts); only when it takes nothing does a
 * read tell a missing execution from an ended one, or (`onlyNew`) from one another claim started already.
 */
function claimUnlimited(ctx: SqliteContext, id: string, worker: string, onlyNew: boolean): Promise<ClaimOutcome> {
  return ctx.raw.exclusive(() => claimNow(ctx, id, worker, onlyNew, ctx.now()));
}

/** The unlimited claim itself, synchronous: run while holding the connection. */
function claimNow(ctx: SqliteContext, id: string, worker: string, onlyNew: boolean, now: number): ClaimOutcome {
  const claimed = ctx.raw.statement(onlyNew ? hot.claimNewExecution : hot.claimExecution).get(worker, now, id) as ExecutionRow | undefined;
  if (claimed !== undefined) return { claimed: true, execution: toExecutionRecord(claimed) };
  const row = ctx.raw.statement(hot.selectExecution).get(id) as ExecutionRow | undefined;
  return row === undefined ? { claimed: false, reason: 'missing' } : notClaimed(row);
}

/** Why an existing row was not claimed: it ended, or (only an `onlyNew` claim leaves an unfinished row) it was started already. */
function notClaimed(row: ExecutionRow): ClaimOutcome {
  const ended = finishedStatuses.includes(row.status as StoredExecutionStatus);
  return { claimed: false, reason: ended ? 'ended' : 'started', execution: toExecutionRecord(row) };
}

/**
 * Claims and shard pins on SQLite. A limited claim runs in one `BEGIN IMMEDIATE` transaction, which holds the
 * database's write lock from the first read: claims (of any workflow, from any process on the file) run one after
 * another, so the read-decide-write of a concurrency check cannot race. An unlimited one is a single statement.
 */
export function sqliteClaimStore(ctx: SqliteContext): Pick<ExecutionStore, 'claimExecution' | 'claimExecutions' | 'pinWorkflowShard'> {
  return {
    async claimExecutions(ids, claim) {
      checkClaims(ids, claim);
      if (ids.length === 0) return [];
      const now = ctx.now();
      // One transaction for the batch: one commit instead of one per claim.
      return ctx.raw.transaction(() => ids.map((id) => claimNow(ctx, id, claim.worker, claim.onlyNew === true, now)));
    },
    async claimExecution(id: string, claim: ExecutionClaim): Promise<ClaimOutcome> {
      checkClaim(id, claim);
      const limit = claim.concurrencyLimit;
      const onlyNew = claim.onlyNew === true;
      if (limit === undefined) return claimUnlimited(ctx, id, claim.worker, onlyNew);
      return ctx.write(async (trx) => {
        const row = await trx.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirst();
        if (row === undefined) return { claimed: false, reason: 'missing' };
        if (finishedStatuses.includes(row.status as StoredExecutionStatus) || (onlyNew && row.status !== 'new')) return notClaimed(row);
        const now = ctx.now();
        if (row.status !== 'running') {
          const counts = await slotCounts(trx, row, limit, now);
          if (!mayStart({ limit, ...counts })) return { claimed: false, reason: 'concurrency', execution: toExecutionRecord(row) };
        }
        // The write lock is held since the read above, so stored attempt + 1 cannot be taken by anyone else.
        const claimed = { ...row, status: 'running', attempt: row.attempt + 1, worker: claim.worker, started_at: row.started_at ?? now, wait_till: null };
        await trx
          .updateTable('executions')
          .set({ status: claimed.status, attempt: claimed.attempt, worker: claimed.worker, started_at: claimed.started_at, wait_till: null })
          .where('id', '=', id)
          .execute();
        return { claimed: true, execution: toExecutionRecord(claimed) };
      });
    },

    async pinWorkflowShard(workflowId: string, shard: number): Promise<number> {
      checkShard(workflowId, shard);
      // Pinned already (the common case once a workflow ran): a plain read, without taking the write lock.
      const existing = await ctx.db.selectFrom('workflow_shards').select('shard').where('workflow_id', '=', workflowId).executeTakeFirst();
      if (existing !== undefined) return existing.shard;
      return ctx.write(async (trx) => {
        await trx.insertInto('workflow_shards').values({ workflow_id: workflowId, shard, pinned_at: ctx.now() }).onConflict((conflict) => conflict.column('workflow_id').doNothing()).execute();
        const pinned = await trx.selectFrom('workflow_shards').select('shard').where('workflow_id', '=', workflowId).executeTakeFirstOrThrow();
        return pinned.shard;
      });
    },
  };
}
