import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { runAggregate } from '../shared/item-ops/index.js';

/** Aggregate: combines a field of many items (or whole items) into a list in one item, or in one item per group. */
export const aggregate: NodeTypeSpec = {
  type: 'n8n-nodes-base.aggregate',
  versions: [1],
  displayName: 'Aggregate',
  description: 'Combine a field from many items into a list in a single item',
  inputs: 1,
  outputs: 1,
  // With "Group By Fields", no input items give no groups and so no output item.
  mayStopFlow: true,
  parameters: {
    aggregate: 'options',
    fieldsToAggregate: 'object',
    destinationFieldName: 'string',
    include: 'options',
    fieldsToExclude: 'any',
    fieldsToInclude: 'any',
    options: 'object',
  },
  execute: (ctx, inputs) => [runAggregate(ctx, inputs[0] ?? [], { requireFields: false, groupBy: true })],
};
