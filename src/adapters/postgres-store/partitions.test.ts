import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from './postgres-store.js';
import { DAY_MS, dayStart, partitionName } from './partitions.js';
import { postgresTestStore, type PostgresTestStore } from './test-support.js';

const HOUR = 3_600_000;
const made: PostgresTestStore[] = [];

async function fresh(now?: () => number): Promise<PostgresTestStore> {
  const t = await postgresTestStore(now === undefined ? {} : { now });
  made.push(t);
  return t;
}

async function partitionsOf(t: PostgresTestStore, table: string): Promise<string[]> {
  const rows = await t.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = $1 order by 1`,
    [table],
  );
  return rows.map((row) => row.name);
}

async function tableExists(t: PostgresTestStore, name: string): Promise<boolean> {
  const [row] = await t.query<{ found: boolean }>('select to_regclass($1) is not null as found', [name]);
  return row?.found === true;
}

afterEach(async () => {
  for (const t of made.splice(0)) await t.teardown();
});

describe('postgres store: daily partitions', () => {
  it('migrate() creates today and the next 7 days for every history table; prepareAhead adds more, idempotently', async () => {
    const t = await fresh();
    const today = dayStart(Date.now());
    const week = Array.from({ length: 8 }, (_, index) => today + index * DAY_MS);
    for (const table of ['executions', 'execution_data', 'execution_checkpoints']) {
      expect(await partitionsOf(t, table)).toEqual(week.map((day) => partitionName(table, day)));
    }
    await t.store.prepareAhead(today + 20 * DAY_MS + HOUR);
    await t.store.prepareAhead(today + 20 * DAY_MS);
    expect(await partitionsOf(t, 'executions')).toHaveLength(21);
    expect(await partitionsOf(t, 'execution_data')).toHaveLength(21);
    // No DEFAULT partition: it would forbid DETACH … CONCURRENTLY.
    expect((await partitionsOf(t, 'executions')).some((name) => name.endsWith('default'))).toBe(false);
  });

  it('never fails a write for a missing partition: a day far outside is created on demand', async () => {
    let clock = Date.UTC(2019, 4, 17, 12);
    const t = await fresh(() => clock);
    const workflow = await t.store.createWorkflow({ name: 'old', definition: { nodes: [], connections: {} } });
    const old = await t.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger', input: { x: 1 } });
    expect(await tableExists(t, 'executions_p20190517')).toBe(true);
    clock = Date.UTC(2031, 0, 2, 3);
    const [future] = await t.store.createExecutions([{ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger' }]);
    expect(await tableExists(t, 'execution_data_p20310102')).toBe(true);
    expect(await t.store.getExecution(old.id)).toEqual(old);
    expect(await t.store.getExecution(future!.id)).toEqual(future);
    expect((await t.store.getExecutionData(old.id))?.input).toEqual({ x: 1 });
  });

  it('recreates a partition another process dropped under it, and retries the write', async () => {
    let clock = Date.UTC(2020, 1, 3, 10);
    const writer = await fresh(() => clock);
    const workflow = await writer.store.createWorkflow({ name: 'w', definition: { nodes: [], connections: {} } });
    const first = await writer.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger', status: 'running' });
    await writer.store.finishExecution(first.id, { status: 'success', attempt: 1, stoppedAt: clock + 1 });
    // Another process prunes the whole day; the writer still believes the partition exists.
    const pruner = await createPostgresStore({ url: writer.url, encryptionKey: randomBytes(32) });
    try {
      expect(await pruner.applyRetention({ maxAgeMs: DAY_MS }, Date.UTC(2020, 1, 10))).toBe(1);
    } finally {
      await pruner.close();
    }
    expect(await tableExists(writer, 'executions_p20200203')).toBe(false);
    clock += 1_000;
    const second = await writer.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger' });
    expect(await writer.store.getExecution(second.id)).toEqual(second);
  });

  it('repairs a day left half-dropped (its data partition gone) when a write needs it', async () => {
    const clock = Date.UTC(2021, 6, 9, 8);
    const t = await fresh(() => clock);
    const workflow = await t.store.createWorkflow({ name: 'half', definition: { nodes: [], connections: {} } });
    await t.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger' });
    // As if a retention run was killed between dropping the data partition and the executions one.
    await t.query('drop table execution_data_p20210709');
    const created = await t.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger', input: { kept: true } });
    expect((await t.store.getExecutionData(created.id))?.input).toEqual({ kept: true });
  });
});

describe('postgres store: retention by partition', () => {
  it('drops whole days outside the policy, batch-deletes the boundary day, and keeps days with unfinished executions', async () => {
    let clock = 0;
    const t = await fresh(() => clock);
    const day0 = dayStart(Date.now()) - 10 * DAY_MS;
    const workflow = await t.store.createWorkflow({ name: 'r', definition: { nodes: [], connections: {} } });
    const finishedOn = async (at: number, count: number) => {
      clock = at;
      const rows = await t.store.createExecutions(Array.from({ length: count }, () => ({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger', status: 'running' as const, input: { at } })));
      await t.store.finishExecutions(rows.map((row) => ({ id: row.id, status: 'success' as const, attempt: 1, stoppedAt: at + 5 })));
      return rows;
    };
    await finishedOn(day0 + HOUR, 30);
    await finishedOn(day0 + DAY_MS + HOUR, 20);
    clock = day0 + 2 * DAY_MS + HOUR;
    const waiting = await t.store.createExecution({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger', status: 'running' });
    await t.store.updateExecution(waiting.id, { status: 'waiting', attempt: 1, waitTill: day0 + 40 * DAY_MS });
    await finishedOn(day0 + 2 * DAY_MS + 2 * HOUR, 5);
    const boundaryOld = await finishedOn(day0 + 3 * DAY_MS + HOUR, 7);
    const boundaryNew = await finishedOn(day0 + 3 * DAY_MS + 20 * HOUR, 3);

    // Cutoff in the middle of day 3: days 0 and 1 go whole, day 2 keeps its waiting execution, day 3 is split.
    const removed = await t.store.applyRetention({ maxAgeMs: 2 * HOUR }, day0 + 3 * DAY_MS + 12 * HOUR);
    expect(removed).toBe(30 + 20 + 5 + 7);
    for (const table of ['executions', 'execution_data', 'execution_checkpoints']) {
      expect(await tableExists(t, partitionName(table, day0))).toBe(false);
      expect(await tableExists(t, partitionName(table, day0 + DAY_MS))).toBe(false);
      expect(await tableExists(t, partitionName(table, day0 + 2 * DAY_MS))).toBe(true);
    }
    expect(await t.store.getExecution(waiting.id)).toMatchObject({ status: 'waiting' });
    for (const row of boundaryOld) expect(await t.store.getExecutionData(row.id)).toBeUndefined();
    for (const row of boundaryNew) expect((await t.store.getExecutionData(row.id))?.input).toEqual({ at: day0 + 3 * DAY_MS + 20 * HOUR });
    const [left] = await t.query<{ n: number }>('select count(*)::int as n from executions');
    expect(left?.n).toBe(1 + 3);
  });
});
