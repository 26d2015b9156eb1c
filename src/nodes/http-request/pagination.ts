import { NodeExecutionError } from '../../core/errors/index.js';
import type { NodeContext } from '../../core/node-api/index.js';
import type { RequestSpec } from './request-spec.js';
import type { DecodedBody } from './response.js';
import type { InboundResponse } from './transport.js';

/** n8n's `options.pagination.pagination`. */
export interface PaginationOptions {
  paginationMode?: string;
  nextURL?: unknown;
  parameters?: { parameters?: { type?: string; name?: string; value?: unknown }[] };
  paginationCompleteWhen?: string;
  statusCodesWhenComplete?: unknown;
  completeExpression?: unknown;
  limitPagesFetched?: boolean;
  maxRequests?: number;
  requestInterval?: number;
}

/** One fetched page. */
export interface Page {
  response: InboundResponse;
  decoded: DecodedBody;
}

/** Fetches one page; `acceptStatuses` are statuses that end pagination instead of failing. */
export type FetchPage = (spec: RequestSpec, acceptStatuses: ReadonlySet<number>) => Promise<Page>;

// Without `limitPagesFetched` a paginating node still stops somewhere: a loop that never completes is a bug in
// the workflow, reported rather than run forever.
const HARD_PAGE_LIMIT = 10_000;

/** The pagination settings when pagination is on for this node, else undefined. Read raw: expressions use `$response`. */
export function paginationOf(ctx: NodeContext): PaginationOptions | undefined {
  const raw = ctx.getRawParameter<PaginationOptions | undefined>('options.pagination.pagination');
  if (raw === undefined || raw === null || typeof raw !== 'object') return undefined;
  const mode = raw.paginationMode ?? 'updateAParameterInEachRequest';
  return mode === 'off' ? undefined : { ...raw, paginationMode: mode };
}

/**
 * Requests pages until the completion condition holds, as n8n does: each next request either updates
 * parameters (`$response`, `$pageCount`, `$request` in expressions) or follows a next URL from the response.
 */
export async function fetchAllPages(ctx: NodeContext, first: RequestSpec, options: PaginationOptions, itemIndex: number, fetchPage: FetchPage): Promise<Page[]> {
  const completeWhen = options.paginationCompleteWhen ?? 'responseIsEmpty';
  const doneStatuses = new Set(
    completeWhen === 'receiveSpecificStatusCodes'
      ? String(options.statusCodesWhenComplete ?? '')
          .split(',')
          .map((code) => Number(code.trim()))
          .filter((code) => Number.isInteger(code))
      : [],
  );
  const maxRequests = options.limitPagesFetched === true ? Math.max(1, Number(options.maxRequests ?? 100)) : HARD_PAGE_LIMIT;
  const pages: Page[] = [];
  let spec = first;
  for (let pageCount = 0; ; ) {
    const page = await fetchPage(spec, doneStatuses);
    pageCount++;
    if (doneStatuses.has(page.response.statusCode)) break;
    pages.push(page);
    const keys = {
      $response: { body: page.decoded.kind === 'file' ? {} : page.decoded.value, headers: { ...page.response.headers }, statusCode: page.response.statusCode, statusMessage: page.response.statusMessage },
      $pageCount: pageCount,
      $request: { method: spec.method, url: spec.url, qs: { ...spec.query }, headers: { ...spec.headers }, body: spec.body.kind === 'json' ? spec.body.value : undefined },
    };
    if (completeWhen === 'responseIsEmpty' && isEmptyBody(page.decoded)) break;
    if (completeWhen === 'other' && Boolean(ctx.evaluate(options.completeExpression, itemIndex, keys))) break;
    if (pageCount >= maxRequests) {
      if (options.limitPagesFetched === true) break;
      throw new NodeExecutionError(ctx.node.name, `Pagination did not complete after ${HARD_PAGE_LIMIT} requests`, {
        description: 'Check the "Pagination Complete When" condition, or set "Limit Pages Fetched".',
        itemIndex,
      });
    }
    spec = nextSpec(ctx, spec, options, keys, itemIndex);
    const interval = Number(options.requestInterval ?? 0);
    if (interval > 0) await ctx.clock.sleep(interval, ctx.signal);
  }
  return pages;
}

function nextSpec(ctx: NodeContext, spec: RequestSpec, options: PaginationOptions, keys: Record<string, unknown>, itemIndex: number): RequestSpec {
  if (options.paginationMode === 'responseContainsNextURL') {
    const next = ctx.evaluate(options.nextURL, itemIndex, keys);
    if (typeof next !== 'string' || next === '') {
      throw new NodeExecutionError(ctx.node.name, 'The next URL of the pagination is empty', { description: 'The "Next URL" expression returned no URL.', itemIndex });
    }
    // The next URL carries its own query; the first request's query parameters would duplicate it.
    return { ...spec, url: new URL(next, spec.url).toString(), query: {} };
  }
  const updated: RequestSpec = { ...spec, query: { ...spec.query }, headers: { ...spec.headers } };
  for (const parameter of options.parameters?.parameters ?? []) {
    const name = String(parameter.name ?? '');
    if (name === '') continue;
    const value = ctx.evaluate(parameter.value, itemIndex, keys);
    if (parameter.type === 'headers') updated.headers[name.toLowerCase()] = String(value);
    else if (parameter.type === 'body') updated.body = withBodyField(ctx, updated, name, value, itemIndex);
    else updated.query[name] = String(value);
  }
  return updated;
}

function withBodyField(ctx: NodeContext, spec: RequestSpec, name: string, value: unknown, itemIndex: number): RequestSpec['body'] {
  const body = spec.body;
  if (body.kind === 'none') return { kind: 'json', value: { [name]: value } };
  if (body.kind === 'json') return { kind: 'json', value: { ...(typeof body.value === 'object' && body.value !== null ? body.value : {}), [name]: value } };
  if (body.kind === 'form') return { kind: 'form', fields: { ...body.fields, [name]: String(value) } };
  throw new NodeExecutionError(ctx.node.name, `Pagination cannot update the body parameter "${name}" of a ${body.kind} body`, { itemIndex });
}

function isEmptyBody(decoded: DecodedBody): boolean {
  if (decoded.kind === 'file') return decoded.binary.data === '';
  const value = decoded.value;
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
