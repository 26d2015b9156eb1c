import { finishedStatuses, unfinishedStatuses } from './execution-rows.js';

/**
 * The SQL of the calls every execution makes (create, claim, read, checkpoint, finish), as fixed text run through
 * {@link RawAccess} (prepared once, no query building). Positional `?` parameters, in the order each comment
 * gives. Fencing lives in the WHERE clauses: an older attempt is refused and a finished execution never changes.
 */

/** The literals are the fixed status names, not user input. */
const literals = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');
const FINISHED = literals(finishedStatuses);
const UNFINISHED = literals(unfinishedStatuses);

/** Every column of an execution row (`ExecutionRow`). */
const EXECUTION_COLUMNS = 'id, workflow_id, workflow_version, status, mode, created_at, started_at, stopped_at, retry_of, worker, attempt, shard, error_message, wait_till';

/** A new execution row; parameters in the order of {@link EXECUTION_COLUMNS}. */
export const insertExecution = `insert into executions (${EXECUTION_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The start input of a new execution: id, input. */
export const insertExecutionInput = 'insert into execution_data (execution_id, input, result) values (?, ?, null)';

/** The execution row: id. */
export const selectExecution = `select ${EXECUTION_COLUMNS} from executions where id = ?`;

/** The stored input and result: id. */
export const selectExecutionData = 'select input, result from execution_data where execution_id = ?';

/**
 * An unlimited claim, atomic as one statement: stored attempt + 1, running, the worker, `started_at` kept when
 * set, waiting no more. Returns the claimed row, none when the execution is missing or finished: worker, now, id.
 */
export const claimExecution = `update executions set status = 'running', attempt = attempt + 1, worker = ?, started_at = coalesce(started_at, ?), wait_till = null
  where id = ? and status in (${UNFINISHED})
  returning ${EXECUTION_COLUMNS}`;

/**
 * An `onlyNew` claim: the same update, taken only while the execution is still `new` (a running or waiting one is
 * left untouched): worker, now, id.
 */
export const claimNewExecution = `update executions set status = 'running', attempt = attempt + 1, worker = ?, started_at = coalesce(started_at, ?), wait_till = null
  where id = ? and status = 'new'
  returning ${EXECUTION_COLUMNS}`;

/** The end of an execution, once, fenced by attempt: status, stopped_at, error_message, attempt, id, attempt. */
export const finishExecution = `update executions set status = ?, stopped_at = ?, error_message = ?, attempt = ?, wait_till = null
  where id = ? and attempt <= ? and status not in (${FINISHED})`;

/** The run data kept at the end (the input, if any, stays): id, result. */
export const upsertExecutionResult = `insert into execution_data (execution_id, input, result) values (?, null, ?)
  on conflict (execution_id) do update set result = excluded.result`;

/**
 * The checkpoint fence: an older attempt is refused; a newer one takes the execution over, so the older stops
 * writing; a finished execution takes no more: attempt, id, attempt.
 */
export const fenceCheckpoints = `update executions set attempt = ? where id = ? and attempt <= ? and status not in (${FINISHED})`;

/** One checkpoint; the first per sequence wins (a resumed attempt replays checkpointed nodes): execution id, sequence, attempt, event. */
export const insertCheckpoint = `insert into execution_checkpoints (execution_id, sequence, attempt, event) values (?, ?, ?, ?)
  on conflict (execution_id, sequence) do nothing`;
