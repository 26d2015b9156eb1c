import { NodeExecutionError, errorMessage } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { NodeApiError, requestError, statusError } from './api-error.js';
import { authPatch, credentialTypeOf, type AuthPatch } from './auth.js';
import { encodeRequest } from './encode.js';
import { fetchAllPages, paginationOf, type Page } from './pagination.js';
import { readRequestSpec, type RequestSpec } from './request-spec.js';
import { withResilience } from './resilience.js';
import { decodeBody, responseItems, type ResponseOptions } from './response.js';
import { send } from './transport.js';

/** Default per-request timeout when `options.timeout` is not set (n8n's is 5 minutes too). */
const DEFAULT_TIMEOUT_MS = 300_000;

/**
 * HTTP Request (`n8n-nodes-base.httpRequest` v4–4.3): one request per input item (or one series of pages), the
 * response as items. Requests pass the outbound guard, retry with backoff on transient failures and go through
 * a per-host circuit breaker.
 *
 * @example
 * { "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "parameters": { "url": "https://api.example.com/users" } }
 */
export const httpRequest: NodeTypeSpec = {
  type: 'n8n-nodes-base.httpRequest',
  versions: [4, 4.1, 4.2, 4.3],
  displayName: 'HTTP Request',
  inputs: 1,
  outputs: 1,
  parameters: {
    method: 'options',
    url: 'string',
    authentication: 'options',
    genericAuthType: 'options',
    nodeCredentialType: 'options',
    sendQuery: 'boolean',
    specifyQuery: 'options',
    queryParameters: 'object',
    jsonQuery: 'any',
    sendHeaders: 'boolean',
    specifyHeaders: 'options',
    headerParameters: 'object',
    jsonHeaders: 'any',
    sendBody: 'boolean',
    contentType: 'options',
    specifyBody: 'options',
    bodyParameters: 'object',
    jsonBody: 'any',
    body: 'any',
    rawContentType: 'string',
    inputDataFieldName: 'string',
    options: 'object',
  },
  async execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const batchSize = Number(ctx.getParameter('options.batching.batch.batchSize', 0, -1));
    const batchInterval = Number(ctx.getParameter('options.batching.batch.batchInterval', 0, 0));
    const size = batchSize > 0 ? batchSize : Math.max(1, items.length);
    const results: Item[][] = [];
    for (let start = 0; start < items.length; start += size) {
      if (start > 0 && batchInterval > 0) await ctx.clock.sleep(batchInterval, ctx.signal);
      const batch = items.slice(start, start + size).map((item, offset) => runItemSafely(ctx, item, start + offset));
      results.push(...(await Promise.all(batch)));
    }
    return [results.flat()];
  },
};

async function runItemSafely(ctx: NodeContext, item: Item, itemIndex: number): Promise<Item[]> {
  try {
    return await runItem(ctx, item, itemIndex);
  } catch (error) {
    if (!ctx.continueOnFail || ctx.signal.aborted) throw error;
    const failure: Record<string, unknown> = { message: errorMessage(error) };
    if (error instanceof NodeExecutionError && error.description !== undefined) failure.description = error.description;
    if (error instanceof NodeApiError && error.httpCode !== undefined) failure.httpCode = error.httpCode;
    return [{ json: { error: failure }, pairedItem: { item: itemIndex } }];
  }
}

async function runItem(ctx: NodeContext, item: Item, itemIndex: number): Promise<Item[]> {
  const spec = readRequestSpec(ctx, item, itemIndex);
  const credentialType = credentialTypeOf(ctx, itemIndex);
  const auth: AuthPatch = credentialType ? await authPatch(ctx, credentialType, itemIndex) : { headers: {}, query: {} };
  const responseOptions: ResponseOptions = {
    format: responseFormat(ctx.getParameter<string>('options.response.response.responseFormat', itemIndex, 'autodetect')),
    fullResponse: ctx.getParameter<boolean>('options.response.response.fullResponse', itemIndex, false) === true,
    neverError: ctx.getParameter<boolean>('options.response.response.neverError', itemIndex, false) === true,
    outputPropertyName: String(ctx.getParameter('options.response.response.outputPropertyName', itemIndex, 'data')) || 'data',
  };
  const fetchPage = async (current: RequestSpec, acceptStatuses: ReadonlySet<number>): Promise<Page> => {
    const response = await perform(ctx, current, auth, itemIndex);
    const decoded = decodeBody(response, responseOptions, ctx.node.name, itemIndex);
    if (response.statusCode >= 400 && !responseOptions.neverError && !acceptStatuses.has(response.statusCode)) {
      throw statusError(ctx.node.name, response.statusCode, decoded.kind === 'file' ? '' : decoded.value, itemIndex);
    }
    return { response, decoded };
  };
  const pagination = paginationOf(ctx);
  const pages = pagination ? await fetchAllPages(ctx, spec, pagination, itemIndex, fetchPage) : [await fetchPage(spec, new Set())];
  return pages.flatMap((page) => responseItems(page.response, page.decoded, responseOptions, itemIndex));
}

function responseFormat(value: string): ResponseOptions['format'] {
  return value === 'json' || value === 'text' || value === 'file' ? value : 'autodetect';
}

async function perform(ctx: NodeContext, spec: RequestSpec, auth: AuthPatch, itemIndex: number): ReturnType<typeof send> {
  let encoded;
  try {
    encoded = encodeRequest(spec, auth);
  } catch (error) {
    throw new NodeExecutionError(ctx.node.name, `Invalid URL: ${spec.url}`, { description: 'The URL must be absolute and start with http:// or https://', itemIndex, cause: error });
  }
  const timeout = Number(ctx.getParameter('options.timeout', itemIndex, DEFAULT_TIMEOUT_MS));
  const followRedirects = ctx.getParameter<boolean>('options.redirect.redirect.followRedirects', itemIndex, true) !== false;
  const maxRedirects = Number(ctx.getParameter('options.redirect.redirect.maxRedirects', itemIndex, 21));
  const allowUnauthorizedCerts = ctx.getParameter<boolean>('options.allowUnauthorizedCerts', itemIndex, false) === true;
  const host = encoded.url.host;
  try {
    return await withResilience(host, ctx.signal, (signal) =>
      send({
        method: spec.method,
        url: encoded.url,
        headers: encoded.headers,
        ...(encoded.body === undefined ? {} : { body: encoded.body }),
        timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
        followRedirects,
        maxRedirects: Number.isFinite(maxRedirects) ? maxRedirects : 21,
        allowUnauthorizedCerts,
        signal,
        nodeName: ctx.node.name,
      }),
    );
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : error;
    throw requestError(ctx.node.name, error, itemIndex, host);
  }
}
