import lodash from 'lodash';
import { WeftError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec, WebhookResponse } from '../../core/node-api/index.js';
import { responseFile } from './respond-binary.js';

type RespondWith = 'json' | 'text' | 'binary' | 'allIncomingItems' | 'firstIncomingItem' | 'noData' | 'redirect';

/**
 * Respond to Webhook: answers the HTTP request that started the execution (webhook `responseMode:
 * responseNode`) and passes its input on. The answer goes to `ctx.respond`; without a waiting caller (a manual
 * run, or a webhook in another response mode) the node only passes its input on, as n8n does.
 */
export const respondToWebhook: NodeTypeSpec = {
  type: 'n8n-nodes-base.respondToWebhook',
  versions: [1, 1.1],
  displayName: 'Respond to Webhook',
  inputs: 1,
  outputs: 1,
  execute: (ctx, inputs) => {
    const items = [...(inputs[0] ?? [])];
    ctx.respond?.(buildResponse(ctx, items));
    return [items];
  },
};

/**
 * The HTTP answer described by the node's parameters, for the items it received: `respondWith` json, text,
 * binary (a file of the first item, sent with its mime type unless a Content-Type header is set),
 * firstIncomingItem / allIncomingItems (under `options.responseKey`, a dotted path, when set), redirect
 * (307 unless `options.responseCode` says otherwise) or noData; `options.responseHeaders` are added. A file
 * travels as base64 (`binary`), so the answer stays JSON on its way to the process holding the request.
 *
 * @example
 * ctx.respond?.(buildResponse(ctx, items));
 */
export function buildResponse(ctx: NodeContext, items: readonly Item[]): WebhookResponse {
  const respondWith = ctx.getParameter<RespondWith>('respondWith', 0, 'firstIncomingItem');
  const status = responseCode(ctx, respondWith === 'redirect' ? 307 : 200);
  const headers: Record<string, string> = {};
  const entries = ctx.getParameter<{ entries?: { name?: string; value?: string }[] }>('options.responseHeaders', 0, {}).entries ?? [];
  for (const entry of entries) if (entry.name) headers[entry.name.toLowerCase()] = String(entry.value ?? '');
  const responseKey = ctx.getParameter<string>('options.responseKey', 0, '');
  const wrap = (value: unknown): unknown => (responseKey ? lodash.set({}, responseKey, value) : value);

  switch (respondWith) {
    case 'json': {
      const raw = ctx.getParameter<unknown>('responseBody', 0, '{}');
      return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: typeof raw === 'string' ? parseJsonBody(raw, ctx) : raw };
    }
    case 'text':
      return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: String(ctx.getParameter<unknown>('responseBody', 0, '')) };
    case 'binary': {
      const file = responseFile(ctx, items);
      const mimeType = file.mimeType || 'application/octet-stream';
      return { status, headers: { 'content-type': mimeType, ...headers }, body: '', binary: { data: file.data, mimeType } };
    }
    case 'allIncomingItems':
      return { status, headers, body: wrap(items.map((item) => item.json)) };
    case 'noData':
      return { status, headers, body: '' };
    case 'redirect':
      return { status, headers: { ...headers, location: String(ctx.getParameter<unknown>('redirectURL', 0, '')) }, body: '' };
    case 'firstIncomingItem':
      return { status, headers, body: wrap(items[0]?.json ?? {}) };
    default:
      throw new WeftError('WEFT_E_INVALID_ARGUMENT', `Respond to Webhook cannot respond with "${String(respondWith)}"`, { node: ctx.node.name });
  }
}

/** `options.responseCode` when it is an HTTP status (100–599), else `fallback`. */
function responseCode(ctx: NodeContext, fallback: number): number {
  const code = Number(ctx.getParameter<unknown>('options.responseCode', 0, fallback));
  if (Number.isInteger(code) && code >= 100 && code < 600) return code;
  throw new WeftError('WEFT_E_INVALID_ARGUMENT', `Respond to Webhook: the response code "${String(ctx.getParameter<unknown>('options.responseCode', 0))}" is not an HTTP status (100-599)`, { node: ctx.node.name });
}

function parseJsonBody(raw: string, ctx: NodeContext): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', 'Respond to Webhook: the response body is not valid JSON', { node: ctx.node.name });
  }
}
