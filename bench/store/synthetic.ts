/**
 * The shape of the synthetic execution history the list benchmark loads: `rows` executions spread evenly over
 * `days` days ending now, across `workflows` workflows, with a realistic status mix (mostly success, some
 * errors). Loaders write it straight into the adapters' tables (much faster than through the port).
 */
export interface SyntheticHistory {
  readonly rows: number;
  readonly days: number;
  readonly workflows: number;
  /** Epoch ms of the newest row. */
  readonly until: number;
}

export const DAY_MS = 86_400_000;

/** Per mille of rows by status (the rest are `success`). */
export const statusMix = { error: 70, canceled: 10, crashed: 10 } as const;

export function historyStart(history: SyntheticHistory): number {
  return history.until - history.days * DAY_MS;
}

/** Creation time of row `index` (0 = oldest): evenly spaced, so loads go in time order, one partition at a time. */
export function rowTime(history: SyntheticHistory, index: number): number {
  return historyStart(history) + Math.floor((index * history.days * DAY_MS) / history.rows);
}

export function benchWorkflowId(index: number): string {
  return `bench-wf-${index}`;
}

/** A well-mixed hash of the row index (so status and workflow do not correlate with time). */
export function mix(index: number): number {
  let h = Math.imul(index ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function rowStatus(index: number): 'success' | 'error' | 'canceled' | 'crashed' {
  const perMille = mix(index) % 1000;
  if (perMille < statusMix.error) return 'error';
  if (perMille < statusMix.error + statusMix.canceled) return 'canceled';
  if (perMille < statusMix.error + statusMix.canceled + statusMix.crashed) return 'crashed';
  return 'success';
}

export function rowWorkflow(history: SyntheticHistory, index: number): string {
  return benchWorkflowId(mix(index * 31 + 7) % history.workflows);
}

/** Run time of a row in ms (10 ms – 5 s). */
export function rowDuration(index: number): number {
  return 10 + (mix(index * 17 + 3) % 4_990);
}
