import lodash from 'lodash';
import { WeftError } from '../../../core/errors/index.js';
import type { Item } from '../../../core/model/types.js';
import type { ExecutionResult } from '../../../core/scheduler/index.js';
import type { WebhookAnswer } from './send-answer.js';
import type { WebhookNodeSettings } from './webhook-nodes.js';

/**
 * The `lastNode` answer as n8n gives it, from the last executed node's first output, with the node's response
 * code and `options.responseHeaders`:
 * - `firstEntryJson`: the first item's json, or only its `options.responsePropertyName` (a dotted path); with
 *   `options.responseContentType` sent with that type (a string as is, anything else as JSON text);
 * - `firstEntryBinary`: the first item's binary property `responseBinaryPropertyName` (default `data`) as a file
 *   with its mime type;
 * - `allEntries`: every item's json in an array; `noData`: an empty body.
 *
 * A failed execution answers 500 `{message: 'Error in workflow'}`; a missing item or file answers 500 with n8n's
 * message; a last node that never produced output answers n8n's "executed successfully" message.
 *
 * @example
 * return sendAnswer(reply, lastNodeAnswer(done.result, hook));
 */
export function lastNodeAnswer(result: ExecutionResult, hook: WebhookNodeSettings): WebhookAnswer {
  if (result.status !== 'success') return { status: 500, body: { message: 'Error in workflow' } };
  const { lastNodeExecuted, runData } = result.data.resultData;
  const runs = lastNodeExecuted !== undefined ? runData[lastNodeExecuted] : undefined;
  const status = hook.responseCode;
  const headers = hook.options.responseHeaders;
  const last = runs?.[runs.length - 1];
  if (!last) return { status, headers, body: { message: 'Workflow executed successfully but the last node did not return any data' } };
  const items: readonly Item[] = last.data.main[0] ?? [];
  const first = items[0];
  // The messages are n8n's, word for word: callers test for them.
  switch (hook.responseData) {
    case 'noData':
      return { status, headers, body: '' };
    case 'allEntries':
      return { status, headers, body: items.map((item) => item.json) };
    case 'firstEntryBinary': {
      if (!first) return failure('No item was found to return', lastNodeExecuted);
      if (!first.binary) return failure('No binary data was found to return', lastNodeExecuted);
      const property = hook.responseBinaryPropertyName;
      const file = first.binary[property];
      if (!file) return failure(`The binary property '${property}' which should be returned does not exist`, lastNodeExecuted);
      return { status, headers, body: '', binary: { data: file.data, mimeType: file.mimeType || 'application/octet-stream' } };
    }
    default: {
      if (!first) return failure('No item to return got found', lastNodeExecuted);
      const { responsePropertyName, responseContentType } = hook.options;
      const data: unknown = responsePropertyName !== undefined ? lodash.get(first.json, responsePropertyName) : first.json;
      if (responseContentType === undefined) return { status, headers, body: data };
      const text = typeof data === 'string' ? data : data === undefined ? '' : JSON.stringify(data);
      return { status, headers: { ...headers, 'content-type': responseContentType }, body: text };
    }
  }
}

/** A 500 answer in Weft's error shape: the workflow ran, but gave nothing the response settings can send. */
function failure(message: string, node: string | undefined): WebhookAnswer {
  const error = new WeftError('WEFT_E_NODE_FAILED', message, { lastNode: node ?? null });
  return { status: error.httpStatus, body: { code: error.code, message: error.message, details: { ...error.details } } };
}
