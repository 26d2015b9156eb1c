import type { NodeTypeSpec } from '../../core/node-api/index.js';

/**
 * Error Trigger: the start of an error workflow. The server runs it when a workflow whose
 * `settings.errorWorkflow` names this workflow fails, with one item describing the failed execution
 * (`{execution: {id, error, lastNodeExecuted, mode…}, workflow: {id, name}}`); the trigger emits that item.
 * Run by hand, it emits one empty item like n8n's editor test run without data.
 */
export const errorTrigger: NodeTypeSpec = {
  type: 'n8n-nodes-base.errorTrigger',
  versions: [1],
  displayName: 'Error Trigger',
  trigger: true,
  triggerKind: 'error',
  inputs: 0,
  outputs: 1,
  execute: (_ctx, inputs) => [[...(inputs[0] ?? [{ json: {} }])]],
};
