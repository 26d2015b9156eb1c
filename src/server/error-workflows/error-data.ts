import type { Item, WorkflowDocument } from '../../core/model/types.js';
import type { ExecutionResult } from '../../core/scheduler/index.js';

/** The failed execution an error workflow is told about. */
export interface FailedExecution {
  readonly executionId: string;
  readonly workflowId: string;
  readonly definition: WorkflowDocument;
  readonly mode: string;
  readonly result: ExecutionResult;
  readonly retryOf?: string;
  /** A link to the execution (n8n's `execution.url`), when the server knows its public address. */
  readonly url?: string;
}

/**
 * The item an Error Trigger emits, in n8n's shape (`IWorkflowErrorData`):
 * `{execution: {id, url?, retryOf?, error, lastNodeExecuted, mode}, workflow: {id, name}}`. The error carries the
 * failed node's identity but no stack trace and none of its parameters (they may hold secrets typed inline).
 *
 * @example
 * const item = errorWorkflowItem({ executionId: '7', workflowId: 'w1', definition, mode: 'webhook', result });
 * item.json.execution; // { id: '7', error: { message, name, node: { name, type, typeVersion } }, … }
 */
export function errorWorkflowItem(failed: FailedExecution): Item {
  const { resultData } = failed.result.data;
  const error = resultData.error;
  const node = error?.node !== undefined ? failed.definition.nodes.find((candidate) => candidate.name === error.node) : undefined;
  const errorJson = {
    message: error?.message ?? `The execution ended with status ${failed.result.status}`,
    name: error?.name ?? 'Error',
    ...(error?.description !== undefined ? { description: error.description } : {}),
    ...(node ? { node: { ...(node.id !== undefined ? { id: node.id } : {}), name: node.name, type: node.type, typeVersion: node.typeVersion } } : {}),
  };
  return {
    json: {
      execution: {
        id: failed.executionId,
        ...(failed.url !== undefined ? { url: failed.url } : {}),
        ...(failed.retryOf !== undefined ? { retryOf: failed.retryOf } : {}),
        error: errorJson,
        lastNodeExecuted: resultData.lastNodeExecuted ?? error?.node ?? '',
        mode: failed.mode,
      },
      workflow: { id: failed.workflowId, name: failed.definition.name ?? '' },
    },
  };
}
