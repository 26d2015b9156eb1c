/**
 * HTTP API benchmark (issue 6). Run with `npm run bench:api` or
 * `npm run build --silent && node --no-node-snapshot --max-semi-space-size=64 dist/bench/api/run.js [--connections 1000] [--duration 10] [--only a,a2,b,c,d] [--rate 5000]`.
 *
 * Starts Weft in this process (as `weft start` does: embedded SQLite in a temp folder, cache, engine, API, the
 * same V8 flags) on a free port, seeds workflows, executions and an API key, then drives it from a child process:
 * (a) GET a workflow by id, closed loop (autocannon: each connection sends its next request when the answer
 * arrives); (a2) the same GET open loop: `--rate` requests/s spread evenly over the same connections, latency
 * counted from when each request was due (see paced-load.ts); (b) list executions; (c) a mix of reads and writes
 * (get workflow, list executions, create workflow); (d) the webhook → Set → respond workflow n8n was measured on.
 * Prints req/s, p50, p99, errors and the server's CPU time per request (the figure that compares builds on a
 * noisy machine).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchWorkflow, startApiFixture } from './fixture.js';
import { CLIENT_NICENESS, runLoad, type LoadResult } from './load.js';

const GET_P99_TARGET_MS = 10;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const raw = at >= 0 ? process.argv[at + 1] : undefined;
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, got ${String(raw)}`);
  return value;
}

const connections = option('connections', 1000);
const durationSeconds = option('duration', 10);
/** Open-loop rate (requests/s over all connections) of the GET test (a2). */
const rate = option('rate', 5000);
const onlyAt = process.argv.indexOf('--only');
const only = new Set((onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '') : 'a,a2,b,c,d').split(','));
/** The webhook → Set → respond workflow n8n was measured on (../shared/bench-workflows). */
const webhookSetFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'bench-workflows', 'wf-a-webhook-set.json');

const fixture = await startApiFixture({ workflows: 20, runsPerWorkflow: 10 });
try {
  const [firstId] = fixture.workflowIds;
  const common = { url: fixture.url, apiKey: fixture.apiKey, connections, durationSeconds };
  const createBody = JSON.stringify({ ...benchWorkflow, name: 'created by the benchmark' });
  const results: LoadResult[] = [];
  if (only.has('a')) {
    results.push(await runLoad({ ...common, name: '(a) GET /api/v1/workflows/:id', requests: [{ method: 'GET', path: `/api/v1/workflows/${firstId!}` }] }));
  }
  if (only.has('a2')) {
    results.push(
      await runLoad({ ...common, name: `(a2) GET /api/v1/workflows/:id, open loop at ${rate.toLocaleString('en-US')} req/s`, rate, requests: [{ method: 'GET', path: `/api/v1/workflows/${firstId!}` }] }),
    );
  }
  if (only.has('b')) {
    results.push(await runLoad({ ...common, name: '(b) GET /api/v1/executions?limit=20', requests: [{ method: 'GET', path: '/api/v1/executions?limit=20' }] }));
  }
  if (only.has('c')) {
    results.push(
    await runLoad({
      ...common,
      name: '(c) mix: 2 × get workflow, list executions, create workflow',
      requests: [
        { method: 'GET', path: `/api/v1/workflows/${firstId!}` },
        { method: 'GET', path: '/api/v1/executions?limit=20' },
        { method: 'GET', path: `/api/v1/workflows/${fixture.workflowIds[1] ?? firstId!}` },
        { method: 'POST', path: '/api/v1/workflows', body: createBody },
      ],
    }),
  );
  }

  if (only.has('d')) {
    if (existsSync(webhookSetFile)) {
      // Saved like any workflow through the API, then activated, so its webhook is registered as in production.
      const headers = { 'content-type': 'application/json', 'x-weft-api-key': fixture.apiKey };
      const created = (await (await fetch(`${fixture.url}/api/v1/workflows`, { method: 'POST', headers, body: readFileSync(webhookSetFile, 'utf8') })).json()) as { id: string };
      const activated = await fetch(`${fixture.url}/api/v1/workflows/${created.id}/activate`, { method: 'POST', headers: { 'x-weft-api-key': fixture.apiKey } });
      if (!activated.ok) throw new Error(`could not activate wf-a-webhook-set.json: ${await activated.text()}`);
      results.push(
        await runLoad({
          ...common,
          name: '(d) webhook → Set → respond (lastNode), execution data saved (wf-a-webhook-set.json)',
          requests: [{ method: 'GET', path: '/webhook/bench-a' }],
        }),
      );
    } else {
      console.log(`(d) skipped: ${webhookSetFile} not found`);
    }
  }

  console.log(`\nWeft HTTP API, ${connections} connections, ${durationSeconds} s each, load from a child process (nice ${CLIENT_NICENESS}), embedded SQLite\n`);
  console.log('| test | req/s | p50 | p99 | p99.9 / max | requests | errors | non-2xx | server CPU per request | server loop delay p99 / max | client send lag p99 / max |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const tail = r.p999Ms !== undefined ? `${r.p999Ms} / ${r.maxMs ?? '?'} ms` : '—';
    const lag = r.clientSendLagP99Ms !== undefined ? `${r.clientSendLagP99Ms} / ${r.clientSendLagMaxMs ?? '?'} ms` : '—';
    console.log(
      `| ${r.name} | ${Math.round(r.requestsPerSecond).toLocaleString('en-US')} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${tail} | ${r.total.toLocaleString('en-US')} | ${r.errors} | ${r.non2xx} | ${r.serverCpuUsPerRequest} µs | ${r.serverLoopDelayP99Ms} / ${r.serverLoopDelayMaxMs} ms | ${lag} |`,
    );
  }
  const get = results.find((r) => r.name.startsWith('(a)'));
  // Closed loop, latency is connections ÷ throughput (Little's law): 1000 connections under 10 ms needs 100,000 req/s.
  if (get) console.log(`\nGET p99 ${get.p99Ms} ms closed loop at ${connections} connections (${Math.round(get.requestsPerSecond)} req/s; mean latency = connections ÷ req/s)`);
  const getOpen = results.find((r) => r.name.startsWith('(a2)'));
  if (getOpen) console.log(`GET p99 ${getOpen.p99Ms} ms open loop at ${rate} req/s over ${connections} connections (target < ${GET_P99_TARGET_MS} ms): ${getOpen.p99Ms < GET_P99_TARGET_MS ? 'met' : 'NOT met'}`);
  const webhook = results.find((r) => r.name.startsWith('(d)'));
  if (webhook) console.log(`webhook → Set → respond: ${Math.round(webhook.requestsPerSecond)} executions/s (target >= 3,000 on the embedded default)`);
} finally {
  await fixture.close();
}
