import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { batchState, nextBatch, readBatchSize, startLoop } from './batch-state.js';

const type = 'n8n-nodes-base.splitInBatches';

function loopSettings(ctx: NodeContext, defaultBatchSize: number): { batchSize: number; reset: boolean } {
  return {
    batchSize: readBatchSize(ctx.getParameter('batchSize', 0, defaultBatchSize), defaultBatchSize),
    reset: ctx.getParameter<boolean>('options.reset', 0, false) === true,
  };
}

/**
 * Split In Batches v1: one output with the next batch; nothing once every item was handed out. Items that come
 * back through the loop are not collected.
 */
export const splitInBatchesV1: NodeTypeSpec = {
  type,
  versions: [1],
  displayName: 'Split In Batches',
  inputs: 1,
  outputs: 1,
  mayStopFlow: true,
  parameters: { batchSize: 'number', options: 'object' },
  execute(ctx, inputs) {
    const { batchSize, reset } = loopSettings(ctx, 10);
    const state = batchState(ctx.nodeState);
    const batch = state.items === undefined || reset ? startLoop(state, inputs[0] ?? [], batchSize) : nextBatch(state, batchSize);
    return [batch];
  },
};

/**
 * Split In Batches v2: outputs `loop` (the next batch) and `done` (every item that came back through the loop,
 * once no items are left).
 */
export const splitInBatchesV2: NodeTypeSpec = {
  type,
  versions: [2],
  displayName: 'Split In Batches',
  inputs: 1,
  outputs: 2,
  mayStopFlow: true,
  parameters: { batchSize: 'number', options: 'object' },
  execute(ctx, inputs) {
    const result = runCollectingLoop(ctx, inputs[0] ?? [], 10);
    return [result.batch, result.done];
  },
};

/**
 * Loop Over Items (Split In Batches v3): outputs `done` (all items that came back through the loop, once the
 * last batch is processed) and `loop` (the next batch). After `done`, the next run starts a new loop.
 */
export const splitInBatchesV3: NodeTypeSpec = {
  type,
  versions: [3],
  displayName: 'Loop Over Items',
  inputs: 1,
  outputs: 2,
  mayStopFlow: true,
  parameters: { batchSize: 'number', options: 'object' },
  execute(ctx, inputs) {
    const result = runCollectingLoop(ctx, inputs[0] ?? [], 1);
    return [result.done, result.batch];
  },
};

/** v2/v3 logic: the first run (or a reset, or a run after `done`) starts over; later runs collect returned items. */
function runCollectingLoop(ctx: NodeContext, input: readonly Item[], defaultBatchSize: number): { batch: Item[]; done: Item[] } {
  const { batchSize, reset } = loopSettings(ctx, defaultBatchSize);
  const state = batchState(ctx.nodeState);
  if (state.items === undefined || state.done === true || reset) {
    return { batch: startLoop(state, input, batchSize), done: [] };
  }
  state.processedItems = [...(state.processedItems ?? []), ...input];
  const batch = nextBatch(state, batchSize);
  if (batch.length > 0) return { batch, done: [] };
  state.done = true;
  const done = state.processedItems;
  state.processedItems = [];
  return { batch: [], done };
}
