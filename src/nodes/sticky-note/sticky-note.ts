import type { NodeTypeSpec } from '../../core/node-api/index.js';

/** Sticky Note: canvas decoration. The engine never runs it and connections ignore it. */
export const stickyNote: NodeTypeSpec = {
  type: 'n8n-nodes-base.stickyNote',
  versions: [1],
  displayName: 'Sticky Note',
  ignored: true,
  inputs: 0,
  outputs: 0,
  execute: () => [],
};
