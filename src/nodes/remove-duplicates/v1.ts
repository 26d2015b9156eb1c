import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { runRemoveDuplicates } from '../shared/item-ops/index.js';

/** The parameters Remove Duplicates compares with, shared by its versions. */
export const compareParameters = {
  compare: 'options',
  fieldsToExclude: 'any',
  fieldsToCompare: 'any',
  options: 'object',
} as const;

/**
 * Remove Duplicates v1/v1.1: drops items whose compared fields equal an earlier item's. v1.1 skips null values in
 * its "same type" check and names the items in that error.
 */
export const removeDuplicatesV1: NodeTypeSpec = {
  type: 'n8n-nodes-base.removeDuplicates',
  versions: [1, 1.1],
  displayName: 'Remove Duplicates',
  description: 'Delete items with matching field values',
  inputs: 1,
  outputs: 1,
  parameters: compareParameters,
  execute: (ctx, inputs) => [runRemoveDuplicates(ctx, inputs[0] ?? [], { lenientNulls: ctx.typeVersion > 1, orderByType: false })],
};
