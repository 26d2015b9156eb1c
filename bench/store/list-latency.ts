import type { ExecutionQuery, Store } from '../../src/ports/store/index.js';
import { percentile, timed } from './stats.js';
import { benchWorkflowId, historyStart, type SyntheticHistory } from './synthetic.js';

export interface LatencyRow {
  readonly label: string;
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const PAGE_SIZE = 50;

/** A deterministic pseudo-random sequence, so two runs time the same pages. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

async function sample(label: string, count: number, query: (index: number) => Promise<unknown>): Promise<LatencyRow> {
  // Warm-up: connections opened, statements planned, as in a running server.
  for (let index = 0; index < 10; index++) await query(count + index);
  const latencies: number[] = [];
  for (let index = 0; index < count; index++) latencies.push(await timed(() => query(index)));
  return { label, samples: count, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) };
}

/**
 * Times `listExecutions` pages of 50 over a loaded history: first pages (all, per workflow, per status) and
 * pages deep in history reached through a cursor (the page after a random point of the history).
 */
export async function measureListLatency(store: Store, history: SyntheticHistory, samples: number): Promise<LatencyRow[]> {
  const random = seeded(42);
  const span = history.until - historyStart(history);
  const anyWorkflow = () => benchWorkflowId(Math.floor(random() * history.workflows));
  const deepCursor = async (base: Omit<ExecutionQuery, 'limit'>): Promise<string> => {
    // Anywhere in the newer 80 % of the history, so even a filtered list has a full page before the point.
    const point = historyStart(history) + Math.floor((0.2 + 0.8 * random()) * span);
    const page = await store.listExecutions({ ...base, startedBefore: point, limit: PAGE_SIZE });
    if (page.nextCursor === undefined) throw new Error('the loaded history is too small for a deep page');
    return page.nextCursor;
  };
  const deepPage = async (base: Omit<ExecutionQuery, 'limit'>): Promise<{ cursor: string; base: Omit<ExecutionQuery, 'limit'> }> => ({ cursor: await deepCursor(base), base });

  const rows: LatencyRow[] = [];
  rows.push(await sample('first page, all executions', samples, () => store.listExecutions({ limit: PAGE_SIZE })));
  rows.push(await sample('first page, one workflow', samples, () => store.listExecutions({ workflowId: anyWorkflow(), limit: PAGE_SIZE })));
  rows.push(await sample('first page, status = error', samples, () => store.listExecutions({ status: 'error', limit: PAGE_SIZE })));
  rows.push(await sample('first page, one workflow + status error', samples, () => store.listExecutions({ workflowId: anyWorkflow(), status: 'error', limit: PAGE_SIZE })));

  // Deep pages: the cursors are found first (untimed), then each cursor page is timed on its own.
  const deepRows: Array<{ label: string; make: () => Omit<ExecutionQuery, 'limit'> }> = [
    { label: 'deep page via cursor, all executions', make: () => ({}) },
    { label: 'deep page via cursor, one workflow', make: () => ({ workflowId: anyWorkflow() }) },
    { label: 'deep page via cursor, status = error', make: () => ({ status: 'error' }) },
  ];
  for (const deep of deepRows) {
    const pages: Array<{ cursor: string; base: Omit<ExecutionQuery, 'limit'> }> = [];
    for (let index = 0; index < samples + 10; index++) pages.push(await deepPage(deep.make()));
    rows.push(
      await sample(deep.label, samples, (index) => {
        const page = pages[index]!;
        return store.listExecutions({ ...page.base, cursor: page.cursor, limit: PAGE_SIZE });
      }),
    );
  }
  return rows;
}
