import { NodeRegistry, type NodeTypeSpec } from '../core/node-api/index.js';
import { legacyStart, manualTrigger } from './manual-trigger/manual-trigger.js';
import { noOp } from './no-op/no-op.js';
import { debugHelper } from './debug-helper/debug-helper.js';
import { customerMessenger } from './n8n-training-customer-messenger/customer-messenger.js';
import { executeWorkflow, executeWorkflowTrigger } from './execute-workflow/execute-workflow.js';
import { stickyNote } from './sticky-note/sticky-note.js';
import { splitInBatchesV1, splitInBatchesV2, splitInBatchesV3 } from './split-in-batches/split-in-batches.js';
import { stopAndError } from './stop-and-error/stop-and-error.js';
import { wait } from './wait/wait.js';
import { ifV1 } from './if/v1.js';
import { ifV2 } from './if/v2.js';
import { filterV1 } from './filter/v1.js';
import { filterV2 } from './filter/v2.js';
import { switchV1 } from './switch/v1.js';
import { switchV2 } from './switch/v2.js';
import { switchV3 } from './switch/v3.js';
import { setV1, setV3 } from './set/set.js';
import { dateTimeV1 } from './date-time/v1.js';
import { dateTimeV2 } from './date-time/v2.js';
import { cryptoNode } from './crypto/crypto.js';
import { cryptoV2 } from './crypto/v2.js';
import { html } from './html/html.js';
import { htmlExtract } from './html-extract/html-extract.js';
import { markdown } from './markdown/markdown.js';
import { xml } from './xml/xml.js';
import { customerDatastore } from './n8n-training-customer-datastore/customer-datastore.js';
import { itemListFamily } from './item-lists/family.js';
import { mergeV1, mergeV2, mergeV3 } from './merge/merge.js';
import { compareDatasetsNode } from './compare-datasets/compare-datasets.js';
import { renameKeys } from './rename-keys/rename-keys.js';
import { code, functionItemNode, functionNode } from './code/index.js';
import { httpRequest } from './http-request/http-request.js';
import { webhook } from './webhook/webhook.js';
import { respondToWebhook } from './respond-to-webhook/respond-to-webhook.js';
import { errorTrigger } from './error-trigger/error-trigger.js';
import { cronTrigger, intervalTrigger, scheduleTrigger } from './schedule-trigger/index.js';

/**
 * Every node type Weft ships. Each folder exports its specs (one per group of typeVersions sharing behaviour);
 * add a folder's specs here to register them.
 */
export const builtinNodes: readonly NodeTypeSpec[] = [
  manualTrigger,
  legacyStart,
  noOp,
  debugHelper,
  customerMessenger,
  executeWorkflow,
  executeWorkflowTrigger,
  stickyNote,
  splitInBatchesV1,
  splitInBatchesV2,
  splitInBatchesV3,
  stopAndError,
  wait,
  ifV1,
  ifV2,
  filterV1,
  filterV2,
  switchV1,
  switchV2,
  switchV3,
  setV1,
  setV3,
  dateTimeV1,
  dateTimeV2,
  cryptoNode,
  cryptoV2,
  html,
  htmlExtract,
  markdown,
  xml,
  customerDatastore,
  ...itemListFamily,
  mergeV1,
  mergeV2,
  mergeV3,
  compareDatasetsNode,
  renameKeys,
  code,
  functionNode,
  functionItemNode,
  httpRequest,
  webhook,
  respondToWebhook,
  errorTrigger,
  scheduleTrigger,
  cronTrigger,
  intervalTrigger,
];

/** The registry of every built-in node type. */
export function createBuiltinRegistry(): NodeRegistry {
  return NodeRegistry.of(builtinNodes);
}
