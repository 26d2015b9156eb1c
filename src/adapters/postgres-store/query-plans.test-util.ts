import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery } from 'kysely';
import type { Database } from './schema.js';
import type { PostgresTestStore } from './test-support.js';

/** Compiles queries without a connection, to EXPLAIN exactly the SQL the store sends. */
export const offlineCompiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** A node of PostgreSQL's `EXPLAIN (FORMAT JSON)` plan, the fields the plan tests look at. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/**
 * The plan PostgreSQL makes for `compiled` on the test database, flattened (the root first, then its children).
 *
 * @example
 * const nodes = await planNodes(t, staleNewExecutionsQuery(offlineCompiler, cutoff, undefined, 100).compile());
 * expect(nodes.map((node) => node['Node Type'])).not.toContain('Seq Scan');
 */
export async function planNodes(t: PostgresTestStore, compiled: CompiledQuery): Promise<PlanNode[]> {
  const [row] = await t.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`explain (format json) ${compiled.sql}`, [...compiled.parameters]);
  const root = row?.['QUERY PLAN'][0]?.Plan;
  if (root === undefined) throw new Error(`EXPLAIN returned no plan for: ${compiled.sql}`);
  return flatten(root);
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}
