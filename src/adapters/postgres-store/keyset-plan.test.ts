import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionQuery } from '../../ports/store/index.js';
import { listExecutionsQuery } from './execution-list.js';
import { DAY_MS, dayStart } from './partitions.js';
import { offlineCompiler, planNodes, type PlanNode } from './query-plans.test-util.js';
import { postgresTestStore, type PostgresTestStore } from './test-support.js';
import type { TimeWindow } from './time-windows.js';

const nodeTypes = (nodes: readonly PlanNode[]): string[] => nodes.map((node) => node['Node Type']);
const indexes = (nodes: readonly PlanNode[]): string[] => nodes.flatMap((node) => (node['Index Name'] === undefined ? [] : [node['Index Name']]));
const relations = (nodes: readonly PlanNode[]): string[] => nodes.flatMap((node) => (node['Relation Name'] === undefined ? [] : [node['Relation Name']]));

type Position = { time: number; id: string };

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

  async function planOf(query: Omit<ExecutionQuery, 'limit'>, cursorFrom?: Position, window?: TimeWindow): Promise<PlanNode[]> {
    const statuses = query.status === undefined ? undefined : typeof query.status === 'string' ? [query.status] : [...query.status];
    return planNodes(t, listExecutionsQuery(offlineCompiler, query, statuses, cursorFrom, 50, window).compile());
  }

  it('pages through 20,000 rows newest first without a sequential scan or a sort, with enable_seqscan on', async () => {
    const [setting] = await t.query<{ enable_seqscan: string }>('show enable_seqscan');
    expect(setting?.enable_seqscan).toBe('on');
    const first = await t.store.listExecutions({ limit: 50 });
    expect(first.data).toHaveLength(50);
    const middle = first.data[25]!;
    const cursor = { time: middle.createdAt, id: middle.id };
    const lastDay = dayStart(middle.createdAt);
    const cases: Array<[Omit<ExecutionQuery, 'limit'>, Position | undefined, TimeWindow | undefined]> = [
      [{}, undefined, undefined],
      [{}, cursor, undefined],
      [{}, undefined, { from: lastDay, before: undefined }],
      [{}, cursor, { from: lastDay - 2 * DAY_MS, before: lastDay }],
      [{ workflowId: workflowIds[3]! }, undefined, { from: lastDay, before: undefined }],
      [{ workflowId: workflowIds[3]! }, cursor, { from: undefined, before: lastDay - DAY_MS }],
      [{ status: 'running' }, cursor, { from: lastDay - 2 * DAY_MS, before: lastDay }],
      [{ status: 'error', startedAfter: firstDay + DAY_MS, startedBefore: firstDay + 3 * DAY_MS }, undefined, undefined],
    ];
    for (const [query, after, window] of cases) {
      const types = nodeTypes(await planOf(query, after, window));
      expect(types, JSON.stringify({ query, types })).not.toContain('Seq Scan');
      expect(types, JSON.stringify({ query, types })).not.toContain('Sort');
      expect(types.some((type) => type.startsWith('Index'))).toBe(true);
    }
  });

  it('serves workflow + status from the composite index (migration 2), the rare-match list', async () => {
    const newest = await t.store.listExecutions({ limit: 1 });
    const top = newest.data[0]!;
    const lastDay = dayStart(top.createdAt);
    for (const window of [{ from: lastDay, before: undefined }, { from: undefined, before: lastDay }]) {
      const plan = await planOf({ workflowId: workflowIds[3]!, status: 'error' }, { time: top.createdAt, id: top.id }, window);
      expect(nodeTypes(plan), JSON.stringify(window)).not.toContain('Seq Scan');
      const used = indexes(plan);
      expect(used.length).toBeGreaterThan(0);
      expect(used.every((name) => name.includes('workflow_id_status_created_at_id')), JSON.stringify(used)).toBe(true);
    }
  });

  it('prunes a windowed page to the window\'s day partitions while planning', async () => {
    const partitionsOf = async (...args: Parameters<typeof planOf>) => new Set(relations(await planOf(...args)));
    const newest = await t.store.listExecutions({ limit: 1 });
    const top = newest.data[0]!;
    const lastDay = dayStart(top.createdAt);
    const cursor = { time: top.createdAt, id: top.id };
    // Without a window every day partition (5 with data, plus those made ahead at migration) is opened.
    expect((await partitionsOf({}, cursor)).size).toBeGreaterThanOrEqual(5);
    // The first window (open above, bounded by the cursor's time) and later ones touch only their own days.
    expect([...(await partitionsOf({}, cursor, { from: lastDay, before: undefined }))]).toEqual([`executions_p${new Date(lastDay).toISOString().slice(0, 10).replaceAll('-', '')}`]);
    expect((await partitionsOf({ workflowId: workflowIds[1]!, status: 'error' }, cursor, { from: lastDay - 2 * DAY_MS, before: lastDay })).size).toBe(2);
    expect((await partitionsOf({ status: 'error' }, undefined, { from: lastDay - DAY_MS, before: lastDay })).size).toBe(1);
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

  it('lists window by window exactly what one unwindowed query returns, for sparse and dense filters', async () => {
    const filters: Array<Omit<ExecutionQuery, 'limit'>> = [
      {},
      { workflowId: workflowIds[2]!, status: 'error' },
      { status: ['running', 'error'] },
      { workflowId: 'no-such-workflow' },
      { status: 'error', startedAfter: firstDay + DAY_MS + 5_000_000, startedBefore: firstDay + 3 * DAY_MS + 7_200_000 },
    ];
    for (const filter of filters) {
      const statuses = filter.status === undefined ? undefined : typeof filter.status === 'string' ? [filter.status] : [...filter.status];
      const compiled = listExecutionsQuery(offlineCompiler, filter, statuses, undefined, 30_000).compile();
      const expected = (await t.query<{ id: string }>(compiled.sql, [...compiled.parameters])).map((row) => row.id);
      if (filter.workflowId !== 'no-such-workflow') expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      const listed: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.store.listExecutions({ ...filter, limit: 997, ...(cursor === undefined ? {} : { cursor }) });
        listed.push(...page.data.map((row) => row.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(listed, JSON.stringify(filter)).toEqual(expected);
    }
  });
});
