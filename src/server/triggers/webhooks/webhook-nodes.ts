import { deepFreeze } from '../../../core/model/deep-freeze.js';
import type { WorkflowDocument, WorkflowNode } from '../../../core/model/types.js';
import { hasRequestExpressions } from './request-parameters.js';
import { configuredResponseCode, webhookOptions, type WebhookOptions } from './webhook-options.js';

/** The webhook node type this trigger kind serves. */
export const WEBHOOK_NODE_TYPE = 'n8n-nodes-base.webhook';

/** A webhook node's HTTP settings as the HTTP layer needs them. */
export interface WebhookNodeSettings {
  readonly node: WorkflowNode;
  /** Upper case, e.g. `GET`. */
  readonly method: string;
  /** The node's `path` without leading or trailing slashes; may hold `:param` segments. */
  readonly path: string;
  /**
   * The path it is served at under `/webhook/`: `path`, or `<webhookId>/<path>` when `path` has `:param`
   * segments and the node has a webhookId (n8n prefixes those so that two workflows can both use `user/:id`).
   */
  readonly servedPath: string;
  readonly responseMode: 'onReceived' | 'lastNode' | 'responseNode';
  readonly responseCode: number;
  readonly responseData: 'firstEntryJson' | 'firstEntryBinary' | 'allEntries' | 'noData';
  /** `firstEntryBinary`: the binary property of the first item to send (default `data`). */
  readonly responseBinaryPropertyName: string;
  readonly authentication: 'none' | 'basicAuth' | 'headerAuth';
  readonly options: WebhookOptions;
  /**
   * True when a parameter n8n evaluates per request (the options, response code and data) holds an expression:
   * the request path then works these settings out again against each request; otherwise they are used as is.
   */
  readonly requestExpressions: boolean;
}

/** Trims the slashes n8n users often type around a webhook path (`/hook/` and `hook` are the same path). */
export function normalizePath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/** True for paths with `:param` segments, which n8n serves under the node's webhookId. */
export function isDynamicPath(path: string): boolean {
  return path.startsWith(':') || path.includes('/:');
}

/** Settings of frozen (cached, shared) definitions, worked out once: every production webhook hit asks for them. */
const settingsByDefinition = new WeakMap<WorkflowDocument, readonly WebhookNodeSettings[]>();

/** The enabled webhook nodes of a workflow with their settings (n8n's defaults where a parameter is absent). */
export function webhookNodes(definition: WorkflowDocument): readonly WebhookNodeSettings[] {
  const known = settingsByDefinition.get(definition);
  if (known !== undefined) return known;
  const settings = definition.nodes.filter((node) => node.type === WEBHOOK_NODE_TYPE && node.disabled !== true).map((node) => webhookNodeSettings(node));
  if (Object.isFrozen(definition)) settingsByDefinition.set(definition, deepFreeze(settings));
  return settings;
}

/**
 * One webhook node's settings from its parameters (n8n's defaults where one is absent).
 *
 * @example
 * webhookNodeSettings(node).responseCode; // 202 for a plain "Respond immediately" node
 */
export function webhookNodeSettings(node: WorkflowNode): WebhookNodeSettings {
  const parameters = node.parameters ?? {};
  const text = (key: string, fallback: string): string => (typeof parameters[key] === 'string' && parameters[key] !== '' ? (parameters[key] as string) : fallback);
  // n8n falls back to the node's webhookId as path when none is set.
  const path = normalizePath(text('path', node.webhookId ?? node.id ?? node.name));
  const responseMode = text('responseMode', 'onReceived') as WebhookNodeSettings['responseMode'];
  const options = webhookOptions(parameters);
  // "Respond immediately" answers 202 Accepted unless the node names a code: the work is durably queued, not done.
  const fallbackCode = responseMode === 'onReceived' ? 202 : 200;
  return {
    node,
    method: text('httpMethod', 'GET').toUpperCase(),
    path,
    servedPath: isDynamicPath(path) && node.webhookId !== undefined && node.webhookId !== '' ? `${node.webhookId}/${path}` : path,
    responseMode,
    responseCode: configuredResponseCode(parameters) ?? fallbackCode,
    // "No Response Body" is how version 2 says `noData`; an explicit `responseData` wins, as in n8n.
    responseData: text('responseData', options.noResponseBody ? 'noData' : 'firstEntryJson') as WebhookNodeSettings['responseData'],
    responseBinaryPropertyName: text('responseBinaryPropertyName', 'data'),
    authentication: text('authentication', 'none') as WebhookNodeSettings['authentication'],
    options,
    requestExpressions: hasRequestExpressions(parameters),
  };
}
