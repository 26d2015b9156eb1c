import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { runSummarize } from '../shared/item-ops/index.js';

/**
 * Summarize: sum, count, min, max… of fields, optionally split by the values of other fields. v1 turns split values
 * into text and fails on a field no item has (unless "Continue if Field Not Found"); v1.1 keeps the split values'
 * types and never fails on a missing field (n8n only shows a hint).
 */
export const summarize: NodeTypeSpec = {
  type: 'n8n-nodes-base.summarize',
  versions: [1, 1.1],
  displayName: 'Summarize',
  description: 'Sum, count, max, etc. across items',
  inputs: 1,
  outputs: 1,
  // "Ignore items without valid fields to group by" can leave no group at all.
  mayStopFlow: true,
  parameters: { fieldsToSummarize: 'object', fieldsToSplitBy: 'string', options: 'object' },
  execute: (ctx, inputs) => {
    const v1 = ctx.typeVersion < 1.1;
    return [
      runSummarize(ctx, inputs[0] ?? [], {
        flavour: v1 ? 'summarizeV1' : 'summarizeV1_1',
        requireFields: (continueIfFieldNotFound) => v1 && !continueIfFieldNotFound,
      }),
    ];
  },
};
