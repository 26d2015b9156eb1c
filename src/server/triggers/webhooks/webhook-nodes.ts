import type { WorkflowDocument, WorkflowNode } from '../../../core/model/types.js';

/** The webhook node type this trigger kind serves. */
export const WEBHOOK_NODE_TYPE = 'n8n-nodes-base.webhook';

/** A webhook node's HTTP settings as the HTTP layer needs them. */
export interface WebhookNodeSettings {
  readonly node: WorkflowNode;
  /** Upper case, e.g. `GET`. */
  readonly method: string;
  /** Without leading or trailing slashes; may hold `:param` segments. */
  readonly path: string;
  readonly responseMode: 'onReceived' | 'lastNode' | 'responseNode';
  readonly responseCode: number;
  readonly responseData: 'firstEntryJson' | 'allEntries' | 'noData';
  readonly authentication: 'none' | 'basicAuth' | 'headerAuth';
}

/** Trims the slashes n8n users often type around a webhook path (`/hook/` and `hook` are the same path). */
export function normalizePath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/** The enabled webhook nodes of a workflow with their settings (n8n's defaults where a parameter is absent). */
export function webhookNodes(definition: WorkflowDocument): WebhookNodeSettings[] {
  return definition.nodes.filter((node) => node.type === WEBHOOK_NODE_TYPE && node.disabled !== true).map(settingsOf);
}

function settingsOf(node: WorkflowNode): WebhookNodeSettings {
  const parameters = node.parameters ?? {};
  const text = (key: string, fallback: string): string => (typeof parameters[key] === 'string' && parameters[key] !== '' ? (parameters[key] as string) : fallback);
  // n8n falls back to the node's webhookId as path when none is set.
  const path = normalizePath(text('path', node.webhookId ?? node.id ?? node.name));
  const responseMode = text('responseMode', 'onReceived') as WebhookNodeSettings['responseMode'];
  // "Respond immediately" answers 202 Accepted unless the node names a code: the work is durably queued, not done.
  const fallbackCode = responseMode === 'onReceived' ? 202 : 200;
  const code = Number(parameters['responseCode'] ?? fallbackCode);
  return {
    node,
    method: text('httpMethod', 'GET').toUpperCase(),
    path,
    responseMode,
    responseCode: Number.isInteger(code) && code >= 100 && code < 600 ? code : fallbackCode,
    responseData: text('responseData', 'firstEntryJson') as WebhookNodeSettings['responseData'],
    authentication: text('authentication', 'none') as WebhookNodeSettings['authentication'],
  };
}
