import type { NodeTypeSpec } from '../../core/node-api/index.js';

/**
 * Webhook: starts an execution for an HTTP request. The HTTP layer (`src/server/triggers/webhooks/`) matches
 * the request to the node's `httpMethod` + `path`, applies its options (CORS, IP allowlist, bots) and
 * authentication, and passes the request as the start item `{json: {headers, params, query, body, webhookUrl,
 * executionMode}, binary?}` (uploaded files and raw bodies as base64 binary data), which this node emits unchanged.
 * Run without a request (manually), it emits one empty item.
 */
export const webhook: NodeTypeSpec = {
  type: 'n8n-nodes-base.webhook',
  versions: [1, 1.1, 2, 2.1],
  displayName: 'Webhook',
  trigger: true,
  triggerKind: 'event',
  inputs: 0,
  outputs: 1,
  execute: (_ctx, inputs) => [[...(inputs[0] ?? [{ json: {} }])]],
};
