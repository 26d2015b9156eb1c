import type { Item } from '../../core/model/types.js';

/**
 * What Loop Over Items keeps between its runs (visible to expressions as `$node["Loop"].context`, with n8n's
 * field names, which workflows read: `noItemsLeft`, `currentRunIndex`, `maxRunIndex`).
 */
export interface BatchState {
  items?: Item[];
  processedItems?: Item[];
  currentRunIndex?: number;
  maxRunIndex?: number;
  noItemsLeft?: boolean;
  done?: boolean;
}

/** Reads the node state as batch state; the state object is the node's own, so writes persist across runs. */
export function batchState(state: Record<string, unknown>): BatchState {
  return state as BatchState;
}

/** Starts a fresh loop over `items`; returns the first batch. */
export function startLoop(state: BatchState, items: readonly Item[], batchSize: number): Item[] {
  const queue = items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
  state.items = queue;
  state.processedItems = [];
  state.currentRunIndex = 0;
  state.maxRunIndex = Math.ceil(items.length / batchSize);
  state.done = false;
  const batch = queue.splice(0, batchSize);
  state.noItemsLeft = queue.length === 0;
  return batch;
}

/** Takes the next batch of a running loop. */
export function nextBatch(state: BatchState, batchSize: number): Item[] {
  const queue = state.items ?? [];
  state.currentRunIndex = (state.currentRunIndex ?? 0) + 1;
  const batch = queue.splice(0, batchSize);
  state.noItemsLeft = queue.length === 0;
  return batch;
}

/** n8n clamps the batch size to at least 1. */
export function readBatchSize(value: unknown, fallback: number): number {
  const size = Math.floor(Number(value ?? fallback));
  return Number.isFinite(size) && size >= 1 ? size : 1;
}
