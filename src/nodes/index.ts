import { NodeRegistry, type NodeTypeSpec } from '../core/node-api/index.js';
import { legacyStart, manualTrigger } from './manual-trigger/manual-trigger.js';
import { noOp } from './no-op/no-op.js';
import { stickyNote } from './sticky-note/sticky-note.js';
import { splitInBatchesV1, splitInBatchesV2, splitInBatchesV3 } from './split-in-batches/split-in-batches.js';
import { stopAndError } from './stop-and-error/stop-and-error.js';
import { wait } from './wait/wait.js';

/**
 * Every node type Weft ships. Each folder exports its specs (one per group of typeVersions sharing behaviour);
 * add a folder's specs here to register them.
 */
export const builtinNodes: readonly NodeTypeSpec[] = [
  manualTrigger,
  legacyStart,
  noOp,
  stickyNote,
  splitInBatchesV1,
  splitInBatchesV2,
  splitInBatchesV3,
  stopAndError,
  wait,
];

/** The registry of every built-in node type. */
export function createBuiltinRegistry(): NodeRegistry {
  return NodeRegistry.of(builtinNodes);
}
