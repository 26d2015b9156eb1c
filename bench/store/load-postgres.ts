import pg from 'pg';
import { DAY_MS as PARTITION_DAY_MS, dayStart, partitionName, partitionedTables } from '../../src/adapters/postgres-store/partitions.js';
import { historyStart, statusMix, type SyntheticHistory } from './synthetic.js';

const CHUNK = 250_000;

/** The columns this loader fills; every other column of `executions` must be nullable or have a default. */
const filled = ['id', 'created_at', 'workflow_id', 'workflow_version', 'status', 'mode', 'started_at', 'stopped_at', 'worker', 'attempt', 'error_message'];

/**
 * One INSERT … SELECT over generate_series per chunk: PostgreSQL makes the rows itself, in time order (so each
 * chunk touches one or two daily partitions), with time-ordered UUIDv7-like ids and a hash-mixed workflow and
 * status per row. $1 first time, $2 span ms, $3 rows, $4 workflows, $5/$6 the chunk's row range, $7 index offset.
 */
const insertChunk = `
insert into executions (${filled.join(', ')})
select (lpad(to_hex(t), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid,
       t, 'bench-wf-' || ((hashint4((g + $7::int) * 31 + 7)::bigint & 2147483647) % $4::int), 1, st, 'trigger',
       t, t + 10 + ((hashint4((g + $7::int) * 17 + 3)::bigint & 2147483647) % 4990), 'bench-worker-' || (g % 4), 1,
       case when st = 'error' then 'Synthetic failure for the benchmark' end
from (
  select g, $1::bigint + floor(g::numeric * $2::bigint / $3::bigint)::bigint as t, md5((g + $7::int)::text) as h,
         case when (hashint4(g + $7::int)::bigint & 2147483647) % 1000 < ${statusMix.error} then 'error'
              when (hashint4(g + $7::int)::bigint & 2147483647) % 1000 < ${statusMix.error + statusMix.canceled} then 'canceled'
              when (hashint4(g + $7::int)::bigint & 2147483647) % 1000 < ${statusMix.error + statusMix.canceled + statusMix.crashed} then 'crashed'
              else 'success' end as st
  from generate_series($5::int, $6::int) as g
) as rows`;

/**
 * Bulk-loads the synthetic history into the PostgreSQL adapter's `executions` table (after `migrate()`):
 * creates the daily partitions of the whole span with the adapter's naming, inserts in chunks of 250,000 rows
 * generated server-side, then VACUUM ANALYZE so plans and index-only scans see a settled table.
 * `indexOffset` makes a second load (to grow 1M to 10M) produce different ids.
 */
export async function loadPostgresHistory(url: string, history: SyntheticHistory, onProgress: (rows: number) => void, indexOffset = 0): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('set synchronous_commit = off'); // a benchmark load: durability of the load itself does not matter
    const { rows: columns } = await client.query<{ column_name: string; is_nullable: string; column_default: string | null }>(
      `select column_name, is_nullable, column_default from information_schema.columns where table_schema = current_schema() and table_name = 'executions'`,
    );
    if (columns.length === 0) throw new Error('The database has no executions table: did the store migrate?');
    const unknown = columns.filter((column) => !filled.includes(column.column_name) && column.is_nullable === 'NO' && column.column_default === null);
    if (unknown.length > 0) throw new Error(`The bench loader does not know the required executions column(s) ${unknown.map((c) => c.column_name).join(', ')}`);

    const from = historyStart(history);
    for (let day = dayStart(from); day <= dayStart(history.until); day += PARTITION_DAY_MS) {
      for (const table of partitionedTables) {
        await client.query(`create table if not exists "${partitionName(table, day)}" partition of "${table}" for values from (${day}) to (${day + PARTITION_DAY_MS})`);
      }
    }
    const span = history.until - from;
    for (let start = 0; start < history.rows; start += CHUNK) {
      const end = Math.min(history.rows, start + CHUNK) - 1;
      await client.query(insertChunk, [from, span, history.rows, history.workflows, start, end, indexOffset]);
      onProgress(end + 1);
    }
    await client.query('set maintenance_work_mem = \'512MB\'');
    await client.query('vacuum analyze executions');
  } finally {
    await client.end();
  }
}
