import type { Item } from '../../../core/model/types.js';
import type { ExecutionResult } from '../../../core/scheduler/index.js';
import type { WebhookNodeSettings } from './webhook-nodes.js';

/** An HTTP answer: status and body (an object is sent as JSON, a string as is). */
export interface WebhookAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * The `lastNode` answer as n8n gives it: the last executed node's first output item's json (`firstEntryJson`),
 * all its items' json (`allEntries`) or nothing (`noData`); a failed execution answers 500
 * `{message: 'Error in workflow'}`.
 */
export function lastNodeAnswer(result: ExecutionResult, hook: WebhookNodeSettings): WebhookAnswer {
  if (result.status !== 'success') return { status: 500, body: { message: 'Error in workflow' } };
  const { lastNodeExecuted, runData } = result.data.resultData;
  const runs = lastNodeExecuted !== undefined ? runData[lastNodeExecuted] : undefined;
  const items: readonly Item[] = runs?.[runs.length - 1]?.data.main[0] ?? [];
  switch (hook.responseData) {
    case 'noData':
      return { status: hook.responseCode, body: '' };
    case 'allEntries':
      return { status: hook.responseCode, body: items.map((item) => item.json) };
    default:
      return { status: hook.responseCode, body: items[0]?.json ?? {} };
  }
}
