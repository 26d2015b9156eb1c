import Database from 'better-sqlite3';
import { newId } from '../../src/adapters/store-common/index.js';
import { rowDuration, rowStatus, rowTime, rowWorkflow, type SyntheticHistory } from './synthetic.js';

const BATCH = 50_000;

/** Values of a synthetic executions row, by column name (the adapter's schema decides which are used). */
function rowValues(history: SyntheticHistory, index: number): Record<string, unknown> {
  const createdAt = rowTime(history, index);
  const status = rowStatus(index);
  return {
    id: newId(createdAt),
    workflow_id: rowWorkflow(history, index),
    workflow_version: 1,
    status,
    mode: 'trigger',
    created_at: createdAt,
    started_at: createdAt,
    stopped_at: createdAt + rowDuration(index),
    retry_of: null,
    worker: `bench-worker-${index % 4}`,
    attempt: 1,
    shard: null,
    error_message: status === 'error' ? 'Synthetic failure for the benchmark' : null,
    wait_till: null,
  };
}

/**
 * Bulk-loads the synthetic history into the SQLite adapter's `executions` table directly (one prepared
 * INSERT, 50,000 rows per transaction), after the store created its schema and was closed. Columns are read
 * from the table, so a schema change shows up as a clear error instead of wrong data.
 */
export function loadSqliteHistory(file: string, history: SyntheticHistory, onProgress: (rows: number) => void): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF'); // a benchmark load: durability of the load itself does not matter
    const columns = db.prepare<[], { name: string; notnull: number; dflt_value: unknown; pk: number }>('pragma table_info(executions)').all();
    if (columns.length === 0) throw new Error(`${file} has no executions table: did the store migrate?`);
    const sample = rowValues(history, 0);
    const unknown = columns.filter((column) => !(column.name in sample) && column.notnull === 1 && column.dflt_value === null);
    if (unknown.length > 0) throw new Error(`The bench loader does not know the required executions column(s) ${unknown.map((c) => c.name).join(', ')}`);
    const used = columns.map((column) => column.name).filter((name) => name in sample);
    const insert = db.prepare(`insert into executions (${used.join(', ')}) values (${used.map(() => '?').join(', ')})`);
    const insertBatch = db.transaction((from: number, to: number) => {
      for (let index = from; index < to; index++) {
        const values = rowValues(history, index);
        insert.run(...used.map((name) => values[name]));
      }
    });
    for (let from = 0; from < history.rows; from += BATCH) {
      insertBatch(from, Math.min(history.rows, from + BATCH));
      onProgress(Math.min(history.rows, from + BATCH));
    }
    db.exec('analyze');
  } finally {
    db.close();
  }
}
