import type pg from 'pg';
import { finishedStatuses, unfinishedStatuses } from './execution-rows.js';

/**
 * The statements every execution runs (create, claim, read, checkpoint, finish), as fixed SQL text with `$n`
 * parameters. They skip Kysely's query building (AST, compile, freeze: a large share of the store's CPU at
 * thousands of executions a second) and run as named prepared statements, parsed once per connection. Each is
 * one statement, so one round trip and no BEGIN/COMMIT. Every lookup names `created_at` (the partition key,
 * taken from the id) so PostgreSQL prunes to one daily partition.
 *
 * Parameters carry explicit casts: a named statement's parameter types are fixed when it is first parsed.
 */

/** A named statement: `name` must be unique per text within a connection (pg refuses a name with another text). */
export interface HotStatement {
  readonly name: string;
  readonly text: string;
}

/** The literals are the fixed status names, not user input. */
const literals = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');
const FINISHED = literals(finishedStatuses);
const UNFINISHED = literals(unfinishedStatuses);

/** Every column of an execution row (`ExecutionRow`). */
const EXECUTION_COLUMNS = 'id, created_at, workflow_id, workflow_version, status, mode, started_at, stopped_at, retry_of, worker, attempt, shard, error_message, wait_till';

/**
 * One new execution and its start input, in one statement: the data-modifying CTE inserts the row, the outer
 * insert the input (none when $12 is null). $1 id, $2 created_at, $3 workflow_id, $4 workflow_version, $5 status,
 * $6 mode, $7 started_at, $8 retry_of, $9 worker, $10 attempt, $11 shard, $12 input.
 */
export const insertExecution: HotStatement = {
  name: 'weft_insert_execution',
  text: `with created as (
    insert into executions (id, created_at, workflow_id, workflow_version, status, mode, started_at, retry_of, worker, attempt, shard)
    values ($1::uuid, $2::bigint, $3::text, $4::int, $5::text, $6::text, $7::bigint, $8::text, $9::text, $10::int, $11::int))
  insert into execution_data (id, created_at, input) select $1::uuid, $2::bigint, $12::bytea where $12::bytea is not null`,
};

/**
 * Group commit of new executions: the same two inserts over column arrays (`unnest`), so the text and its 12
 * parameters stay fixed whatever the batch size. $12 holds the inputs, null where an execution has none.
 */
export const insertExecutions: HotStatement = {
  name: 'weft_insert_executions',
  text: `with created as (
    insert into executions (id, created_at, workflow_id, workflow_version, status, mode, started_at, retry_of, worker, attempt, shard)
    select * from unnest($1::uuid[], $2::bigint[], $3::text[], $4::int[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::int[], $11::int[]))
  insert into execution_data (id, created_at, input)
    select d.id, d.created_at, d.input from unnest($1::uuid[], $2::bigint[], $12::bytea[]) as d(id, created_at, input) where d.input is not null`,
};

/** The execution row. $1 id, $2 created_at. */
export const selectExecution: HotStatement = {
  name: 'weft_select_execution',
  text: `select ${EXECUTION_COLUMNS} from executions where id = $1::uuid and created_at = $2::bigint`,
};

/** The stored input and result. $1 id, $2 created_at. */
export const selectExecutionData: HotStatement = {
  name: 'weft_select_execution_data',
  text: 'select input, result from execution_data where id = $1::uuid and created_at = $2::bigint',
};

/** The claim update of one execution: `statuses` are the ones it takes over (an `onlyNew` claim: `new` alone). */
const claimOneText = (statuses: string): string => `update executions set attempt = attempt + 1, status = 'running', worker = $3::text, started_at = coalesce(started_at, $4::bigint), wait_till = null
    where id = $1::uuid and created_at = $2::bigint and status in (${statuses})
    returning ${EXECUTION_COLUMNS}`;

/** The claim update of several executions; `statuses` as in {@link claimOneText}. */
const claimManyText = (statuses: string): string => `update executions set attempt = attempt + 1, status = 'running', worker = $3::text, started_at = coalesce(started_at, $4::bigint), wait_till = null
    from unnest($1::uuid[], $2::bigint[]) as target(id, created_at)
    where executions.id = target.id and executions.created_at = target.created_at and executions.status in (${statuses})
    returning ${EXECUTION_COLUMNS.split(', ').map((column) => `executions.${column}`).join(', ')}`;

/**
 * An unlimited claim: stored attempt + 1, running, the worker, `started_at` kept when set, waiting no more. Two at
 * once on one row queue on its lock and the second re-reads the first's attempt. $1 id, $2 created_at,
 * $3 worker, $4 now.
 */
export const claimExecution: HotStatement = { name: 'weft_claim_execution', text: claimOneText(UNFINISHED) };

/**
 * An `onlyNew` claim: the same update, taken only while the execution is still `new`. A claim waiting on the row's
 * lock re-checks the status once the other commits, so of two at once only one takes it. Parameters as
 * {@link claimExecution}.
 */
export const claimNewExecution: HotStatement = { name: 'weft_claim_new_execution', text: claimOneText(`'new'`) };

/**
 * Unlimited claims of several executions in one statement (the same update as {@link claimExecution} per row).
 * $1 ids, $2 their created_at (same order), $3 worker, $4 now. Returns the claimed rows (any order).
 */
export const claimExecutions: HotStatement = { name: 'weft_claim_executions', text: claimManyText(UNFINISHED) };

/** `onlyNew` claims of several executions: {@link claimExecutions} of those still `new`. Same parameters. */
export const claimNewExecutions: HotStatement = { name: 'weft_claim_new_executions', text: claimManyText(`'new'`) };

/** Rows of several executions. $1 ids, $2 their created_at. */
export const selectExecutions: HotStatement = {
  name: 'weft_select_executions',
  text: `select ${EXECUTION_COLUMNS.split(', ').map((column) => `executions.${column}`).join(', ')} from executions
    join unnest($1::uuid[], $2::bigint[]) as target(id, created_at) on executions.id = target.id and executions.created_at = target.created_at`,
};

/**
 * Checkpoints of an attempt, fenced, in one statement. `fence` locks the row FOR SHARE only when the attempt is
 * current or newer and the execution unfinished: a claim (a newer attempt) waits until these checkpoints commit,
 * and one that committed first makes the fence come back empty, so nothing is inserted. The first checkpoint per
 * sequence wins (`on conflict do nothing`). Answers whether the attempt was accepted. $1 execution id,
 * $2 created_at, $3 attempt, $4 sequences, $5 encoded events.
 */
export const saveCheckpoints: HotStatement = {
  name: 'weft_save_checkpoints',
  text: `with fence as materialized (
    select 1 from executions
    where id = $1::uuid and created_at = $2::bigint and attempt <= $3::int and status not in (${FINISHED})
    for share),
  saved as (
    insert into execution_checkpoints (execution_id, created_at, sequence, event)
    select $1::uuid, $2::bigint, c.sequence, c.event from unnest($4::int[], $5::bytea[]) as c(sequence, event)
    where exists (select 1 from fence)
    on conflict do nothing)
  select exists (select 1 from fence) as accepted`,
};

/**
 * One finish and its result, in one statement: the update is guarded by attempt and "not finished yet"; the
 * result (none when $7 is null) is upserted only when the update applied. $1 id, $2 created_at, $3 status,
 * $4 attempt, $5 stopped_at, $6 error_message, $7 result.
 */
export const finishExecution: HotStatement = {
  name: 'weft_finish_execution',
  text: `with finished as (
    update executions set status = $3::text, attempt = $4::int, stopped_at = $5::bigint, error_message = $6::text
    where id = $1::uuid and created_at = $2::bigint and attempt <= $4::int and status not in (${FINISHED})
    returning id, created_at),
  kept as (
    insert into execution_data (id, created_at, result) select id, created_at, $7::bytea from finished where $7::bytea is not null
    on conflict (id, created_at) do update set result = excluded.result)
  select count(*)::int as applied from finished`,
};

/**
 * Group commit of finishes: the same over column arrays; answers the positions (`ord`, $8) that applied.
 * $1 ids, $2 created_at, $3 statuses, $4 attempts, $5 stopped_at, $6 error messages, $7 results (null: none kept).
 */
export const finishExecutions: HotStatement = {
  name: 'weft_finish_executions',
  text: `with finished as (
    update executions e set status = v.status, attempt = v.attempt, stopped_at = v.stopped_at, error_message = v.error_message
    from unnest($1::uuid[], $2::bigint[], $3::text[], $4::int[], $5::bigint[], $6::text[], $7::bytea[], $8::int[])
      as v(id, created_at, status, attempt, stopped_at, error_message, result, ord)
    where e.id = v.id and e.created_at = v.created_at and e.attempt <= v.attempt and e.status not in (${FINISHED})
    returning v.ord, e.id, e.created_at, v.result),
  kept as (
    insert into execution_data (id, created_at, result) select id, created_at, result from finished where result is not null
    on conflict (id, created_at) do update set result = excluded.result)
  select ord from finished`,
};

/**
 * Runs a hot statement on `pool` as a named prepared statement (parsed once per connection, then only bound and
 * executed). The pool's statement timeout applies; callers run it inside the router, which maps driver errors.
 *
 * @example
 * const { rows } = await runHot<ExecutionRow>(pool, selectExecution, [id, createdAt]);
 */
export async function runHot<Row extends pg.QueryResultRow>(pool: pg.Pool, statement: HotStatement, values: readonly unknown[]): Promise<pg.QueryResult<Row>> {
  return pool.query<Row>({ name: statement.name, text: statement.text, values: [...values] });
}
