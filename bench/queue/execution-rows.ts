import Database from 'better-sqlite3';
import pg from 'pg';

/** When one execution was created (queued), claimed by an engine and finished: epoch ms from its row. */
export interface ExecutionTiming {
  readonly createdAt: number;
  readonly startedAt: number;
  readonly stoppedAt: number;
}

/**
 * Reads execution rows straight from the store's database, beside the store: counting and timing thousands of
 * executions through the port would page through them and load the benchmark process that publishes.
 */
export interface ExecutionRows {
  /** Executions of `workflowId` per status, e.g. `{ success: 4990, running: 10 }`. */
  statusCounts(workflowId: string): Promise<Record<string, number>>;
  /** Timings of the executions of `workflowId` that ended `success`. */
  successTimings(workflowId: string): Promise<ExecutionTiming[]>;
  close(): Promise<void>;
}

const countSql = 'select status, count(*) as n from executions where workflow_id = $1 group by status';
const timingSql = "select created_at, started_at, stopped_at from executions where workflow_id = $1 and status = 'success'";

interface TimingRow {
  created_at: number | string;
  started_at: number | string;
  stopped_at: number | string;
}

function toTiming(row: TimingRow): ExecutionTiming {
  // PostgreSQL returns bigint as text.
  return { createdAt: Number(row.created_at), startedAt: Number(row.started_at), stoppedAt: Number(row.stopped_at) };
}

/**
 * A read-only connection to the embedded store's file (WAL lets it read while the engines write).
 *
 * @example
 * const rows = sqliteExecutionRows(join(dataDir, 'weft.db'));
 * const counts = await rows.statusCounts(workflowId);
 */
export function sqliteExecutionRows(file: string): ExecutionRows {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const counts = db.prepare<[string], { status: string; n: number }>(countSql.replace('$1', '?'));
  const timings = db.prepare<[string], TimingRow>(timingSql.replace('$1', '?'));
  return {
    statusCounts: async (workflowId) => Object.fromEntries(counts.all(workflowId).map((row) => [row.status, row.n])),
    successTimings: async (workflowId) => timings.all(workflowId).map(toTiming),
    close: async () => {
      db.close();
    },
  };
}

/**
 * One connection to the PostgreSQL store's database.
 *
 * @example
 * const rows = await postgresExecutionRows(database.url);
 */
export async function postgresExecutionRows(url: string): Promise<ExecutionRows> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    statusCounts: async (workflowId) => {
      const { rows } = await client.query<{ status: string; n: string }>(countSql, [workflowId]);
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    },
    successTimings: async (workflowId) => (await client.query<TimingRow>(timingSql, [workflowId])).rows.map(toTiming),
    close: () => client.end(),
  };
}
