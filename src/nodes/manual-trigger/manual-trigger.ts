import type { NodeTypeSpec } from '../../core/node-api/index.js';

/**
 * Manual Trigger: the start of a run from the editor or `weft run`. Emits the execution's input items
 * (one empty item unless the caller passed some).
 */
export const manualTrigger: NodeTypeSpec = {
  type: 'n8n-nodes-base.manualTrigger',
  versions: [1],
  displayName: 'Manual Trigger',
  trigger: true,
  triggerKind: 'manual',
  inputs: 0,
  outputs: 1,
  execute: (_ctx, inputs) => [[...(inputs[0] ?? [{ json: {} }])]],
};

/** The legacy Start node of old n8n workflows; behaves as a manual trigger. */
export const legacyStart: NodeTypeSpec = {
  ...manualTrigger,
  type: 'n8n-nodes-base.start',
  displayName: 'Start',
};
