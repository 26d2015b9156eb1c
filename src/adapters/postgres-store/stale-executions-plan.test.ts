import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, dayStart } from './partitions.js';
import { staleNewExecutionsQuery } from './stale-executions.js';
import { offlineCompiler, planNodes } from './query-plans.test-util.js';
import { postgresTestStore, type PostgresTestStore } from './test-support.js';

describe('postgres store: stale new executions are found through the status index', () => {
  let t: PostgresTestStore;
  const firstDay = dayStart(Date.now()) + DAY_MS;
  // Partitions made at migration start from this day too, so every day partition below the cutoff holds rows.
  let clock = firstDay;
  let stranded: string[] = [];

  beforeAll(async () => {
    t = await postgresTestStore({ now: () => clock });
    // 15,000 finished executions over 5 days, and a few stranded `new` ones on the last day, then statistics.
    for (let day = 0; day < 5; day += 1) {
      for (let batch = 0; batch < 3; batch += 1) {
        clock = firstDay + day * DAY_MS + batch * 3_600_000;
        const created = await t.store.createExecutions(Array.from({ length: 1_000 }, () => ({ workflowId: 'wf', workflowVersion: 1, mode: 'trigger', status: 'running' as const })));
        await t.store.finishExecutions(created.map((row) => ({ id: row.id, status: 'success' as const, attempt: 1, stoppedAt: clock + 10 })));
      }
    }
    clock = firstDay + 4 * DAY_MS + 12 * 3_600_000;
    stranded = (await t.store.createExecutions(Array.from({ length: 3 }, () => ({ workflowId: 'wf', workflowVersion: 1, mode: 'webhook' })))).map((row) => row.id);
    await t.query('analyze executions');
  }, 60_000);

  afterAll(async () => {
    await t?.teardown();
  });

  it('reads no history rows: an index range per day partition, merged in order, no sequential scan or sort', async () => {
    const cutoff = firstDay + 5 * DAY_MS;
    expect((await t.store.listStaleNewExecutions({ createdBefore: cutoff, limit: 100 })).data.map((row) => row.id)).toEqual([...stranded].sort());
    for (const after of [undefined, { time: firstDay + DAY_MS, id: '00000000-0000-0000-0000-000000000000' }]) {
      const nodes = await planNodes(t, staleNewExecutionsQuery(offlineCompiler, cutoff, after, 100).compile());
      const types = nodes.map((node) => node['Node Type']);
      expect(types, JSON.stringify(types)).not.toContain('Seq Scan');
      expect(types, JSON.stringify(types)).not.toContain('Sort');
      const used = nodes.flatMap((node) => (node['Index Name'] === undefined ? [] : [node['Index Name']]));
      expect(used.length).toBeGreaterThan(0);
      expect(used.every((name) => name.includes('status_created_at_id')), JSON.stringify(used)).toBe(true);
      // The cursor prunes the days before it.
      if (after !== undefined) expect(nodes.some((node) => node['Relation Name']?.includes(new Date(firstDay).toISOString().slice(0, 10).replaceAll('-', '')) === true)).toBe(false);
    }
  });
});
