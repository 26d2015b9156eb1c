/**
 * Fault tests of queue mode with real processes and the real RabbitMQ and PostgreSQL (`npm run test:faults`,
 * also run by `.ci/run`). They restart the shared RabbitMQ, so they run on their own, one file at a time.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import amqp from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTopology } from '../../src/adapters/rabbitmq-queue/test-support.js';
import { createTestDatabase, postgresAvailable } from '../../src/testing/postgres.js';
import { ensureFreshBuild, spawnWeft, type WeftProcess } from '../../src/testing/weft-process.js';
import { countedChain, eventually, startCallCounter, tcpForwarder, withPg, type CallCounter } from './fault-support.js';

const brokerUrl = 'amqp://guest:guest@127.0.0.1:5672';

async function brokerAvailable(): Promise<boolean> {
  try {
    const connection = await amqp.connect(brokerUrl);
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

const services = (await postgresAvailable()) && (await brokerAvailable());
if (!services) console.warn('queue fault tests skipped: PostgreSQL on 127.0.0.1:5432 and RabbitMQ on 127.0.0.1:5672 must both be running');

/** One queue-mode deployment: a fresh database, its own RabbitMQ prefix, a shared data folder. */
interface Deployment {
  readonly env: Record<string, string>;
  readonly databaseUrl: string;
  readonly processes: WeftProcess[];
  spawn(args: string[], extraEnv?: Record<string, string>): Promise<WeftProcess>;
  api(process: WeftProcess, apiKey: string): Api;
  teardown(): Promise<void>;
}

interface Api {
  createWorkflow(definition: Record<string, unknown>): Promise<string>;
  run(workflowId: string, items?: unknown[]): Promise<{ status: number; executionId?: string }>;
  execution(id: string): Promise<{ status: string; data?: { resultData?: { runData?: Record<string, unknown[]> } } }>;
}

async function deployment(name: string): Promise<Deployment> {
  const database = await createTestDatabase(`weft_faults_${name}`);
  const dataDir = mkdtempSync(join(tmpdir(), `weft-faults-${name}-`));
  const prefix = `weft-faults-${name}-${randomBytes(4).toString('hex')}`;
  const env = {
    HOME: dataDir,
    WEFT_DATA_DIR: dataDir,
    WEFT_DATABASE_URL: database.url,
    WEFT_QUEUE_URL: brokerUrl,
    WEFT_QUEUE_PREFIX: prefix,
    WEFT_PORT: '0',
    WEFT_LOG_LEVEL: 'warn',
    WEFT_HTTP_ALLOW_PRIVATE: 'true',
    WEFT_SHUTDOWN_TIMEOUT_MS: '2000',
  };
  const processes: WeftProcess[] = [];
  return {
    env,
    databaseUrl: database.url,
    processes,
    async spawn(args, extraEnv = {}) {
      const started = await spawnWeft(args, { ...env, ...extraEnv });
      processes.push(started);
      return started;
    },
    api(process, apiKey) {
      const headers = { 'x-weft-api-key': apiKey, 'content-type': 'application/json' };
      return {
        async createWorkflow(definition) {
          const response = await fetch(`${process.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(definition) });
          if (!response.ok) throw new Error(`create workflow: ${response.status} ${await response.text()}`);
          return ((await response.json()) as { id: string }).id;
        },
        async run(workflowId, items) {
          try {
            const request = JSON.stringify(items ? { items } : {});
            const response = await fetch(`${process.url}/api/v1/workflows/${workflowId}/run`, { method: 'POST', headers, body: request });
            const body = (await response.json()) as { executionId?: string };
            return { status: response.status, ...(body.executionId !== undefined ? { executionId: body.executionId } : {}) };
          } catch {
            return { status: 0 };
          }
        },
        async execution(id) {
          const response = await fetch(`${process.url}/api/v1/executions/${id}?includeData=true`, { headers });
          return (await response.json()) as { status: string };
        },
      };
    },
    async teardown() {
      await Promise.all(processes.map((started) => started.kill9()));
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
      await removeTopology(prefix, ['executions.0']).catch(() => undefined);
    },
  };
}

async function statuses(databaseUrl: string, ids: readonly string[]): Promise<Map<string, { status: string; worker: string | null; attempt: number }>> {
  return withPg(databaseUrl, async (client) => {
    const result = await client.query<{ id: string; status: string; worker: string | null; attempt: number }>('select id, status, worker, attempt from executions where id = any($1)', [ids]);
    return new Map(result.rows.map((row) => [row.id, row]));
  });
}

beforeAll(() => ensureFreshBuild(), 300_000);

describe.skipIf(!services)('queue mode under faults (real processes, RabbitMQ, PostgreSQL)', () => {
  let counter: CallCounter;
  let current: Deployment | undefined;
  beforeAll(async () => {
    counter = await startCallCounter();
  });
  afterAll(async () => {
    await counter.close();
  });
  afterEach(async () => {
    await current?.teardown();
    current = undefined;
  });

  it('kill -9 of an engine mid-run: every execution completes on the other engine, no finished node runs again', async () => {
    const deploy = (current = await deployment('kill'));
    const orchestrator = await deploy.spawn(['orchestrator']);
    const api = deploy.api(orchestrator, orchestrator.apiKey!);
    const doomed = await deploy.spawn(['engine', '--concurrency', '20']);
    const survivor = await deploy.spawn(['engine', '--concurrency', '20']);
    const workflowId = await api.createWorkflow(countedChain(counter.url, 0.5));
    const ids: string[] = [];
    for (let index = 0; index < 30; index++) {
      const run = await api.run(workflowId);
      expect(run.status).toBe(202);
      ids.push(run.executionId!);
    }
    const doomedWorker = `:${doomed.child.pid}`;
    await eventually(async () => [...(await statuses(deploy.databaseUrl, ids)).values()].filter((row) => row.status === 'running' && row.worker?.endsWith(doomedWorker)).length >= 3, 'the doomed engine to be running executions', 20_000);
    await doomed.kill9();

    await eventually(async () => [...(await statuses(deploy.databaseUrl, ids)).values()].every((row) => row.status === 'success'), 'every execution to succeed', 90_000, 250);
    const rows = await statuses(deploy.databaseUrl, ids);
    const resumed = ids.filter((id) => (rows.get(id)?.attempt ?? 0) >= 3 && rows.get(id)?.worker?.endsWith(`:${survivor.child.pid}`));
    expect(resumed.length).toBeGreaterThan(0);
    let replayedAFinishedNode = false;
    for (const id of ids) {
      const calls = ['A', 'B', 'C'].map((node) => counter.calls.get(`${id}|${node}`) ?? 0);
      // Each node ran; only the node in flight at the kill may have run twice (at-least-once), never a finished one.
      for (const count of calls) expect(count).toBeGreaterThanOrEqual(1);
      expect(calls.reduce((sum, count) => sum + (count - 1), 0)).toBeLessThanOrEqual(1);
      const execution = await api.execution(id);
      for (const node of ['Start', 'A', 'W1', 'B', 'W2', 'C']) expect(execution.data?.resultData?.runData?.[node]).toHaveLength(1);
      if (resumed.includes(id) && calls[0] === 1) replayedAFinishedNode = true;
    }
    // At least one taken-over execution had finished A before the kill and did not call it again.
    expect(replayedAFinishedNode).toBe(true);
  }, 180_000);

  it('RabbitMQ restarted under load: no accepted execution is lost', async () => {
    const deploy = (current = await deployment('restart'));
    const orchestrator = await deploy.spawn(['orchestrator'], { WEFT_QUEUE_PUBLISH_TIMEOUT_MS: '4000' });
    const api = deploy.api(orchestrator, orchestrator.apiKey!);
    await deploy.spawn(['engine', '--concurrency', '20']);
    const workflowId = await api.createWorkflow({
      name: 'quick',
      nodes: [
        { id: 's', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'a', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { assignments: { assignments: [{ id: '1', name: 'x', value: 1, type: 'number' }] } } },
      ],
      connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
    });
    const accepted: string[] = [];
    const refused: number[] = [];
    let loading = true;
    const load = (async () => {
      const clients = Array.from({ length: 4 }, async () => {
        while (loading) {
          const run = await api.run(workflowId);
          if (run.status === 202 && run.executionId) accepted.push(run.executionId);
          else refused.push(run.status);
          await sleep(20);
        }
      });
      await Promise.all(clients);
    })();
    try {
      await sleep(2_000);
      execFileSync('rabbitmqctl', ['stop_app'], { stdio: 'ignore', timeout: 60_000 });
      await sleep(2_000);
    } finally {
      execFileSync('rabbitmqctl', ['start_app'], { stdio: 'ignore', timeout: 120_000 });
    }
    await sleep(4_000);
    loading = false;
    await load;
    expect(accepted.length).toBeGreaterThan(50);
    // The outage really happened, and both processes noticed it.
    for (const started of deploy.processes) expect(started.stderr()).toContain('lost the connection to RabbitMQ');
    await eventually(async () => [...(await statuses(deploy.databaseUrl, accepted)).values()].filter((row) => row.status === 'success').length === accepted.length, `all ${accepted.length} accepted executions to succeed`, 90_000, 250);
    // What was refused during the outage was answered as such (503), not silently dropped.
    for (const status of refused) expect([503, 0]).toContain(status);
  }, 240_000);

  it('a poison job is dead-lettered after N deliveries and its execution fails with the reason', async () => {
    const deploy = (current = await deployment('poison'));
    const orchestrator = await deploy.spawn(['orchestrator']);
    const api = deploy.api(orchestrator, orchestrator.apiKey!);
    const workflowId = await api.createWorkflow(countedChain(counter.url, 0));
    // An input too large to travel in the job, so engines read it from the store.
    const run = await api.run(workflowId, [{ json: { pad: 'x'.repeat(20_000) } }]);
    expect(run.status).toBe(202);
    // Damage its stored input before any engine runs it: every delivery fails reading it.
    await withPg(deploy.databaseUrl, (client) => client.query('update execution_data set input = $1 where id = $2', [Buffer.from('not brotli'), run.executionId]));
    await deploy.spawn(['engine'], { WEFT_QUEUE_MAX_DELIVERIES: '3' });
    await eventually(async () => (await statuses(deploy.databaseUrl, [run.executionId!])).get(run.executionId!)?.status === 'error', 'the poisoned execution to be marked failed', 60_000, 200);
    const message = await withPg(deploy.databaseUrl, async (client) => (await client.query<{ error_message: string }>('select error_message from executions where id = $1', [run.executionId])).rows[0]?.error_message);
    expect(message).toMatch(/dead-lettered after 3 deliveries/);
    expect(counter.calls.has(`${run.executionId!}|A`)).toBe(false);
  }, 120_000);

  it('the broker down at start is a clear error and a retry, not a crash', async () => {
    const deploy = (current = await deployment('down'));
    const forwarder = await tcpForwarder(5672);
    try {
      const starting = deploy.spawn(['engine'], { WEFT_QUEUE_URL: `amqp://guest:guest@127.0.0.1:${forwarder.port}` });
      let exited = false;
      starting.catch(() => (exited = true));
      await sleep(3_000);
      // Still alive and waiting for the broker (spawn rejects when the process exits).
      expect(exited).toBe(false);
      expect(deploy.processes).toHaveLength(0);
      await forwarder.open();
      const started = await starting;
      expect(started.stderr()).toMatch(/RabbitMQ is not reachable/);
      expect(started.stderr()).not.toMatch(/^\s+at /m);
      expect(await started.stop()).toBe(0);
    } finally {
      await forwarder.close();
    }
  }, 120_000);
});

describe('embedded default under faults (real process)', () => {
  it('kill -9 of `weft start` mid-run: after a restart every accepted execution completes, finished nodes are not run again', async () => {
    const counter = await startCallCounter();
    const dataDir = mkdtempSync(join(tmpdir(), 'weft-faults-embedded-'));
    const env = { HOME: dataDir, WEFT_DATA_DIR: dataDir, WEFT_PORT: '0', WEFT_LOG_LEVEL: 'warn', WEFT_HTTP_ALLOW_PRIVATE: 'true', WEFT_QUEUE_LEASE_MS: '1000' };
    let weft: WeftProcess | undefined;
    try {
      weft = await spawnWeft(['start'], env);
      const apiKey = weft.apiKey!;
      const headers = { 'x-weft-api-key': apiKey, 'content-type': 'application/json' };
      const created = await fetch(`${weft.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(countedChain(counter.url, 0.5)) });
      const workflowId = ((await created.json()) as { id: string }).id;
      const ids: string[] = [];
      for (let index = 0; index < 5; index++) {
        const run = await fetch(`${weft.url}/api/v1/workflows/${workflowId}/run`, { method: 'POST', headers, body: '{}' });
        expect(run.status).toBe(202);
        ids.push(((await run.json()) as { executionId: string }).executionId);
      }
      // One caller waits for its result: that execution runs directly in the process (no queue job).
      const awaited = fetch(`${weft.url}/api/v1/workflows/${workflowId}/run?wait=true`, { method: 'POST', headers, body: '{}' }).catch(() => undefined);
      await eventually(() => ids.some((id) => counter.calls.has(`${id}|A`)) && [...counter.calls.keys()].some((key) => !ids.some((id) => key.startsWith(`${id}|`))), 'the first nodes to run', 20_000, 20);
      await weft.kill9();
      await awaited;
      weft = await spawnWeft(['start'], env);
      const restarted = weft;
      const status = async (id: string): Promise<string> => ((await (await fetch(`${restarted.url}/api/v1/executions/${id}`, { headers })).json()) as { status: string }).status;
      const directId = [...counter.calls.keys()].map((key) => key.split('|')[0]!).find((id) => !ids.includes(id));
      expect(directId).toBeDefined();
      ids.push(directId!);
      await eventually(async () => (await Promise.all(ids.map(status))).every((value) => value === 'success'), 'every execution (the awaited one too) to succeed after the restart', 60_000, 200);
      for (const id of ids) {
        const calls = ['A', 'B', 'C'].map((node) => counter.calls.get(`${id}|${node}`) ?? 0);
        for (const count of calls) expect(count).toBeGreaterThanOrEqual(1);
        expect(calls.reduce((sum, count) => sum + (count - 1), 0)).toBeLessThanOrEqual(1);
      }
    } finally {
      await weft?.kill9();
      await counter.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
