import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { httpRequest } from './http-request.js';
import { resetNetworkPolicy, startTestServer, useTestNetworkPolicy, type TestServer } from './test-server.test-util.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  resetNetworkPolicy();
});
beforeEach(() => useTestNetworkPolicy());

const pages: Record<string, { id: number }[]> = { '1': [{ id: 1 }, { id: 2 }], '2': [{ id: 3 }], '3': [] };

describe('HTTP Request: pagination', () => {
  it('updates a query parameter with $response/$pageCount until the response is empty', async () => {
    server.on((req) => ({ body: pages[req.url.searchParams.get('page') ?? '1'] ?? [] }));
    const [out] = await runNodeForTest(httpRequest, {
      parameters: {
        url: `${server.base}/items`,
        sendQuery: true,
        queryParameters: { parameters: [{ name: 'page', value: '1' }] },
        options: { pagination: { pagination: { parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] }, paginationCompleteWhen: 'responseIsEmpty', requestInterval: 5 } } },
      },
    });
    expect(jsonOf(out)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(server.received.map((req) => req.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it('follows a next URL from the response until an expression says it is complete', async () => {
    server.on((req) => {
      const page = Number(req.url.searchParams.get('p') ?? '1');
      return { body: { data: [page], next: page < 3 ? `/feed?p=${page + 1}` : null } };
    });
    const [out] = await runNodeForTest(httpRequest, {
      parameters: {
        url: `${server.base}/feed`,
        options: {
          pagination: {
            pagination: { paginationMode: 'responseContainsNextURL', nextURL: `=${server.base}{{ $response.body.next }}`, paginationCompleteWhen: 'other', completeExpression: '={{ !$response.body.next }}' },
          },
        },
      },
    });
    expect(jsonOf(out)).toEqual([1, 2, 3].map((page) => ({ data: [page], next: page < 3 ? `/feed?p=${page + 1}` : null })));
  });

  it('stops on a listed status code and at the page limit', async () => {
    server.on((req) => (req.url.searchParams.get('page') === '3' ? { status: 404, body: {} } : { body: { page: req.url.searchParams.get('page') } }));
    const pagination = (extra: Record<string, unknown>) => ({
      url: `${server.base}/s?page=1`,
      options: {
        pagination: { pagination: { parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] }, ...extra } },
      },
    });
    const [byStatus] = await runNodeForTest(httpRequest, { parameters: pagination({ paginationCompleteWhen: 'receiveSpecificStatusCodes', statusCodesWhenComplete: '404' }) });
    expect(jsonOf(byStatus)).toHaveLength(2);
    const [limited] = await runNodeForTest(httpRequest, { parameters: pagination({ paginationCompleteWhen: 'other', completeExpression: '={{ false }}', limitPagesFetched: true, maxRequests: 2 }) });
    expect(jsonOf(limited)).toHaveLength(2);
  });
});
