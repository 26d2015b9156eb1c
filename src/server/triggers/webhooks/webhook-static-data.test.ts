import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowNode } from '../../../core/model/types.js';
import { createActive, hookFlow, startWebhookHarness, TEST_API_KEY, type WebhookHarness } from './test-support.js';

const auth = { 'x-weft-api-key': TEST_API_KEY };

/** Counts calls in global static data and remembers the last caller in its node scope. */
const counter: WorkflowNode = {
  id: 'c',
  name: 'Count',
  type: 'n8n-nodes-base.code',
  typeVersion: 2,
  position: [200, 0],
  parameters: {
    jsCode: [
      'const global = $getWorkflowStaticData("global");',
      'const mine = $getWorkflowStaticData("node");',
      'global.calls = (global.calls ?? 0) + 1;',
      'const previous = mine.lastCaller ?? null;',
      'mine.lastCaller = $input.first().json.query.who ?? "nobody";',
      'return [{ json: { calls: global.calls, previous } }];',
    ].join('\n'),
  },
};

describe('workflow static data through the server', () => {
  let h: WebhookHarness;
  beforeEach(async () => {
    h = await startWebhookHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const call = async (who: string): Promise<unknown> => {
    const response = await h.app.inject({ method: 'GET', url: `/webhook/count?who=${who}` });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  it('keeps what production webhook executions store, and leaves it alone in manual runs', async () => {
    const id = await createActive(h.app, hookFlow({ path: 'count', httpMethod: 'GET', responseMode: 'lastNode' }, [counter]));

    expect(await call('ann')).toEqual({ calls: 1, previous: null });
    expect(await call('bob')).toEqual({ calls: 2, previous: 'ann' });
    expect(await call('cid')).toEqual({ calls: 3, previous: 'bob' });
    expect(await h.store.getStaticData(id)).toEqual({ global: { calls: 3 }, 'node:Count': { lastCaller: 'cid' } });

    // A manual (test) run: static data is not available when testing in n8n, and nothing it changes is kept.
    const manual = await h.app.inject({
      method: 'POST',
      url: `/api/v1/workflows/${id}/run?wait=true`,
      headers: auth,
      payload: { items: [{ json: { query: { who: 'tester' } } }] },
    });
    expect(manual.statusCode).toBe(200);
    const body = manual.json<{ mode: string; status: string; data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: unknown }>> } }>> } } }>();
    expect(body).toMatchObject({ mode: 'manual', status: 'success' });
    expect(body.data.resultData.runData['Count']?.[0]?.data.main[0]?.[0]?.json).toEqual({ calls: 1, previous: null });
    expect(await h.store.getStaticData(id)).toEqual({ global: { calls: 3 }, 'node:Count': { lastCaller: 'cid' } });

    expect(await call('dee')).toEqual({ calls: 4, previous: 'cid' });
  });
});
