import type { NodeTypeSpec } from '../../core/node-api/index.js';

/** No Operation: passes its input on unchanged. */
export const noOp: NodeTypeSpec = {
  type: 'n8n-nodes-base.noOp',
  versions: [1],
  displayName: 'No Operation, do nothing',
  inputs: 1,
  outputs: 1,
  execute: (_ctx, inputs) => [[...(inputs[0] ?? [])]],
};
