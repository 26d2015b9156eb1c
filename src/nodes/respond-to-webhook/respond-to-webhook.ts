import { WeftError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec, WebhookResponse } from '../../core/node-api/index.js';

type RespondWith = 'json' | 'text' | 'allIncomingItems' | 'firstIncomingItem' | 'noData' | 'redirect';

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

/** The HTTP answer described by the node's parameters, for the items it received. */
export function buildResponse(ctx: NodeContext, items: readonly Item[]): WebhookResponse {
  const respondWith = ctx.getParameter<RespondWith>('respondWith', 0, 'firstIncomingItem');
  const status = Number(ctx.getParameter<unknown>('options.responseCode', 0, respondWith === 'redirect' ? 307 : 200));
  const headers: Record<string, string> = {};
  const entries = ctx.getParameter<{ entries?: { name?: string; value?: string }[] }>('options.responseHeaders', 0, {}).entries ?? [];
  for (const entry of entries) if (entry.name) headers[entry.name.toLowerCase()] = String(entry.value ?? '');
  const responseKey = ctx.getParameter<string>('options.responseKey', 0, '');
  const wrap = (value: unknown): unknown => (responseKey ? { [responseKey]: value } : value);

  switch (respondWith) {
    case 'json': {
      const raw = ctx.getParameter<unknown>('responseBody', 0, '{}');
      return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: typeof raw === 'string' ? parseJsonBody(raw, ctx) : raw };
    }
    case 'text':
      return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: String(ctx.getParameter<unknown>('responseBody', 0, '')) };
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

function parseJsonBody(raw: string, ctx: NodeContext): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', 'Respond to Webhook: the response body is not valid JSON', { node: ctx.node.name });
  }
}
