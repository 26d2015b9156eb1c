import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionQuery } from '../../ports/store/index.js';
import { listExecutionsQuery } from './executions.js';
import { DAY_MS, dayStart } from './partitions.js';
import type { Database } from './schema.js';
import { postgresTestStore, type PostgresTestStore } from './test-support.js';

/** Compiles queries without a connection, to EXPLAIN exactly the SQL the store sends. */
const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodeTypes(node: PlanNode): string[] {
  return [node['Node Type'], ...(node.Plans ?? []).flatMap(nodeTypes)];
}

describe('postgres store: keyset lists use indexes', () => {
  let t: PostgresTestStore;
  let workflowIds: string[];
  let clock = 0;
  const firstDay = dayStart(Date.now()) + DAY_MS;

  beforeAll(async () => {
    t = await postgresTestStore({ now: () => clock });
    workflowIds = [];
    for (let index = 0; index < 10; index += 1) workflowIds.push((await t.store.createWorkflow({ name: `w${index}`, definition: { nodes: [], connections: {} } })).id);
    // 20,000 executions over 5 days (10 workflows, mixed statuses), then fresh statistics.
    for (let batch = 0; batch < 20; batch += 1) {
      clock = firstDay + Math.floor(batch / 4) * DAY_MS + (batch % 4) * 3_600_000;
      const created = await t.store.createExecutions(
        Array.from({ length: 1_000 }, (_, index) => ({ workflowId: workflowIds[index % 10]!, workflowVersion: 1, mode: 'trigger', status: 'running' as const })),
      );
      await t.store.finishExecutions(created.filter((_, index) => index % 5 !== 0).map((row, index) => ({ id: row.id, status: index % 7 === 0 ? ('error' as const) : ('success' as const), attempt: 1, stoppedAt: clock + 10 })));
    }
    await t.query('analyze executions');
  }, 60_000);

  afterAll(async () => {
    await t.teardown();
  });

  async function planOf(query: Omit<ExecutionQuery, 'limit'>, cursorFrom?: { time: number; id: string }): Promise<string[]> {
    const statuses = query.status === undefined ? undefined : typeof query.status === 'string' ? [query.status] : [...query.status];
    const compiled = listExecutionsQuery(compiler, { ...query, limit: 50 }, statuses, cursorFrom, 50).compile();
    const [row] = await t.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`explain (format json) ${compiled.sql}`, [...compiled.parameters]);
    const plan = row?.['QUERY PLAN'][0]?.Plan;
    if (plan === undefined) throw new Error('no plan');
    return nodeTypes(plan);
  }

  it('pages through 20,000 rows newest first without a sequential scan or a sort, with enable_seqscan on', async () => {
    const [setting] = await t.query<{ enable_seqscan: string }>('show enable_seqscan');
    expect(setting?.enable_seqscan).toBe('on');
    const first = await t.store.listExecutions({ limit: 50 });
    expect(first.data).toHaveLength(50);
    const middle = first.data[25]!;
    const cursor = { time: middle.createdAt, id: middle.id };
    const cases: Array<[Omit<ExecutionQuery, 'limit'>, { time: number; id: string } | undefined]> = [
      [{}, undefined],
      [{}, cursor],
      [{ workflowId: workflowIds[3]! }, undefined],
      [{ workflowId: workflowIds[3]! }, cursor],
      [{ status: 'running' }, cursor],
      [{ status: 'error', startedAfter: firstDay + DAY_MS, startedBefore: firstDay + 3 * DAY_MS }, undefined],
    ];
    for (const [query, after] of cases) {
      const types = await planOf(query, after);
      expect(types, JSON.stringify({ query, types })).not.toContain('Seq Scan');
      expect(types, JSON.stringify({ query, types })).not.toContain('Sort');
      expect(types.some((type) => type.startsWith('Index'))).toBe(true);
    }
  });

  it('walks every row once across day partitions', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let previous: { createdAt: number; id: string } | undefined;
    do {
      const page = await t.store.listExecutions({ workflowId: workflowIds[0]!, limit: 500, ...(cursor === undefined ? {} : { cursor }) });
      for (const row of page.data) {
        if (previous !== undefined) expect(row.createdAt < previous.createdAt || (row.createdAt === previous.createdAt && row.id < previous.id)).toBe(true);
        previous = row;
        seen.add(row.id);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen.size).toBe(2_000);
  });
});
