import { WeftError } from '../../../core/errors/index.js';
import type { ExpressionEvaluator, ExpressionScope } from '../../../core/expression/index.js';
import type { JsonObject, NodeParameters, WorkflowDocument } from '../../../core/model/types.js';
import type { RunDataView } from '../../../core/node-api/index.js';
import { FIXED_OPTIONS, REQUEST_PARAMETERS } from './request-parameters.js';
import { webhookNodeSettings, type WebhookNodeSettings } from './webhook-nodes.js';
import { isRecord } from '../../../core/model/is-record.js';

/** What evaluating webhook options needs: the engine's evaluator (its `$env` allowlist) and default time zone. */
export interface RequestExpressions {
  readonly evaluator: ExpressionEvaluator;
  /** For `$now` / `$today` of workflows whose settings name no time zone. */
  readonly defaultTimezone: string;
}

/** The request as n8n's webhook method sees it: the input item its option expressions read as `$json`. */
export interface RequestJson extends JsonObject {
  readonly body: unknown;
  readonly headers: JsonObject;
  readonly params: Record<string, string>;
  readonly query: JsonObject;
}

/** Before its execution exists nothing of the workflow has run: `$('Node')` and the like find no data. */
const NOTHING_RAN: RunDataView = {
  getOutput: () => undefined,
  runCount: () => 0,
  nodeState: () => ({}),
  getSource: () => undefined,
  getInput: () => undefined,
};

/**
 * The webhook node's settings for one request. A node whose per-request parameters hold no expression (the
 * usual case) is returned as it is, at no cost; otherwise those parameters are evaluated with `request` as the
 * input item, as n8n does (`={{ $json.query.code }}` as response code, an allowlist from `$env`…), and the
 * settings are worked out again from the results. An expression that fails is a WEFT_E_EXPRESSION naming the
 * node and the parameter.
 *
 * @example
 * const hook = settingsForRequest(target.hook, target.workflow.definition, { body, headers, params, query }, expressions);
 */
export function settingsForRequest(hook: WebhookNodeSettings, workflow: WorkflowDocument, request: RequestJson, expressions: RequestExpressions): WebhookNodeSettings {
  if (!hook.requestExpressions) return hook;
  const scope: ExpressionScope = {
    node: hook.node,
    workflow,
    runIndex: 0,
    itemIndex: 0,
    inputs: [[{ json: request }]],
    source: [null],
    runData: NOTHING_RAN,
    // The execution is only created once the request is accepted.
    executionId: '',
    mode: 'webhook',
    timezone: workflow.settings?.timezone ?? expressions.defaultTimezone,
    now: Date.now(),
  };
  const resolve = (value: unknown, parameter: string): unknown => {
    try {
      return expressions.evaluator.resolve(value, scope, parameter);
    } catch (error) {
      if (!(error instanceof WeftError)) throw error;
      // The evaluator names the exact place (`options.responseHeaders.entries[0].value`) when it knows it.
      const where = typeof error.details['parameter'] === 'string' ? error.details['parameter'] : parameter;
      throw new WeftError(error.code, `The webhook node "${hook.node.name}" could not evaluate its parameter ${where}: ${error.message}`, { ...error.details, node: hook.node.name, parameter: where }, { cause: error });
    }
  };
  const parameters: NodeParameters = { ...hook.node.parameters };
  for (const name of REQUEST_PARAMETERS) {
    const value = parameters[name];
    if (value === undefined) continue;
    parameters[name] = name === 'options' && isRecord(value) ? resolveOptions(value, resolve) : resolve(value, name);
  }
  // The node itself stays the stored one: credentials and the name are read from it later.
  return { ...webhookNodeSettings({ ...hook.node, parameters }), node: hook.node };
}

function resolveOptions(options: Record<string, unknown>, resolve: (value: unknown, parameter: string) => unknown): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) resolved[name] = FIXED_OPTIONS.has(name) ? value : resolve(value, `options.${name}`);
  return resolved;
}
